"""Roster files as an outside evaluator makes them: each test is a defect found by probing the import."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from lms.people.models import StaffProfile
from lms.people.services import create_staff
from lms.reports.models import RosterImport
from lms.reports.roster.applying import apply
from tests.reports.test_roster_import import HEADER, ROWS, csv_bytes, plan_of, preview

pytestmark = pytest.mark.django_db


def messages_by_row(plan) -> dict[int, str]:
    found: dict[int, str] = {}
    for error in plan.errors:
        found[error.row] = found.get(error.row, "") + error.message
    return found


def test_employee_numbers_differing_only_in_case_are_duplicates(organisation, units) -> None:
    """E001 and e001 would get the same login name: does the preview say so, instead of the apply failing?"""
    _table, plan = plan_of(
        organisation, csv_bytes([*ROWS, "E001,山田 一郎,,,,,", "e001,山田 二郎,,,,,"])
    )
    errors = messages_by_row(plan)
    assert "E001" in errors[5]
    assert "重複" in errors[5]
    assert "重複" in errors[6]
    assert [row.row for row in plan.rows] == [2, 3, 4]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_people_export_reimports_unchanged_when_a_value_starts_like_a_formula(
    hr_client, hr, organisation, units, file_format
) -> None:
    """The export escapes "-" as "'-": does importing the exported file give back "-", not "'-"?"""
    person = create_staff(organisation=organisation, employee_number="100010", family_name="山下",
                          given_name="+α", username="yamashita", email="-x@example.jp",
                          department=units["窓口係"], position="-")  # fmt: skip
    response = hr_client.get(
        reverse("reports:export", args=[organisation.slug, "people", file_format])
    )
    content = b"".join(response.streaming_content)
    assert b"'-" in content or file_format == "xlsx"
    _table, plan = plan_of(organisation, content, f"people.{file_format}")
    assert plan.errors == []
    assert plan.count("update") == plan.count("create") == 0
    row = next(row for row in plan.rows if row.staff_id == person.pk)
    assert (row.values["given_name"], row.values["email"], row.values["position"]) == (
        "+α",
        "-x@example.jp",
        "-",
    )


def test_an_apostrophe_not_escaping_a_formula_is_kept(organisation, units) -> None:
    """Is only the escape apostrophe dropped: "'t Hooft" stays as it is?"""
    _table, plan = plan_of(organisation, csv_bytes(["100004,'t Hooft,,,,,"]))
    assert plan.rows[0].values["family_name"] == "'t"


def test_an_e_mail_address_given_twice_is_a_row_error(hr, organisation, units) -> None:
    """Two people sharing one address would read each other's reminders: is each row refused?"""
    rows = [ROWS[0], ROWS[1].replace("yamada@", "TAKASAKI@"), ROWS[2]]
    _table, plan = plan_of(organisation, csv_bytes(rows))
    errors = messages_by_row(plan)
    assert set(errors) == {2, 3}
    assert "takasaki@example.jp" in errors[2]
    assert "2, 3" in errors[2]


def test_an_e_mail_address_of_another_person_is_a_row_error(organisation, units) -> None:
    """Is an address that already belongs to someone else of the municipality refused with their number?"""
    create_staff(organisation=organisation, employee_number="000123", family_name="既存",
                 given_name="職員", username="existing", email="yamada@example.jp")  # fmt: skip
    _table, plan = plan_of(organisation, csv_bytes(ROWS))
    assert list(messages_by_row(plan)) == [3]
    assert "000123" in messages_by_row(plan)[3]


def test_two_people_exchanging_addresses_is_no_conflict(hr, organisation, units) -> None:
    """Swapping two people's addresses in one file: is it applied without a false duplicate?"""
    for number, family, email in [
        ("100001", "髙﨑", "yamada@example.jp"),
        ("100002", "山田", "takasaki@example.jp"),
    ]:
        create_staff(organisation=organisation, employee_number=number, family_name=family,
                     given_name="花子", username=f"u{number}", email=email)  # fmt: skip
    _table, plan = plan_of(organisation, csv_bytes(ROWS))
    assert plan.errors == []
    assert {row.values["employee_number"]: "email" in row.changes for row in plan.rows} == {
        "100001": True,
        "100002": True,
        "100003": False,
    }


def test_half_width_kana_is_stored_full_width(hr_client, hr, organisation, units) -> None:
    """Does ﾔﾏﾀﾞ ﾀﾛｳ from an old system arrive as ヤマダ タロウ, and the same file again change nothing?"""
    content = csv_bytes(["100004,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,,,,"])
    _table, plan = plan_of(organisation, content)
    assert (plan.rows[0].values["family_name_kana"], plan.rows[0].values["given_name_kana"]) == (
        "ヤマダ",
        "タロウ",
    )
    preview(hr_client, organisation, content)
    apply(RosterImport.objects.latest("pk"), deactivate_missing=False, actor=hr.user)
    assert StaffProfile.objects.get(employee_number="100004").family_name_kana == "ヤマダ"
    _table, again = plan_of(organisation, content)
    assert again.rows[0].action == "unchanged"


@pytest.mark.parametrize(
    "path",
    [
        "総務部/人事課/人事係/",
        "総務部 > 人事課 > 人事係",
        "総務部＼人事課＼人事係",
        "/総務部/人事課/人事係",
    ],
)
def test_department_paths_with_other_separators(organisation, units, path) -> None:
    """Are a trailing slash, "＞" and "＼" between the units read as the path 総務部/人事課/人事係?"""
    _table, plan = plan_of(organisation, csv_bytes([f"100004,山田 太郎,,,{path},,"]))
    assert plan.errors == []
    assert plan.rows[0].department_id == units["人事係"].pk


def test_an_xlsx_roster_after_a_sheet_of_instructions(organisation, units) -> None:
    """A workbook opening on a sheet of instructions: is the roster read from the sheet that holds it?"""
    workbook = Workbook()
    workbook.active.title = "説明"
    workbook.active.append(["このシートには記入方法が書かれています"])
    sheet = workbook.create_sheet("名簿")
    for line in [HEADER, *ROWS]:
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    _table, plan = plan_of(organisation, buffer.getvalue(), "roster.xlsx")
    assert plan.errors == []
    assert [row.values["employee_number"] for row in plan.rows] == ["100001", "100002", "100003"]


def test_a_column_the_file_leaves_out_keeps_what_people_have(
    hr_client, hr, organisation, units
) -> None:
    """A roster of only numbers and names: does it keep everyone's tier and kana, instead of resetting
    managers to 全職員 and erasing the kana (as an empty cell in a column that is there does)?"""
    from lms.people.tiers import Tier

    create_staff(organisation=organisation, employee_number="100003", family_name="佐藤", given_name="次郎",
                 username="sato", family_name_kana="サトウ", given_name_kana="ジロウ",
                 tier=Tier.MANAGERS)  # fmt: skip
    content = csv_bytes(["100003,佐藤 次郎"], header="職員番号,氏名")
    _table, plan = plan_of(organisation, content)
    assert plan.errors == []
    assert plan.rows[0].action == "unchanged"
    preview(hr_client, organisation, content)
    apply(RosterImport.objects.latest("pk"), deactivate_missing=False, actor=hr.user)
    person = StaffProfile.objects.get(employee_number="100003")
    assert (person.tier, person.family_name_kana) == (Tier.MANAGERS, "サトウ")
    # An empty cell in a column that is there still means 全職員, as the upload page says.
    _table, plan = plan_of(
        organisation, csv_bytes(["100003,佐藤 次郎,"], header="職員番号,氏名,階層")
    )
    assert plan.rows[0].changes == ["tier"]


def test_title_lines_above_the_header_are_skipped(organisation, units) -> None:
    """「職員名簿（令和8年4月1日現在）」 above the header, even merged across the columns in an XLSX:
    is the roster read from its header row, with rows numbered as the spreadsheet shows them?"""
    content = csv_bytes(ROWS, header="職員名簿（令和8年4月1日現在）\r\n\r\n" + HEADER)
    _table, plan = plan_of(organisation, content)
    assert plan.errors == []
    assert [row.row for row in plan.rows] == [4, 5, 6]

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["職員名簿（令和8年4月1日現在）"])
    sheet.merge_cells("A1:G1")
    for line in [HEADER, *ROWS]:
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    _table, plan = plan_of(organisation, buffer.getvalue(), "roster.xlsx")
    assert plan.errors == []
    assert [row.row for row in plan.rows] == [3, 4, 5]


def test_an_employee_number_with_a_space_is_a_row_error(organisation, units) -> None:
    """「100 004」 would become the login name "sakura-test-100 004": is the row refused instead?"""
    _table, plan = plan_of(
        organisation, csv_bytes([*ROWS, "100 004,山田 太郎,,,,,", "１００　００５,山田 次郎,,,,,"])
    )
    errors = messages_by_row(plan)
    assert "「100 004」に空白" in errors[5]
    assert "空白" in errors[6]
    assert [row.row for row in plan.rows] == [2, 3, 4]
