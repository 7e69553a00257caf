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
    """A transfer: the open assignment ends the day before, a new one starts; history is kept.

    A transfer entered ahead that has not begun yet, given again for the same date with another
    department or position (a corrected March list), is replaced: the correction is the later word on
    the same move, so the entered one is removed and the assignment before it reopened. A transfer dated
    after an entered one follows it (both take effect, each on its date).
    """
    if department.organisation_id != profile.organisation_id:
        raise ValidationError(_("The department belongs to another organisation."))
    today = timezone.localdate()
    effective_date = effective_date or today
    profile = StaffProfile.objects.select_for_update().get(pk=profile.pk)

    def unchanged(assignment: DepartmentAssignment | None) -> bool:
        return (
            assignment is not None
            and assignment.department_id == department.pk
            and position in (None, assignment.position)
        )

    current = profile.assignments.filter(end_date__isnull=True).first()
    if unchanged(current):
        return current
    first_replaced = False
    if current is not None and current.start_date > today and effective_date == current.start_date:
        current, first_replaced = _cancel_scheduled(profile, current, actor=actor)
        if unchanged(current):
            return current  # the correction keeps them where they are: nothing to enter
    if current is not None:
        if effective_date <= current.start_date:
            raise ValidationError(
                _("A transfer must start after the current assignment began (%(date)s).")
                % {"date": current.start_date.isoformat()}
            )
        current.end_date = effective_date - dt.timedelta(days=1)
        current.save(update_fields=["end_date"])
    previous_department = current.department if current is not None else profile.department
    assignment = DepartmentAssignment.objects.create(
        staff=profile,
        department=department,
        position=profile.position if position is None else position,
        start_date=effective_date,
    )
    # A transfer entered ahead of its date (the April transfers are announced in March) takes effect
    # on that date, through apply_due_transfers; until then the person stays where they are.
    # A newcomer whose only (first) assignment was replaced has no other department to stay in.
    scheduled = effective_date > today
    if not scheduled or first_replaced:
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


def _cancel_scheduled(
    profile: StaffProfile, scheduled: DepartmentAssignment, *, actor: Any
) -> tuple[DepartmentAssignment | None, bool]:
    """Removes a transfer entered ahead and reopens the assignment it would have ended.

    Returns (the reopened assignment or None, whether the removed one was the person's first).
    """
    previous = profile.assignments.exclude(pk=scheduled.pk).order_by("-start_date", "-pk").first()
    record_event(
        "staff.transfer_replaced",
        actor=actor,
        organisation=profile.organisation,
        target=profile,
        data={
            "department": scheduled.department.path,
            "position": scheduled.position,
            "effective_date": scheduled.start_date.isoformat(),
        },
    )
    scheduled.delete()
    if previous is None:
        return None, True
    if previous.end_date == scheduled.start_date - dt.timedelta(days=1):
        previous.end_date = None
        previous.save(update_fields=["end_date"])
        return previous, False
    return None, False  # the person had no assignment right before it: nothing to reopen


def _take_up(profile: StaffProfile, assignment: DepartmentAssignment) -> None:
    profile.department_id = assignment.department_id
    profile.position = assignment.position
    profile.save(update_fields=["department", "position", "updated_at"])


def apply_due_transfers(today: dt.date | None = None) -> int:
    """Moves everyone into the department of the assignment that covers today; returns how many moved.

    Not only the open one: of two transfers entered ahead (1 April, then 15 April) the first is
    closed the day before the second, yet covers the days in between. Run daily (Celery beat) and
    safe to run any number of times.
    """
    today = today or timezone.localdate()
    due = (
        DepartmentAssignment.objects.filter(start_date__lte=today)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
        .exclude(staff__department_id=models.F("department_id"))
        .select_related("staff")
    )
    moved = 0
    for assignment in due:
        with transaction.atomic():
            _take_up(assignment.staff, assignment)
        moved += 1
    return moved
