"""Every change to staff goes through these functions: atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
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
    profile.department = department
    if position is not None:
        profile.position = position
    profile.save(update_fields=["department", "position", "updated_at"])
    assignment = DepartmentAssignment.objects.create(
        staff=profile, department=department, position=profile.position, start_date=effective_date
    )
    record_event(
        "staff.moved",
        actor=actor,
        organisation=profile.organisation,
        target=profile,
        data={
            "from": previous_department.path if previous_department else None,
            "to": department.path,
            "effective_date": effective_date.isoformat(),
        },
    )
    return assignment
