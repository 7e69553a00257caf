"""Every change to staff goes through these functions: atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit import record_event
from lms.organisations.models import Department, Organisation

from .models import DepartmentAssignment, StaffProfile
from .roles import role_group


@transaction.atomic
def create_staff(
    *,
    organisation: Organisation,
    employee_number: str,
    family_name: str,
    given_name: str,
    username: str,
    email: str = "",
    department: Department | None = None,
    roles: tuple[str, ...] = ("learner",),
    password: str | None = None,
    actor: Any = None,
    start_date: dt.date | None = None,
    **fields: Any,
) -> StaffProfile:
    """A user account and its staff profile, with the first department assignment opened."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(
            _("The login name %(username)s is already taken.") % {"username": username}
        )
    user = user_model(username=username, email=email, first_name=given_name, last_name=family_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.add(*(role_group(role) for role in roles))
    profile = StaffProfile(
        user=user,
        organisation=organisation,
        department=department,
        employee_number=employee_number,
        family_name=family_name,
        given_name=given_name,
        **fields,
    )
    profile.full_clean()
    profile.save()
    if department is not None:
        DepartmentAssignment.objects.create(
            staff=profile,
            department=department,
            position=profile.position,
            start_date=start_date or timezone.localdate(),
        )
    record_event("staff.created", actor=actor, organisation=organisation, target=profile)
    return profile


@transaction.atomic
def move_staff(
    profile: StaffProfile,
    department: Department,
    *,
    effective_date: dt.date | None = None,
    position: str | None = None,
    actor: Any = None,
) -> DepartmentAssignment:
    """A transfer: the open assignment ends the day before, a new one starts; history is kept."""
    if department.organisation_id != profile.organisation_id:
        raise ValidationError(_("The department belongs to another organisation."))
    effective_date = effective_date or timezone.localdate()
    profile = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    current = profile.assignments.filter(end_date__isnull=True).first()
    if current is not None:
        if current.department_id == department.pk and (
            position is None or position == current.position
        ):
            return current
        if effective_date <= current.start_date:
            raise ValidationError(
                _("A transfer must start after the current assignment began (%(date)s).")
                % {"date": current.start_date.isoformat()}
            )
        current.end_date = effective_date - dt.timedelta(days=1)
        current.save(update_fields=["end_date"])
    previous_department = profile.department
    assignment = DepartmentAssignment.objects.create(
        staff=profile,
        department=department,
        position=profile.position if position is None else position,
        start_date=effective_date,
    )
    # A transfer entered ahead of its date (the April transfers are announced in March) takes effect
    # on that date, through apply_due_transfers; until then the person stays where they are.
    scheduled = effective_date > timezone.localdate()
    if not scheduled:
        _take_up(profile, assignment)
    record_event(
        "staff.moved",
        actor=actor,
        organisation=profile.organisation,
        target=profile,
        data={
            "from": previous_department.path if previous_department else None,
            "to": department.path,
            "effective_date": effective_date.isoformat(),
            "scheduled": scheduled,
        },
    )
    return assignment


def _take_up(profile: StaffProfile, assignment: DepartmentAssignment) -> None:
    profile.department_id = assignment.department_id
    profile.position = assignment.position
    profile.save(update_fields=["department", "position", "updated_at"])


def apply_due_transfers(today: dt.date | None = None) -> int:
    """Moves everyone whose open assignment has begun into its department; returns how many moved.

    Run daily (Celery beat) and safe to run any number of times.
    """
    today = today or timezone.localdate()
    due = (
        DepartmentAssignment.objects.filter(end_date__isnull=True, start_date__lte=today)
        .exclude(staff__department_id=models.F("department_id"))
        .select_related("staff")
    )
    moved = 0
    for assignment in due:
        with transaction.atomic():
            _take_up(assignment.staff, assignment)
        moved += 1
    return moved
