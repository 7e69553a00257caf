"""Roster import: every encoding Excel writes, XLSX, a preview listing every row error, atomic apply."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lms.models import AuditEvent
from lms.people.models import DepartmentAssignment, StaffProfile
from lms.people.services import create_staff
from lms.reports.models import ImportState, RosterImport
from lms.reports.roster.applying import apply
from lms.reports.roster.checking import check, records_from_table
from lms.reports.roster.reading import RosterFileError, read_table

pytestmark = pytest.mark.django_db

HEADER = "職員番号,氏名,氏名（カナ）,メールアドレス,所属,職名,階層"
ROWS = [
    "100001,髙﨑 花子,タカサキ ハナコ,takasaki@example.jp,総務部/人事課/人事係,主事,全職員",
    "100002,山田 太郎,ヤマダ タロウ,yamada@example.jp,総務部/情報政策課/DX推進係,主任,クラウド・AI実践者",
    "100003,佐藤 次郎,サトウ ジロウ,,市民部/市民課/窓口係,課長,管理職・現場リーダー",
]
EFFECTIVE = dt.date(2026, 4, 1)


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8") -> bytes:
    return "\r\n".join([header, *rows]).encode(encoding) + b"\r\n"


def upload(content: bytes, name: str = "roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_of(organisation, content: bytes, name="roster.csv"):
    table = read_table(upload(content, name))
    return table, check(organisation, records_from_table(table), effective_date=EFFECTIVE)


def preview(hr_client, organisation, content: bytes, name="roster.csv", effective="2026-04-01"):
    response = hr_client.post(
        reverse("reports:roster", args=[organisation.slug]),
        {"file": upload(content, name), "effective_date": effective},
    )
    return response


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp932", "cp932")]
)
def test_every_encoding_reads_the_same_names(organisation, units, encoding, expected) -> None:
    """Do UTF-8, UTF-8 with BOM and CP932 (Shift_JIS as Excel writes it) give the same 髙﨑?"""
    table, plan = plan_of(organisation, csv_bytes(encoding=encoding))
    assert table.encoding == expected
    assert plan.errors == []
    assert [row.values["family_name"] for row in plan.rows] == ["髙﨑", "山田", "佐藤"]
    assert plan.rows[1].values["tier"] == "practitioners"


def test_cp932_bytes_windows_writes_for_the_ibm_extension_kanji(organisation, units) -> None:
    """Windows writes 髙 as FB FC and 﨑 as FA B1 (IBM extensions): are they read as 髙﨑?"""
    content = (
        csv_bytes(encoding="cp932")
        .replace("髙".encode("cp932"), b"\xfb\xfc")
        .replace("﨑".encode("cp932"), b"\xfa\xb1")
    )
    assert b"\xfb\xfc\xfa\xb1" in content
    table, plan = plan_of(organisation, content)
    assert table.encoding == "cp932"
    assert plan.rows[0].values["family_name"] == "髙﨑"


def test_xlsx_with_numbers_as_employee_numbers(organisation, units) -> None:
    """Does an XLSX roster with separate name columns and numeric cells read like the CSV?"""
    content = xlsx_bytes(
        [
            ["職員番号", "姓", "名", "セイ", "メイ", "メール", "所属", "職名", "階層"],
            [
                100001,
                "髙﨑",
                "花子",
                "タカサキ",
                "ハナコ",
                "t@example.jp",
                "総務部/人事課/人事係",
                "主事",
                "",
            ],
        ]
    )
    table, plan = plan_of(organisation, content, "roster.xlsx")
    assert table.encoding == "xlsx"
    assert plan.errors == []
    values = plan.rows[0].values
    assert (values["employee_number"], values["family_name"], values["given_name_kana"]) == (
        "100001",
        "髙﨑",
        "ハナコ",
    )
    assert values["tier"] == "all_staff"


def test_every_row_error_is_listed_with_its_row_number(organisation, units) -> None:
    """Duplicate numbers, unknown tier or department, empty name, bad e-mail: one message per problem."""
    rows = [
        "100001,髙﨑 花子,,,総務部/人事課/人事係,,",
        "100001,重複 一郎,,,総務部/人事課/人事係,,",
        "100004,鈴木 三郎,,,総務部/存在しない課,,",
        "100005,田中 四郎,,,総務部/人事課/人事係,,部長級",
        "100006,,,,総務部/人事課/人事係,,",
        "100007,伊藤 五郎,,not-an-address,総務部/人事課/人事係,,",
        ",無番号 六郎,,,総務部/人事課/人事係,,",
        "100008,正常 七郎,,,総務部/人事課/人事係,,",
    ]
    _table, plan = plan_of(organisation, csv_bytes(rows))
    messages = {
        (error.row, error.message.split("“")[0].split("(")[0].strip()) for error in plan.errors
    }
    rows_with_errors = sorted({error.row for error in plan.errors})
    assert rows_with_errors == [2, 3, 4, 5, 6, 7, 8]
    text = "\n".join(f"{e.row}: {e.message}" for e in plan.errors)
    assert "100001" in text
    assert "2, 3" in text
    assert "存在しない課" in text
    assert "部長級" in text
    assert any(row == 6 for row, _m in messages)
    assert "not-an-address" in text
    assert [row.row for row in plan.rows] == [9]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("職員番号,氏名\n100001,山田 太郎\n".encode("utf-16"), "roster.csv", "UTF-16"),
        (b"\x81\x00\xff\xfe\x00binary", "roster.csv", "テキストファイルではありません"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "roster.xls", ".xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "locked.xlsx", "パスワード"),
        (b"PK\x03\x04 not really a zip", "roster.xlsx", "開けません"),
        (b"", "roster.csv", "空です"),
        ("番号,なまえ\n1,山田\n".encode(), "roster.csv", "見つからない列"),
        # EUC-JP: either undecodable, or decoded into garbage headers; both say what to do.
        ("職員番号,氏名\n100001,山田 太郎\n".encode("euc_jp"), "roster.csv", "CSV UTF-8"),
        ("ｱｲｳ,ｴｵ\n1,2\n".encode("euc_jp"), "roster.csv", "CSV UTF-8"),
    ],
)
def test_unreadable_files_get_one_clear_message(organisation, content, name, message) -> None:
    """UTF-16, binary, old .xls, broken .xlsx, empty, unknown headers, EUC-JP: is each refused clearly?"""
    with pytest.raises((RosterFileError, ValueError), match=message):
        records_from_table(read_table(upload(content, name)))


def test_a_file_that_is_neither_utf8_nor_cp932(organisation) -> None:
    """Is a byte sequence invalid in both encodings refused with the byte's position?"""
    with pytest.raises(RosterFileError, match="UTF-8 でも Shift_JIS でもありません"):
        read_table(upload("職員番号,氏名\n".encode() + b"\x82\xff\x81\xfd\n"))


def test_a_50_megabyte_file_is_refused_before_reading(hr_client, organisation, units) -> None:
    """Does a 50 MB upload get "the limit is 10 MB" at once, and no import row?"""
    content = csv_bytes() + b"#" * (50 * 1024 * 1024)
    response = preview(hr_client, organisation, content)
    body = response.content.decode()
    assert response.status_code == 200
    assert "50.0" in body
    assert "10.0" in body
    assert not RosterImport.objects.exists()


def test_preview_then_apply_creates_staff_with_history(hr_client, hr, organisation, units) -> None:
    """Does the preview change nothing, and applying create the staff with their first assignment?"""
    before = StaffProfile.objects.count()
    response = preview(hr_client, organisation, csv_bytes(encoding="cp932"))
    assert response.status_code == 302
    roster_import = RosterImport.objects.get()
    assert roster_import.encoding == "cp932"
    assert roster_import.errors == []
    page = hr_client.get(response["Location"]).content.decode()
    assert "髙﨑" in page
    assert StaffProfile.objects.count() == before
    applied = hr_client.post(response["Location"], {"apply": "1"})
    assert applied.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.state == ImportState.APPLIED
    assert roster_import.summary["created"] == 3
    assert roster_import.rows == []  # no second copy of the roster is kept
    takasaki = StaffProfile.objects.get(organisation=organisation, employee_number="100001")
    assert (takasaki.family_name, takasaki.given_name, takasaki.family_name_kana) == (
        "髙﨑",
        "花子",
        "タカサキ",
    )
    assert takasaki.user.email == "takasaki@example.jp"
    assert takasaki.user.username == f"{organisation.slug}-100001"
    assert takasaki.assignments.get().start_date == EFFECTIVE
    hr.refresh_from_db()
    assert hr.is_active  # missing from the file, but nothing deactivated without confirmation


def test_reimporting_the_same_file_changes_nothing(hr, organisation, units) -> None:
    """Is a second import of the same file all "unchanged", with no new audit rows for staff?"""
    first = _import(organisation, csv_bytes(), hr)
    assert apply(first, deactivate_missing=False, actor=hr.user).created == 3
    snapshot = list(StaffProfile.objects.order_by("pk").values())
    assignments = DepartmentAssignment.objects.count()
    events = AuditEvent.objects.exclude(action="roster.imported").count()
    second = _import(organisation, csv_bytes(), hr)
    outcome = apply(second, deactivate_missing=False, actor=hr.user)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert list(StaffProfile.objects.order_by("pk").values()) == snapshot
    assert DepartmentAssignment.objects.count() == assignments
    assert AuditEvent.objects.exclude(action="roster.imported").count() == events


def _import(organisation, content, hr, effective=EFFECTIVE) -> RosterImport:
    table = read_table(upload(content))
    records = records_from_table(table)
    return RosterImport.objects.create(
        organisation=organisation,
        uploaded_by=hr.user,
        filename="roster.csv",
        sha256="x",
        encoding=table.encoding,
        effective_date=effective,
        rows=records,
    )


def test_a_transfer_keeps_the_history(hr, organisation, units) -> None:
    """When a person's department changes, does the old assignment end the day before the new one?"""
    apply(
        _import(organisation, csv_bytes(), hr, dt.date(2025, 4, 1)),
        deactivate_missing=False,
        actor=hr.user,
    )
    moved = [ROWS[0].replace("総務部/人事課/人事係", "市民部/市民課/窓口係"), *ROWS[1:]]
    outcome = apply(
        _import(organisation, csv_bytes(moved), hr), deactivate_missing=False, actor=hr.user
    )
    assert (outcome.updated, outcome.transferred) == (1, 1)
    person = StaffProfile.objects.get(organisation=organisation, employee_number="100001")
    history = list(
        person.assignments.order_by("start_date").values_list(
            "department__name", "start_date", "end_date"
        )
    )
    assert history == [
        ("人事係", dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
        ("窓口係", EFFECTIVE, None),
    ]


def test_missing_people_are_deactivated_only_when_confirmed(
    hr_client, hr, organisation, units
) -> None:
    """Are people absent from the file listed, kept without confirmation, deactivated with it (not HR)?"""
    leaver = create_staff(
        organisation=organisation, employee_number="099999", family_name="退職", given_name="予定",
        username="leaver", department=units["窓口係"],
    )  # fmt: skip
    response = preview(hr_client, organisation, csv_bytes())
    page = hr_client.get(response["Location"]).content.decode()
    assert "099999" in page
    hr_client.post(response["Location"], {"apply": "1"})
    leaver.refresh_from_db()
    assert leaver.is_active
    response = preview(hr_client, organisation, csv_bytes())
    hr_client.post(response["Location"], {"apply": "1", "deactivate_missing": "on"})
    leaver.refresh_from_db()
    hr.refresh_from_db()
    assert not leaver.is_active
    assert not leaver.user.is_active
    assert hr.is_active  # HR is never deactivated by their own import


def test_a_file_with_errors_cannot_be_applied_and_nothing_is_half_written(
    hr_client, hr, organisation, units
) -> None:
    """With one bad row among good ones, is the preview a list of errors and apply refused entirely?"""
    rows = [*ROWS, "100009,,,,総務部/人事課/人事係,,"]
    response = preview(hr_client, organisation, csv_bytes(rows))
    page = hr_client.get(response["Location"]).content.decode()
    assert 'name="apply"' not in page
    assert ">5<" in page  # the row number of the bad row
    before = StaffProfile.objects.count()
    result = hr_client.post(response["Location"], {"apply": "1"}, follow=True)
    assert StaffProfile.objects.count() == before
    assert RosterImport.objects.get().state == ImportState.PREVIEWED
    assert result.status_code == 200


def test_apply_is_atomic_when_the_database_refuses_a_row(
    hr, organisation, units, monkeypatch
) -> None:
    """If creating the third person fails, are the first two rolled back too?"""
    from lms.reports.roster import applying

    calls = {"n": 0}
    real = applying.create_staff

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(applying, "create_staff", failing)
    roster_import = _import(organisation, csv_bytes(), hr)
    with pytest.raises(RuntimeError):
        apply(roster_import, deactivate_missing=False, actor=hr.user)
    assert not StaffProfile.objects.filter(employee_number__startswith="10000").exists()
    roster_import.refresh_from_db()
    assert roster_import.state == ImportState.PREVIEWED


def test_too_many_rows_stop_the_reading(organisation, settings) -> None:
    """Is a roster longer than the row limit refused (CSV and XLSX) without reading it all?"""
    settings.ROSTER_IMPORT_MAX_ROWS = 2
    with pytest.raises(RosterFileError, match="2"):
        read_table(upload(csv_bytes()))
    rows = [["職員番号", "氏名"]] + [[f"{n}", "山田 太郎"] for n in range(5)]
    with pytest.raises(RosterFileError, match="2"):
        read_table(upload(xlsx_bytes(rows), "roster.xlsx"))
