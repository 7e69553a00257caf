"""Applies a checked roster in one transaction: creates, updates, transfers (history kept), deactivations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit import record_event
from lms.organisations.models import Department
from lms.people.models import StaffProfile
from lms.people.services import create_staff, move_staff

from ..models import ImportState, RosterImport
from .checking import PROFILE_FIELDS, Plan, check, username_for


@dataclass(frozen=True)
class Outcome:
    created: int
    updated: int
    transferred: int
    unchanged: int
    deactivated: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def plan_for(roster_import: RosterImport, actor: object = None) -> Plan:
    return check(
        roster_import.organisation,
        roster_import.rows,
        effective_date=roster_import.effective_date,
        actor=actor,
    )


@transaction.atomic
def apply(roster_import: RosterImport, *, deactivate_missing: bool, actor) -> Outcome:
    """All or nothing. Raises ValidationError (nothing written) if the file still has errors."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.state != ImportState.PREVIEWED:
        raise ValidationError(_("This import has already been applied or discarded."))
    plan = plan_for(roster_import, actor)
    if plan.errors:
        raise ValidationError(
            _("The file has %(count)s errors; correct them and upload it again.")
            % {"count": len(plan.errors)}
        )
    organisation = roster_import.organisation
    departments = {d.pk: d for d in Department.objects.filter(organisation=organisation)}
    profiles = StaffProfile.objects.select_related("user").in_bulk(
        [row.staff_id for row in plan.rows if row.staff_id]
    )
    created = updated = transferred = deactivated = 0
    for row in plan.rows:
        department = departments.get(row.department_id) if row.department_id else None
        if row.action == "create":
            _create(organisation, row.values, department, roster_import.effective_date, actor)
            created += 1
        elif row.action == "update":
            profile = profiles[row.staff_id]
            if set(row.changes) - {"department", "position", "is_active"} or row.reactivate:
                _update(profile, row.values, row.changes, actor, reactivate=row.reactivate)
            if ("department" in row.changes or "position" in row.changes) and (
                department or profile.department
            ):
                move_staff(
                    profile,
                    department or profile.department,
                    effective_date=roster_import.effective_date,
                    position=row.values["position"] or None,
                    actor=actor,
                )
                transferred += int(row.transfer)
            elif "position" in row.changes:  # nobody's department: only the title changes
                before = profile.position
                profile.position = row.values["position"]
                profile.save(update_fields=["position", "updated_at"])
                record_event(
                    "staff.updated",
                    actor=actor,
                    organisation=organisation,
                    target=profile,
                    data={"changes": ["position"], "before": {"position": before}},
                )
            if row.deactivate:
                deactivated += _deactivate([profile], actor)  # the file says so: no extra question
            updated += 1
    if deactivate_missing:
        deactivated += _deactivate(plan.missing, actor)
    outcome = Outcome(
        created=created,
        updated=updated,
        transferred=transferred,
        unchanged=plan.count("unchanged"),
        deactivated=deactivated,
    )
    roster_import.state = ImportState.APPLIED
    roster_import.applied_at = timezone.now()
    roster_import.summary = outcome.as_dict()
    roster_import.rows = []  # the people themselves now hold the data; keep no second copy
    roster_import.save(update_fields=["state", "applied_at", "summary", "rows"])
    record_event(
        "roster.imported",
        actor=actor,
        organisation=organisation,
        target=roster_import,
        data=outcome.as_dict(),
    )
    return outcome


def _create(organisation, values: dict, department, effective_date: dt.date, actor) -> None:
    create_staff(
        organisation=organisation,
        employee_number=values["employee_number"],
        family_name=values["family_name"],
        given_name=values["given_name"],
        family_name_kana=values["family_name_kana"],
        given_name_kana=values["given_name_kana"],
        username=username_for(organisation, values["employee_number"]),
        email=values["email"],
        department=department,
        position=values["position"],
        tier=values["tier"],
        actor=actor,
        start_date=effective_date,
    )


def _update(
    profile: StaffProfile, values: dict, changes: list[str], actor, *, reactivate: bool
) -> None:
    before = {key: getattr(profile, key) for key in PROFILE_FIELDS}
    for key in PROFILE_FIELDS:
        setattr(profile, key, values[key])
    if reactivate:
        profile.is_active = True
    profile.full_clean(exclude=["user", "organisation", "department"])
    profile.save()
    user = profile.user
    user.first_name, user.last_name = profile.given_name, profile.family_name
    if values["email"]:
        user.email = values["email"]
    user.is_active = True if reactivate else user.is_active
    user.save(update_fields=["first_name", "last_name", "email", "is_active"])
    record_event(
        "staff.updated",
        actor=actor,
        organisation=profile.organisation,
        target=profile,
        data={
            "changes": [key for key in changes if key not in ("department", "position")],
            "before": {key: before[key] for key in PROFILE_FIELDS if before[key] != values[key]},
        },
    )


def _deactivate(missing: list[StaffProfile], actor) -> int:
    count = 0
    user_model = get_user_model()
    for profile in missing:
        if actor is not None and profile.user_id == getattr(actor, "pk", None):
            continue  # HR never locks themselves out by forgetting their own row
        StaffProfile.objects.filter(pk=profile.pk).update(
            is_active=False, updated_at=timezone.now()
        )
        user_model.objects.filter(pk=profile.user_id).update(is_active=False)
        record_event(
            "staff.deactivated", actor=actor, organisation=profile.organisation, target=profile
        )
        count += 1
    return count
