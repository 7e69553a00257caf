"""Exports (CSV with BOM and formula escaping, XLSX, streamed) and the read-only token API with its schema."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from lms.certification.models import Certification
from lms.people.tiers import Tier
from lms.reports.exports import escape_cell
from lms.reports.roster.checking import check, records_from_table
from lms.reports.roster.reading import read_table
from tests.certification.factories import HoldingFactory
from tests.factories import StaffProfileFactory

from .factories import TargetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+81-3-0000", "'+81-3-0000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("山田", "山田"),
        ("a=b", "a=b"),
        (42, 42),
        (None, ""),
    ],
)
def test_formula_cells_are_escaped(value, expected) -> None:
    """Do cells starting with = + - @ tab or CR get an apostrophe, and nothing else change?"""
    assert escape_cell(value) == expected


@pytest.fixture
def sneaky(organisation, units):
    return StaffProfileFactory(organisation=organisation, department=units["窓口係"],
                               employee_number="300001", family_name="=cmd|'/C calc'!A0",
                               given_name="髙﨑", tier=Tier.MANAGERS)  # fmt: skip


def _csv_rows(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_people_csv_has_a_bom_escapes_formulas_and_streams(
    hr_client, organisation, sneaky, hr
) -> None:
    """Is the people CSV streamed, UTF-8 with BOM, escaped, and importable again as it is?"""
    response = hr_client.get(reverse("reports:export", args=[organisation.slug, "people", "csv"]))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw, rows = _csv_rows(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["300001"][1] == "'=cmd|'/C calc'!A0"
    assert by_number["300001"][2] == "髙﨑"
    assert by_number["300001"][6] == "市民部/市民課/窓口係"
    assert len(rows) == 1 + 2  # header, HR, sneaky
    # The export's columns are the import's: it reads back with no row error.
    from django.core.files.uploadedfile import SimpleUploadedFile

    table = read_table(SimpleUploadedFile("people.csv", raw))
    plan = check(organisation, records_from_table(table), effective_date=dt.date(2026, 4, 1))
    assert plan.errors == []
    # HR and the sneaky name: the import drops the escape apostrophe, so nothing changes.
    assert plan.count("unchanged") == 2


def test_xlsx_exports_are_valid_workbooks(hr_client, organisation, sneaky) -> None:
    """Is the XLSX a real workbook whose formula-like cell is plain text?"""
    response = hr_client.get(reverse("reports:export", args=[organisation.slug, "people", "xlsx"]))
    assert isinstance(response, FileResponse)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] in ("職員番号", "Employee number")
    cell = next(row for row in rows if row[0] == "300001")[1]
    assert cell == "'=cmd|'/C calc'!A0"


def test_holdings_export_states_validity(hr_client, organisation, sneaky) -> None:
    """Does the holdings CSV give each holding's dates, verification and validity?"""
    az104 = Certification.objects.get(code="AZ-104")
    HoldingFactory(staff=sneaky, certification=az104, issued_on=dt.date(2020, 1, 1))
    response = hr_client.get(reverse("reports:export", args=[organisation.slug, "holdings", "csv"]))
    _raw, rows = _csv_rows(response)
    assert rows[1][3] == "AZ-104"
    assert rows[1][5:7] == ["2020-01-01", "2021-01-01"]
    assert rows[1][8] in ("期限切れ", "Expired")


@pytest.fixture
def api(client, hr):
    token = Token.objects.create(user=hr.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


@pytest.mark.parametrize(
    ("deadline_in_days", "expected_status"),
    [(300, "on_track"), (250, "at_risk"), (200, "behind")],
)
def test_api_target_status_counts_and_people(
    api, organisation, sneaky, hr, deadline_in_days, expected_status
) -> None:
    """Does the token API give target status, counts and people's progress of our municipality?

    One holder gained 10 days ago and none before, 4 wanted: 1 per 90 days, 3 more in 270 days. The
    target began 100 days ago; a deadline in 300 days is on track, in 250 days at risk (within the
    grace of 10 % of the 350-day plan), in 200 days behind (past the 30-day grace).
    """
    today = timezone.localdate()
    az305 = Certification.objects.get(code="AZ-305")
    HoldingFactory(staff=sneaky, certification=az305, issued_on=today - dt.timedelta(days=10))
    target = TargetFactory(organisation=organisation, certifications=[az305], target_count=4,
                           name="AZ-305 holders", start_date=today - dt.timedelta(days=100),
                           deadline=today + dt.timedelta(days=deadline_in_days))  # fmt: skip
    targets = api.get(reverse("reports:api_targets", args=[organisation.slug])).json()
    assert targets[0]["name"] == "AZ-305 holders"
    assert targets[0]["current"] == 1
    assert targets[0]["percent"] == 25.0
    assert targets[0]["status"] == expected_status
    assert targets[0]["forecast_date"] == (today + dt.timedelta(days=270)).isoformat()
    assert targets[0]["certifications"] == ["AZ-305"]
    detail = api.get(reverse("reports:api_target", args=[organisation.slug, target.pk])).json()
    assert detail["by_department"][0]["key"] == "市民部"
    assert detail["burnup"][-1]["holders"] == 1
    counts = api.get(reverse("reports:api_counts", args=[organisation.slug])).json()
    assert counts["people_by_tier"]["managers"] == 1
    assert counts["holders_by_certification"]["AZ-305"] == 1
    people = api.get(reverse("reports:api_people_progress", args=[organisation.slug])).json()
    assert people["count"] == 2
    row = next(r for r in people["results"] if r["employee_number"] == "300001")
    assert row["certifications"] == ["AZ-305"]
    assert row["progress"] == {"enrolled": 0, "completed": 0}


def test_api_is_read_only(api, organisation) -> None:
    """Is writing through the API refused?"""
    response = api.post(reverse("reports:api_targets", args=[organisation.slug]), {})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/{org}/targets/99999999999999999999999/",
        "/api/v1/{org}/targets/abc/",
        "/api/v1/{org}/nothing-here/",
        "/api/v2/",
    ],
)
def test_api_addresses_that_serve_nothing_answer_in_json(api, organisation, path) -> None:
    """Does an id past the converter's range or an unknown API address get a JSON 404, not a page?"""
    response = api.get(path.format(org=organisation.slug))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_api_addresses_without_the_slash_still_redirect(api, organisation) -> None:
    """Does the JSON catch-all leave APPEND_SLASH's redirect of ".../targets" in place?"""
    response = api.get(f"/api/v1/{organisation.slug}/targets")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/{organisation.slug}/targets/")


def test_openapi_schema_lists_the_endpoints(client) -> None:
    """Is there an OpenAPI schema, readable without a token, naming every endpoint and the token?"""
    response = client.get(reverse("reports:api_schema"))
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["token"]["name"] == "Authorization"
    assert schema["security"] == [{"token": []}]
    paths = set(schema["paths"])
    assert {
        "/api/v1/{org}/targets/",
        "/api/v1/{org}/targets/{id}/",
        "/api/v1/{org}/counts/",
        "/api/v1/{org}/people/progress/",
    } <= paths


def test_api_token_page_creates_and_replaces_the_token(hr_client, organisation, hr) -> None:
    url = reverse("reports:api_token", args=[organisation.slug])
    hr_client.post(url)
    first = Token.objects.get(user=hr.user).key
    assert first in hr_client.get(url).content.decode()
    hr_client.post(url)
    assert Token.objects.get(user=hr.user).key != first


def test_progress_export_lists_enrolments_with_lessons_done(
    hr_client, organisation, sneaky
) -> None:
    """Does the progress CSV give each person's courses, lessons done and percent complete?"""
    from lms.progress import services
    from tests.courses.factories import CoursePageFactory, LessonPageFactory

    course = CoursePageFactory(title="情報セキュリティの基本")
    first = LessonPageFactory(parent=course)
    LessonPageFactory(parent=course)
    services.mark_lesson_done(sneaky.user, first, course)
    response = hr_client.get(reverse("reports:export", args=[organisation.slug, "progress", "csv"]))
    assert isinstance(response, StreamingHttpResponse)
    raw, rows = _csv_rows(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(rows) == 2
    number, name, department, title, enrolled, completed, done, total, percent = rows[1]
    assert (number, title, done, total, percent) == (
        "300001",
        "情報セキュリティの基本",
        "1",
        "2",
        "50",
    )
    assert name.startswith("'=cmd")
    assert department == "市民部/市民課/窓口係"
    assert enrolled
    assert completed == ""
