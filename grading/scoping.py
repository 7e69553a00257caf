"""Which exercises a trainer sees and edits, and whose work: one place for grading's scoping.

Learners' data always goes through ``lms.people.scoping.scope_to_organisation`` (a trainer sees only
their own municipality's learners). Exercises: a municipal trainer sees their municipality's and the
shared ones, and edits only their municipality's; a trainer without a municipality (the platform's)
sees and edits only shared ones; platform admins (``has_role``, superusers included) see and edit all.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from grading.models import Exercise, Purpose, Submission
from lms.people.roles import Role, has_role
from lms.people.scoping import organisation_of, scope_to_organisation

TRAINER_ROLES = (Role.TRAINER, Role.LEAD_TRAINER, Role.PLATFORM_ADMIN)


def is_trainer(user: object) -> bool:
    return any(has_role(user, r) for r in TRAINER_ROLES)


def exercises_for(user: object) -> QuerySet[Exercise]:
    if not is_trainer(user):
        return Exercise.objects.none()
    if has_role(user, Role.PLATFORM_ADMIN):
        return Exercise.objects.all()
    organisation = organisation_of(user)
    if organisation is None:
        return Exercise.objects.filter(organisation__isnull=True)
    return Exercise.objects.filter(Q(organisation=organisation) | Q(organisation__isnull=True))


def can_edit(user: object, exercise: Exercise) -> bool:
    if not is_trainer(user):
        return False
    if has_role(user, Role.PLATFORM_ADMIN):
        return True
    return exercise.organisation_id == getattr(organisation_of(user), "pk", None)


def submissions_for(user: object, exercise: Exercise) -> QuerySet[Submission]:
    """The exercise's (graded, not practice) submissions by the trainer's own learners."""
    queryset = Submission.objects.filter(exercise=exercise, purpose=Purpose.SUBMISSION)
    return scope_to_organisation(queryset, user)
