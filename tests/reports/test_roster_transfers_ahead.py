"""Roster imports around a transfer entered ahead (the March list of 1 April transfers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lms.models import AuditEvent
from lms.people.models import DepartmentAssignment, StaffProfile
from lms.people.services import apply_due_transfers
from lms.reports.models import RosterImport
from lms.reports.roster.applying import apply, plan_for

from .test_roster_import import ROWS, _import, csv_bytes, preview

pytestmark = pytest.mark.django_db

HR_UNIT = "総務部/人事課/人事係"
COUNTER = "市民部/市民課/窓口係"
DX = "総務部/情報政策課/DX推進係"


def _moved(unit: str) -> list[str]:
    """The roster with 髙﨑 (100001) listed in ``unit`` instead of 人事係."""
    return [ROWS[0].replace(HR_UNIT, unit), *ROWS[1:]]


@pytest.fixture
def april() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def takasaki(hr, organisation, units, april) -> StaffProfile:
    """髙﨑 in 人事係 for a year, with a transfer to 窓口係 entered for ``april`` by a March import."""
    a_year_ago = timezone.localdate() - dt.timedelta(days=365)
    apply(
        _import(organisation, csv_bytes(), hr, a_year_ago), deactivate_missing=False, actor=hr.user
    )
    outcome = apply(
        _import(organisation, csv_bytes(_moved(COUNTER)), hr, april),
        deactivate_missing=False,
        actor=hr.user,
    )
    assert outcome.transferred == 1
    person = StaffProfile.objects.get(organisation=organisation, employee_number="100001")
    assert person.department == units["人事係"]  # still there until the date
    return person


def _history(person: StaffProfile) -> list[tuple[str, dt.date, dt.date | None]]:
    return list(
        person.assignments.order_by("start_date").values_list(
            "department__name", "start_date", "end_date"
        )
    )


def test_the_same_march_file_again_changes_nothing(hr, organisation, takasaki, april) -> None:
    """Before 1 April, is the same March file (dated 1 April) all "unchanged", with nothing written?"""
    history = _history(takasaki)
    events = AuditEvent.objects.exclude(action="roster.imported").count()
    again = _import(organisation, csv_bytes(_moved(COUNTER)), hr, april)
    plan = plan_for(again, hr.user)
    assert plan.errors == []
    assert (plan.count_update, plan.count_unchanged) == (0, 3)
    outcome = apply(again, deactivate_missing=False, actor=hr.user)
    assert (outcome.updated, outcome.transferred, outcome.unchanged) == (0, 0, 3)
    assert _history(takasaki) == history
    assert AuditEvent.objects.exclude(action="roster.imported").count() == events


def test_a_file_with_another_department_for_that_date_replaces_the_entered_transfer(
    hr, hr_client, organisation, units, takasaki, april
) -> None:
    """Does a corrected March list (DX推進係 instead of 窓口係, same date) replace the entered transfer,
    say so on the preview, and leave one history without the cancelled 窓口係?"""
    response = preview(hr_client, organisation, csv_bytes(_moved(DX)), effective=april.isoformat())
    assert response.status_code == 302
    page = hr_client.get(response["Location"]).content.decode()
    assert f"{COUNTER} への {april.isoformat()} 付けの異動を置き換えます" in page
    plan = plan_for(RosterImport.objects.latest("pk"), hr.user)
    assert plan.errors == []
    (row,) = [row for row in plan.rows if row.action == "update"]
    assert (row.transfer, row.replaces.department_path) == (True, COUNTER)

    hr_client.post(response["Location"], {"apply": "1"})
    takasaki.refresh_from_db()
    assert takasaki.department == units["人事係"]
    a_year_ago = timezone.localdate() - dt.timedelta(days=365)
    assert _history(takasaki) == [
        ("人事係", a_year_ago, april - dt.timedelta(days=1)),
        ("DX推進係", april, None),
    ]
    assert (
        AuditEvent.objects.filter(
            action="staff.transfer_replaced", target_id=str(takasaki.pk)
        ).count()
        == 1
    )
    assert apply_due_transfers(april) >= 1
    takasaki.refresh_from_db()
    assert takasaki.department == units["DX推進係"]


def test_a_correction_back_to_the_old_department_cancels_the_entered_transfer(
    hr, organisation, units, takasaki, april
) -> None:
    """Listing 髙﨑 in 人事係 again for the same date: is the 窓口係 transfer gone and 人事係 open again?"""
    outcome = apply(
        _import(organisation, csv_bytes(), hr, april), deactivate_missing=False, actor=hr.user
    )
    assert outcome.updated == 1
    assert [(name, end) for name, _start, end in _history(takasaki)] == [("人事係", None)]
    assert apply_due_transfers(april) == 0


def test_a_file_dated_before_the_entered_transfer_is_refused_with_a_message(
    hr, organisation, takasaki, april
) -> None:
    """A file dated today listing another unit: is the row refused, naming the transfer and its date?"""
    earlier = _import(organisation, csv_bytes(_moved(DX)), hr, timezone.localdate())
    plan = plan_for(earlier, hr.user)
    (error,) = plan.errors
    assert error.row == 2
    assert COUNTER in error.message
    assert april.isoformat() in error.message
    assert "発令日" in error.message


def test_a_file_dated_after_the_entered_transfer_follows_it(
    hr, organisation, units, takasaki, april
) -> None:
    """A second transfer dated two weeks after the entered one: do both take effect, each on its date?"""
    later = april + dt.timedelta(days=14)
    outcome = apply(
        _import(organisation, csv_bytes(_moved(DX)), hr, later),
        deactivate_missing=False,
        actor=hr.user,
    )
    assert outcome.transferred == 1
    assert [name for name, _start, _end in _history(takasaki)] == ["人事係", "窓口係", "DX推進係"]
    assert apply_due_transfers(april) == 1
    takasaki.refresh_from_db()
    assert takasaki.department == units["窓口係"]
    assert apply_due_transfers(later) == 1
    takasaki.refresh_from_db()
    assert takasaki.department == units["DX推進係"]
    # and the same later file again changes nothing
    again = plan_for(_import(organisation, csv_bytes(_moved(DX)), hr, later), hr.user)
    assert (again.errors, again.count_update) == ([], 0)


def test_a_newcomer_entered_ahead_can_be_corrected_before_their_first_day(
    hr, organisation, units, april
) -> None:
    """Someone added by the March file for 1 April, then listed in another unit by a corrected file:
    is the first assignment replaced (not refused), with the new unit at once?"""
    apply(_import(organisation, csv_bytes(), hr, april), deactivate_missing=False, actor=hr.user)
    same = plan_for(_import(organisation, csv_bytes(), hr, april), hr.user)
    assert (same.errors, same.count_unchanged) == ([], 3)
    apply(
        _import(organisation, csv_bytes(_moved(DX)), hr, april),
        deactivate_missing=False,
        actor=hr.user,
    )
    person = StaffProfile.objects.get(organisation=organisation, employee_number="100001")
    assert person.department == units["DX推進係"]
    assert _history(person) == [("DX推進係", april, None)]
    assert DepartmentAssignment.objects.filter(staff=person).count() == 1
