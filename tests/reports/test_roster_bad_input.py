"""Roster files as people really make them: broken quoting, ragged rows, merged cells, formulas, statuses."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from lms.people.models import StaffProfile
from lms.people.services import create_staff
from lms.reports.models import ImportState, RosterImport
from lms.reports.roster.applying import apply
from lms.reports.roster.checking import check, records_from_table
from lms.reports.roster.reading import MAX_CELL_CHARACTERS, RosterFileError, read_table

from .test_roster_import import (
    EFFECTIVE,
    HEADER,
    ROWS,
    _import,
    csv_bytes,
    plan_of,
    preview,
    upload,
)

pytestmark = pytest.mark.django_db


def errors_by_row(plan) -> dict[int, str]:
    found: dict[int, str] = {}
    for error in plan.errors:
        found[error.row] = found.get(error.row, "") + error.message
    return found


def test_an_unclosed_quote_is_a_file_error_not_a_swallowed_row(organisation, units) -> None:
    """Does a quote that never closes stop the file with its line, instead of eating the rows below?"""
    content = csv_bytes([ROWS[0].replace("髙﨑 花子", '"髙﨑 花子'), *ROWS[1:]])
    with pytest.raises(RosterFileError, match=r"2 行目.*引用符"):
        read_table(upload(content))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("100004,短い 行", "列名は 7 列"),
        ("100004,山田 太郎,,,総務部/人事課/人事係,主事,全職員,余分,な値", "7 列より右"),
    ],
)
def test_a_row_with_missing_or_extra_cells_is_an_error(organisation, units, row, message) -> None:
    """Is a row shorter than the header, or with values past its last column, refused with its number?"""
    _table, plan = plan_of(organisation, csv_bytes([*ROWS, row]))
    assert message in errors_by_row(plan)[5]
    assert [plan_row.row for plan_row in plan.rows] == [2, 3, 4]


def test_a_header_without_people_is_refused(organisation) -> None:
    """Is a file with only its header row refused (it would otherwise offer to deactivate everyone)?"""
    with pytest.raises(RosterFileError, match="見出し行しかありません"):
        read_table(upload((HEADER + "\r\n").encode()))


def test_a_line_break_inside_a_cell_is_an_error(organisation, units) -> None:
    """Is a quoted cell holding a line break refused for its row?"""
    _table, plan = plan_of(organisation, csv_bytes([*ROWS, '100004,山田 太郎,,,,"主\n事",']))
    assert "改行" in errors_by_row(plan)[5]


def test_english_headers_and_full_width_numbers(hr, organisation, units) -> None:
    """Do English column names work, and does ０００１２３ match the person numbered 000123?"""
    create_staff(organisation=organisation, employee_number="000123", family_name="山田",
                 given_name="花子", username="yamada-123")  # fmt: skip
    content = (
        "Employee number,Family name,Given name,E-mail,Department,Position,Tier\r\n"
        "０００１２３,山田,花子,,,,\r\n"
        "100010,English,Header,e@example.jp,総務部/人事課/人事係,Staff,practitioners\r\n"
    ).encode()
    _table, plan = plan_of(organisation, content)
    assert plan.errors == []
    assert [(row.values["employee_number"], row.action) for row in plan.rows] == [
        ("000123", "unchanged"),
        ("100010", "create"),
    ]
    assert plan.rows[1].values["tier"] == "practitioners"


def test_unread_columns_are_named_on_the_preview(hr_client, organisation, units) -> None:
    """Are columns the import does not know (備考) listed on the preview, so nothing is lost unseen?"""
    content = csv_bytes([row + ",メモ" for row in ROWS], header=HEADER + ",備考")
    response = preview(hr_client, organisation, content)
    page = hr_client.get(response["Location"]).content.decode()
    assert "読み込まれない列" in page
    assert "備考" in page


def xlsx_upload(rows: list[list], tweak=None):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if tweak:
        tweak(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return upload(buffer.getvalue(), "roster.xlsx")


XLSX_HEADER = ["職員番号", "氏名", "氏名（カナ）", "メールアドレス", "所属", "職名", "階層"]


def test_xlsx_merged_cells_formulas_and_blank_rows(organisation, units) -> None:
    """Are merged cells and unsaved formulas row errors, blank rows skipped, numbers kept as shown?"""
    rows = [
        XLSX_HEADER,
        [100001, "髙﨑 花子", None, None, "総務部/人事課/人事係", "主事", "全職員"],
        [100002, "山田 太郎", None, None, None, "主事", "全職員"],  # department merged from above
        [],
        [None] * 7,
        ["=100000+5", "数式 太郎", None, None, "総務部/人事課/人事係", "主事", "全職員"],
        [123, "ゼロ 埋め", None, None, "市民部/市民課/窓口係", "主事", "全職員"],
    ]

    def tweak(sheet) -> None:
        sheet.merge_cells("E2:E3")
        sheet["A7"].number_format = "000000"

    table = read_table(xlsx_upload(rows, tweak))
    plan = check(organisation, records_from_table(table), effective_date=EFFECTIVE)
    errors = errors_by_row(plan)
    assert "E2:E3" in errors[2]
    assert "E2:E3" in errors[3]
    assert "A6" in errors[6]
    assert "保存されていません" in errors[6]
    assert set(errors) == {2, 3, 6}
    assert [(row.row, row.values["employee_number"]) for row in plan.rows] == [(7, "000123")]


def test_reimporting_the_people_export_does_not_bring_leavers_back(
    hr_client, hr, organisation, units
) -> None:
    """Does a re-imported people export (with its 状態 column) leave a deactivated person inactive?"""
    leaver = create_staff(organisation=organisation, employee_number="099999", family_name="退職",
                          given_name="済み", username="leaver")  # fmt: skip
    StaffProfile.objects.filter(pk=leaver.pk).update(is_active=False)
    export = hr_client.get(reverse("reports:export", args=[organisation.slug, "people", "csv"]))
    content = b"".join(export.streaming_content)
    roster_import = _import(organisation, content, hr)
    outcome = apply(roster_import, deactivate_missing=False, actor=hr.user)
    assert (outcome.created, outcome.updated) == (0, 0)
    leaver.refresh_from_db()
    assert not leaver.is_active


def test_a_status_column_deactivates_and_refuses_nonsense(hr, organisation, units) -> None:
    """Does 無効 deactivate an active person, and an unknown status or an inactive newcomer fail?"""
    header = HEADER + ",状態"
    apply(_import(organisation, csv_bytes(ROWS), hr), deactivate_missing=False, actor=hr.user)
    rows = [ROWS[0] + ",無効", ROWS[1] + ",在職", ROWS[2] + ","]
    _table, plan = plan_of(organisation, csv_bytes(rows, header=header))
    assert plan.errors == []
    assert [row.change_labels for row in plan.rows if row.action == "update"] == [["無効化"]]
    outcome = apply(_import(organisation, csv_bytes(rows, header=header), hr),
                    deactivate_missing=False, actor=hr.user)  # fmt: skip
    assert outcome.deactivated == 1
    assert not StaffProfile.objects.get(
        organisation=organisation, employee_number="100001"
    ).is_active
    bad = [ROWS[1] + ",休眠", "100050,新人 無効,,,,,,無効"]
    _table, plan = plan_of(organisation, csv_bytes(bad, header=header))
    errors = errors_by_row(plan)
    assert "休眠" in errors[2]
    assert "無効の状態では追加できません" in errors[3]


def test_the_preview_names_changes_in_japanese(hr_client, hr, organisation, units) -> None:
    """Does the preview name a transfer and a new tier in Japanese (所属, 階層), not by field names?"""
    apply(_import(organisation, csv_bytes(ROWS), hr), deactivate_missing=False, actor=hr.user)
    moved = [ROWS[0].replace("総務部/人事課/人事係", "市民部/市民課/窓口係").replace("全職員", "管理職・現場リーダー"), *ROWS[1:]]  # fmt: skip
    response = preview(hr_client, organisation, csv_bytes(moved), effective="2026-05-01")
    page = hr_client.get(response["Location"]).content.decode()
    assert "階層、所属 → 市民部/市民課/窓口係" in page
    assert "department" not in page
    roster_import = RosterImport.objects.latest("pk")
    hr_client.post(response["Location"], {"apply": "1"})
    roster_import.refresh_from_db()
    assert roster_import.state == ImportState.APPLIED


def _xlsx_with_a_long_cell(characters: int) -> bytes:
    """A real workbook (header and two people) whose second person's name is ``characters`` long.

    The long cell is streamed into the zip, so the file stays small however large it unpacks.
    """
    source = io.BytesIO()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(XLSX_HEADER)
    sheet.append([100001, "髙﨑 花子", None, None, "総務部/人事課/人事係", "主事", "全職員"])
    sheet.append([100002, "LONGCELL", None, None, "総務部/人事課/人事係", "主事", "全職員"])
    workbook.save(source)
    crafted = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, data)
                continue
            before, after = data.split(b"LONGCELL")
            with target.open(info.filename, "w", force_zip64=True) as member:
                member.write(before)
                chunk = b"A" * (1 << 20)
                for _ in range(characters // len(chunk)):
                    member.write(chunk)
                member.write(b"A" * (characters % len(chunk)))
                member.write(after)
    return crafted.getvalue()


def test_a_small_xlsx_that_unpacks_to_gigabytes_is_refused_before_reading(
    hr_client, organisation, units
) -> None:
    """A 70 MB cell packed into a file of a few hundred KB: is it refused by its unpacked size, before
    openpyxl reads it (little memory used), with a message and no import stored?"""
    content = _xlsx_with_a_long_cell(70 * 1024 * 1024)
    assert len(content) < 1024 * 1024  # far below the 10 MB upload limit
    tracemalloc.start()
    try:
        with pytest.raises(RosterFileError, match="展開すると") as refused:
            read_table(upload(content, "roster.xlsx"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024
    assert "70.0" in str(refused.value)  # its unpacked size, named
    response = preview(hr_client, organisation, content, "roster.xlsx")
    assert response.status_code == 200
    assert "展開すると" in response.content.decode()
    assert not RosterImport.objects.exists()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_too_long_cell_is_a_row_error_and_is_not_stored_whole(
    hr_client, organisation, units, kind
) -> None:
    """A 50 000-character name: is its row an error naming the cell, the others fine, and the stored
    preview holding only its beginning?"""
    length = 50_000
    if kind == "xlsx":
        content, name = _xlsx_with_a_long_cell(length), "roster.xlsx"
    else:
        content, name = csv_bytes([ROWS[0], ROWS[1].replace("山田 太郎", "A" * length)]), "r.csv"
    response = preview(hr_client, organisation, content, name)
    assert response.status_code == 302
    roster_import = RosterImport.objects.get()
    assert {error["row"] for error in roster_import.errors} == {3}
    assert any(
        "B3" in error["message"] and "50,000" in error["message"] for error in roster_import.errors
    )
    stored = max(len(value) for record in roster_import.rows for value in map(str, record.values()))
    assert stored <= MAX_CELL_CHARACTERS
    page = hr_client.get(response["Location"]).content.decode()
    assert "B3" in page


def test_a_csv_cell_beyond_the_csv_modules_limit_gets_a_clear_message(organisation) -> None:
    """A CSV cell longer than Python's csv field limit: is the message about the long cell?"""
    content = csv_bytes([ROWS[0], ROWS[1].replace("山田 太郎", "A" * 200_000)])
    with pytest.raises(RosterFileError, match=r"3 行目.*1000"):
        read_table(upload(content))
