"""A roster preview nobody applies keeps its personal data for a week at most."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.certification.tasks import send_expiry_reminders
from lms.reports.models import ImportState, RosterImport
from lms.reports.roster.retention import PREVIEW_KEPT_DAYS, discard_stale_previews

from .test_roster_import import ROWS, _import, csv_bytes, preview

pytestmark = pytest.mark.django_db


def _uploaded_days_ago(roster_import: RosterImport, days: float) -> RosterImport:
    RosterImport.objects.filter(pk=roster_import.pk).update(
        uploaded_at=timezone.now() - dt.timedelta(days=days)
    )
    return roster_import


@pytest.fixture
def imports(hr, organisation, units, other_hr):
    """Previews of 8 days (with an error quoting a cell), 6 days, and of another municipality 10
    days ago; an import applied 30 days ago."""
    bad_row = "100009,山田 花子,,not-an-address,総務部/人事課/人事係,,"
    old = _import(organisation, csv_bytes([*ROWS, bad_row]), hr)
    RosterImport.objects.filter(pk=old.pk).update(errors=[{"row": 5, "message": "not-an-address"}])
    recent = _import(organisation, csv_bytes(), hr)
    elsewhere = _import(other_hr.organisation, csv_bytes(), other_hr)
    applied = _import(organisation, csv_bytes(), hr)
    RosterImport.objects.filter(pk=applied.pk).update(state=ImportState.APPLIED, rows=[])
    return {
        "old": _uploaded_days_ago(old, PREVIEW_KEPT_DAYS + 1),
        "recent": _uploaded_days_ago(recent, PREVIEW_KEPT_DAYS - 1),
        "elsewhere": _uploaded_days_ago(elsewhere, 10),
        "applied": _uploaded_days_ago(applied, 30),
    }


def _state(roster_import: RosterImport) -> tuple[str, int, int]:
    roster_import.refresh_from_db()
    return roster_import.state, len(roster_import.rows), len(roster_import.errors)


def test_previews_older_than_a_week_are_discarded_with_their_rows(hr_client, imports) -> None:
    """Are previews older than 7 days discarded with rows and errors deleted, newer ones and applied
    ones left alone, and does the old preview's page say why?"""
    assert discard_stale_previews() == 2
    assert _state(imports["old"]) == (ImportState.DISCARDED, 0, 0)
    assert _state(imports["elsewhere"]) == (ImportState.DISCARDED, 0, 0)
    assert _state(imports["recent"]) == (ImportState.PREVIEWED, 3, 0)
    assert _state(imports["applied"]) == (ImportState.APPLIED, 0, 0)
    assert discard_stale_previews() == 0
    old = imports["old"]
    page = hr_client.get(reverse("reports:roster_preview", args=[old.organisation.slug, old.pk]))
    body = page.content.decode()
    assert "7 日以内に適用されなかった" in body
    assert "山田" not in body
    assert 'name="apply"' not in body


def test_the_next_upload_discards_stale_previews_of_every_municipality(
    hr_client, organisation, imports
) -> None:
    """Does an upload (even one refused as empty) discard week-old previews, another town's too?"""
    response = preview(hr_client, organisation, b"")
    assert response.status_code == 200
    assert _state(imports["old"])[0] == ImportState.DISCARDED
    assert _state(imports["elsewhere"])[0] == ImportState.DISCARDED
    assert _state(imports["recent"])[0] == ImportState.PREVIEWED


def test_the_daily_beat_job_discards_stale_previews(imports) -> None:
    """Does the daily job (the reminders' beat task) discard them too, and say how many?"""
    assert send_expiry_reminders()["roster_previews_discarded"] == 2
    assert _state(imports["old"]) == (ImportState.DISCARDED, 0, 0)


def test_discarding_by_hand_drops_rows_and_errors(hr_client, organisation, imports) -> None:
    """When HR discards a preview, are the rows and the errors quoting its cells deleted at once?"""
    old = imports["recent"]
    RosterImport.objects.filter(pk=old.pk).update(errors=[{"row": 2, "message": "髙﨑"}])
    url = reverse("reports:roster_preview", args=[organisation.slug, old.pk])
    assert hr_client.post(url, {"discard": "1"}).status_code == 302
    assert _state(old) == (ImportState.DISCARDED, 0, 0)
