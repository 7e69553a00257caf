"""Checks every row of a roster against the organisation and plans the changes; writes nothing.

The plan is recomputed from the stored rows when HR applies it, so it always reflects the database as it is
then (another import or an edit in between cannot be overwritten by a stale preview).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from lms.organisations.models import Department, Organisation
from lms.people.models import DepartmentAssignment, StaffProfile
from lms.people.tiers import Tier

from .columns import (
    FIELDS,
    full_width_kana,
    map_header,
    normalise,
    row_values,
    status_lookup,
    tier_lookup,
    width_problem,
)
from .reading import Table

MAX_LENGTHS = {
    "employee_number": 20,
    "family_name": 50,
    "given_name": 50,
    "family_name_kana": 100,
    "given_name_kana": 100,
    "position": 100,
    "email": 254,
}
PROFILE_FIELDS = ("family_name", "given_name", "family_name_kana", "given_name_kana", "tier")
NAME_FIELDS = ("family_name", "given_name", "family_name_kana", "given_name_kana")
# With a context of their own: the same words elsewhere in Manabi are translated by other apps.
CHANGE_LABELS = {
    "family_name": pgettext_lazy("roster column", "Family name"),
    "given_name": pgettext_lazy("roster column", "Given name"),
    "family_name_kana": pgettext_lazy("roster column", "Family name (kana)"),
    "given_name_kana": pgettext_lazy("roster column", "Given name (kana)"),
    "tier": pgettext_lazy("roster column", "Tier"),
    "email": pgettext_lazy("roster column", "E-mail"),
    "department": pgettext_lazy("roster column", "Department"),
    "position": pgettext_lazy("roster column", "Position"),
}
# Line breaks, tabs and other control characters never belong in a name, a number or a path.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


@dataclass(frozen=True)
class Scheduled:
    """A transfer entered ahead (by an earlier import or by hand) that has not begun yet."""

    department_id: int
    department_path: str
    position: str
    start_date: dt.date


@dataclass
class RowPlan:
    row: int
    values: dict[str, str]
    department_id: int | None
    action: str  # "create", "update" or "unchanged"
    staff_id: int | None = None
    changes: list[str] = field(default_factory=list)
    transfer: bool = False
    reactivate: bool = False
    deactivate: bool = False
    replaces: Scheduled | None = None  # the entered transfer this row's transfer takes the place of

    @property
    def change_labels(self) -> list[str]:
        """The changes as HR reads them on the preview."""
        labels = []
        for key in self.changes:
            if key == "is_active":
                labels.append(_("deactivated") if self.deactivate else _("reactivated"))
            else:
                labels.append(str(CHANGE_LABELS[key]))
        return labels


@dataclass
class Plan:
    rows: list[RowPlan]
    errors: list[RowError]
    missing: list[StaffProfile]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def count_create(self) -> int:
        return self.count("create")

    @property
    def count_update(self) -> int:
        return self.count("update")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def transfers(self) -> int:
        return sum(1 for row in self.rows if row.transfer)


def records_from_table(table: Table) -> list[dict]:
    """Rows as dicts of the canonical fields plus ``row`` (and ``problems`` seen while reading).

    Raises columns.HeaderError.
    """
    mapping = map_header(table.header)
    records = []
    for number, cells in table.rows:
        record = {"row": number, **row_values(mapping, cells)}
        problems = [*table.problems.get(number, []), width_problem(cells, table.header)]
        if any(problems):
            record["problems"] = [problem for problem in problems if problem]
        records.append(record)
    return records


def username_for(organisation: Organisation, employee_number: str) -> str:
    return f"{organisation.slug}-{employee_number}".lower()


# Paths are written 総務部/人事課/人事係; 総務部＞人事課, 総務部\人事課 and a trailing "/" mean the same.
PATH_SEPARATORS = re.compile(r"[/\\>]")


def _normal_path(path: str) -> str:
    parts = [part.strip() for part in PATH_SEPARATORS.split(normalise(path))]
    return "/".join(part for part in parts if part)


def check(
    organisation: Organisation,
    records: list[dict],
    *,
    effective_date: dt.date,
    actor: object = None,
) -> Plan:
    departments = {
        _normal_path(department.path): department
        for department in Department.objects.filter(organisation=organisation)
    }
    tiers = tier_lookup()
    statuses = status_lookup()
    existing = {
        profile.employee_number: profile
        for profile in StaffProfile.objects.filter(organisation=organisation).select_related("user")
    }
    open_since, scheduled = _open_assignments(organisation)
    errors: list[RowError] = []
    plans: list[RowPlan] = []
    seen: dict[str, list[int]] = defaultdict(list)
    spelling: dict[str, str] = {}
    emails: dict[str, tuple[str, int]] = {}  # employee number → (e-mail, row)

    for record in records:
        number = record["row"]
        values = {key: str(record.get(key, "")).strip() for key in FIELDS}
        values["employee_number"] = unicodedata.normalize("NFKC", values["employee_number"])
        for key in NAME_FIELDS:
            values[key] = full_width_kana(values[key])
        row_errors = [*record.get("problems", []), *_field_errors(values)]
        status = statuses.get(normalise(values["status"])) if values["status"] else "active"
        if status is None:
            row_errors.append(
                _(
                    "Unknown status “%(status)s”; leave it empty or write %(active)s or %(inactive)s."
                )
                % {"status": values["status"], "active": _("active"), "inactive": _("inactive")}
            )
        values["status"] = status or values["status"]
        department = None
        if values["department"]:
            department = departments.get(_normal_path(values["department"]))
            if department is None:
                row_errors.append(
                    _(
                        "Unknown department “%(path)s” (write the full path, e.g. 総務部/人事課/人事係)."
                    )
                    % {"path": values["department"]}
                )
            elif not department.is_active:
                row_errors.append(
                    _("The department “%(path)s” is closed.") % {"path": department.path}
                )
        if values["tier"]:
            tier = tiers.get(normalise(values["tier"]))
            if tier is None:
                row_errors.append(
                    _("Unknown tier “%(tier)s”; use one of: %(choices)s.")
                    % {"tier": values["tier"], "choices": ", ".join(str(t.label) for t in Tier)}
                )
            values["tier"] = tier or values["tier"]
        else:
            values["tier"] = Tier.ALL_STAFF.value
        if values["employee_number"]:
            # Login names are lower case: E001 and e001 would be one account.
            seen[values["employee_number"].lower()].append(number)
            spelling.setdefault(values["employee_number"].lower(), values["employee_number"])
        if values["email"]:
            emails[values["employee_number"]] = (values["email"], number)
        errors.extend(RowError(number, message) for message in row_errors)
        if row_errors:
            continue
        profile = existing.get(values["employee_number"])
        if profile is not None:  # a column the file leaves out keeps what the person has
            for key in PROFILE_FIELDS:
                if key not in record:
                    values[key] = getattr(profile, key)
        if profile is None and values["status"] == "inactive":
            errors.append(RowError(number, _("A new person cannot be added as inactive.")))
            continue
        entered = scheduled.get(profile.pk) if profile else None
        plan = _plan_row(number, values, department, profile, entered, effective_date)
        if plan.deactivate and profile.user_id == getattr(actor, "pk", None):
            errors.append(RowError(number, _("You cannot deactivate your own account.")))
            continue
        moves = "department" in plan.changes or "position" in plan.changes
        if moves and entered is not None and effective_date < entered.start_date:
            errors.append(
                RowError(
                    number,
                    _(
                        "A transfer to %(department)s from %(date)s is already entered, and this "
                        "file takes effect before it (%(effective)s). To replace that transfer, "
                        "upload the file with the effective date %(date)s; otherwise import it "
                        "after the transfer has taken effect."
                    )
                    % {
                        "department": entered.department_path,
                        "date": entered.start_date.isoformat(),
                        "effective": effective_date.isoformat(),
                    },
                )
            )
            continue
        # A replaced transfer's assignment is removed, so the one before it is the one that ends.
        since = None if plan.replaces else open_since.get(plan.staff_id)
        if plan.transfer and since is not None and since >= effective_date:
            errors.append(
                RowError(
                    number,
                    _(
                        "A transfer must take effect after %(date)s, when the current assignment began."
                    )
                    % {"date": since.isoformat()},
                )
            )
            continue
        plans.append(plan)

    errors.extend(_duplicate_errors(seen, spelling))
    errors.extend(_email_errors(existing, emails))
    errors.extend(_username_errors(organisation, plans))
    bad_rows = {error.row for error in errors}
    plans = [plan for plan in plans if plan.row not in bad_rows]
    in_file = {number for number in existing if number.lower() in seen}
    missing = [
        profile
        for number, profile in sorted(existing.items())
        if profile.is_active and number not in in_file
    ]
    errors.sort(key=lambda error: error.row)
    return Plan(rows=plans, errors=errors, missing=missing)


def _field_errors(values: dict[str, str]) -> list[str]:
    messages = []
    if not values["employee_number"]:
        messages.append(_("The employee number is empty."))
    elif re.search(r"\s", values["employee_number"]):  # "100 001": a typo, and no login name
        messages.append(
            _("The employee number “%(number)s” contains a space.")
            % {"number": values["employee_number"]}
        )
    if not values["family_name"]:
        messages.append(_("The name is empty."))
    if any(CONTROL_CHARACTERS.search(value) for value in values.values()):
        messages.append(_("A cell holds a line break or a tab; write each value on one line."))
    for key, limit in MAX_LENGTHS.items():
        if len(values[key]) > limit:
            messages.append(
                _("“%(value)s” is longer than %(limit)s characters.")
                % {"value": values[key][:30], "limit": limit}
            )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            messages.append(_("“%(email)s” is not an e-mail address.") % {"email": values["email"]})
    return messages


def _open_assignments(
    organisation: Organisation,
) -> tuple[dict[int, dt.date], dict[int, Scheduled]]:
    """(start of each person's open assignment, the transfers entered ahead that have not begun)."""
    today = timezone.localdate()
    open_since: dict[int, dt.date] = {}
    scheduled: dict[int, Scheduled] = {}
    rows = DepartmentAssignment.objects.filter(
        staff__organisation=organisation, end_date__isnull=True
    ).values_list("staff_id", "start_date", "department_id", "department__path", "position")
    for staff_id, start_date, department_id, path, position in rows:
        open_since[staff_id] = start_date
        if start_date > today:
            scheduled[staff_id] = Scheduled(department_id, path, position, start_date)
    return open_since, scheduled


def _plan_row(
    number: int,
    values: dict,
    department,
    profile: StaffProfile | None,
    entered: Scheduled | None = None,
    effective_date: dt.date | None = None,
) -> RowPlan:
    """What one row changes, compared with where the person will be on the file's effective date.

    Transfers entered ahead count: the usual March import dated 1 April leaves people in their old
    department until then, and uploading the same file again (or a later one listing them in the same
    new department) must change nothing. A row naming another department or position for the same
    date replaces the entered transfer (HR corrects the list of April transfers by uploading the
    corrected file; the preview names the transfer it replaces). A file dated after an entered transfer
    adds a transfer following it; one dated before it is refused in ``check`` with a message, since
    it is unclear whether the later transfer should still happen.
    """
    department_id = department.pk if department else None
    if profile is None:
        return RowPlan(row=number, values=values, department_id=department_id, action="create")
    changes = [key for key in PROFILE_FIELDS if getattr(profile, key) != values[key]]
    if values["email"] and profile.user.email != values["email"]:
        changes.append("email")
    if entered is not None and effective_date is not None and entered.start_date <= effective_date:
        current_department_id, current_position = entered.department_id, entered.position
    else:
        current_department_id, current_position = profile.department_id, profile.position
    transfer = department_id is not None and department_id != current_department_id
    if transfer or (values["position"] and values["position"] != current_position):
        changes.append("department" if transfer else "position")
        if department_id is None:  # a new position where they are (or will be on that date)
            department_id = current_department_id
    wanted_active = values["status"] != "inactive"
    if wanted_active != profile.is_active:
        changes.append("is_active")
    return RowPlan(
        row=number,
        values=values,
        department_id=department_id,
        action="update" if changes else "unchanged",
        staff_id=profile.pk,
        changes=changes,
        transfer=transfer,
        reactivate=wanted_active and not profile.is_active,
        deactivate=profile.is_active and not wanted_active,
        replaces=entered
        if entered is not None
        and entered.start_date == effective_date
        and ("department" in changes or "position" in changes)
        else None,
    )


def _duplicate_errors(seen: dict[str, list[int]], spelling: dict[str, str]) -> list[RowError]:
    errors = []
    for key, rows in seen.items():
        if len(rows) > 1:
            listed = ", ".join(str(row) for row in rows)
            for row in rows:
                errors.append(
                    RowError(
                        row,
                        _("The employee number %(number)s appears more than once (rows %(rows)s).")
                        % {"number": spelling[key], "rows": listed},
                    )
                )
    return errors


def _email_errors(
    existing: dict[str, StaffProfile], emails: dict[str, tuple[str, int]]
) -> list[RowError]:
    """Rows giving an address that another person will also have once the file is applied.

    Reminders about a person's certifications go to their address: two people sharing one would each
    read the other's. A person keeps their current address unless the file gives another, so two
    people exchanging addresses in one file is no conflict.
    """
    holders: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for number, profile in existing.items():
        if profile.is_active and profile.user.email and number not in emails:
            holders[profile.user.email.lower()].append((number, None))
    for number, (email, row) in emails.items():
        holders[email.lower()].append((number, row))
    errors = []
    for email, people in holders.items():
        if len(people) < 2:
            continue
        rows = [row for _number, row in people if row is not None]
        others = [number for number, row in people if row is None]
        for row in rows:
            if len(rows) > 1:
                message = _(
                    "The e-mail address %(email)s appears more than once (rows %(rows)s)."
                ) % {
                    "email": email,
                    "rows": ", ".join(str(other) for other in rows),
                }
            else:
                message = _(
                    "The e-mail address %(email)s already belongs to employee number %(number)s."
                ) % {"email": email, "number": ", ".join(others)}
            errors.append(RowError(row, message))
    return errors


def _username_errors(organisation: Organisation, plans: list[RowPlan]) -> list[RowError]:
    wanted = {
        username_for(organisation, plan.values["employee_number"]): plan.row
        for plan in plans
        if plan.action == "create"
    }
    taken = (
        get_user_model()
        .objects.filter(username__in=list(wanted))
        .values_list("username", flat=True)
    )
    return [
        RowError(
            wanted[username],
            _("The login name %(username)s is already used by another account.")
            % {"username": username},
        )
        for username in taken
    ]
