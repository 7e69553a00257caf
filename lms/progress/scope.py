"""Who must take an assigned training: the one rule, in both directions.

A member of staff is in scope of an assignment when all of these hold:
  * they belong to the assignment's organisation and are active;
  * the assignment names no tier, or their tier;
  * the assignment names no department, or their department is that department or one below it.

``staff_in_scope`` (or its filter, ``in_scope``) answers "who must take this?" (HR), ``assignments_for``
answers "what must I take?" (My learning). Both express the rule above; ``tests/progress/test_scope.py`` checks that they agree.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lms.organisations.models import PATH_SEPARATOR
from lms.people.models import StaffProfile

from .models import TrainingAssignment


def staff_in_scope(assignment: TrainingAssignment) -> QuerySet[StaffProfile]:
    return StaffProfile.objects.filter(in_scope(assignment))


def in_scope(assignment: TrainingAssignment) -> Q:
    """``staff_in_scope`` as a filter on ``StaffProfile``: e.g. one count per assignment in a single
    query over an organisation's staff."""
    condition = Q(organisation_id=assignment.organisation_id, is_active=True)
    if assignment.tier:
        condition &= Q(tier=assignment.tier)
    if assignment.department_id:
        department = assignment.department
        condition &= Q(department_id=department.pk) | Q(
            department__organisation_id=department.organisation_id,
            department__path__startswith=department.path + PATH_SEPARATOR,
        )
    return condition


def assignments_for(profile: StaffProfile | None) -> QuerySet[TrainingAssignment]:
    if profile is None or not profile.is_active:
        return TrainingAssignment.objects.none()
    assignments = TrainingAssignment.objects.filter(organisation_id=profile.organisation_id).filter(
        Q(tier="") | Q(tier=profile.tier)
    )
    if profile.department_id:
        path = profile.department.path
        parts = path.split(PATH_SEPARATOR)
        ancestor_paths = [PATH_SEPARATOR.join(parts[:n]) for n in range(1, len(parts) + 1)]
        assignments = assignments.filter(
            Q(department__isnull=True) | Q(department__path__in=ancestor_paths)
        )
    else:
        assignments = assignments.filter(department__isnull=True)
    return assignments
