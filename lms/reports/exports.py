"""Streamed exports as CSV (UTF-8 with BOM, for Japanese Excel) or XLSX (openpyxl, write-only).

Memory stays flat: rows come from ``QuerySet.iterator`` (a server-side cursor on PostgreSQL), CSV is
yielded in batches, and XLSX is written row by row to a temporary file that is then streamed.
Cells that a spreadsheet would run as a formula are escaped with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lms.certification.models import Holding, HoldingState
from lms.certification.validity import ValidityStatus, validity_status
from lms.people.models import StaffProfile
from lms.people.tiers import Tier

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
BATCH_ROWS = 500
CHUNK_SIZE = 2000


def escape_cell(value: object) -> object:
    """A string a spreadsheet would treat as a formula gets a leading apostrophe; others pass as they are."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float | dt.date):
        value = str(value)  # lazy translations, enums
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Export:
    name: str  # file name without extension
    header: list[str]
    rows: Iterable[tuple]


def people_export(people: QuerySet[StaffProfile], name: str = "people") -> Export:
    tiers = {tier.value: str(tier.label) for tier in Tier}
    rows = (
        people.order_by("employee_number")
        .values_list(
            "employee_number",
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "user__email",
            "department__path",
            "position",
            "tier",
            "is_active",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    active, inactive = _("active"), _("inactive")
    return Export(
        name=name,
        header=[
            _("Employee number"),
            _("Family name"),
            _("Given name"),
            _("Family name (kana)"),
            _("Given name (kana)"),
            _("E-mail"),
            _("Department"),
            _("Position"),
            _("Tier"),
            _("Status"),
        ],
        rows=(
            (*row[:8], tiers.get(row[8], row[8]), active if row[9] else inactive) for row in rows
        ),
    )


def holdings_export(holdings: QuerySet[Holding], today: dt.date) -> Export:
    states = dict(HoldingState.choices)
    statuses = dict(ValidityStatus.choices)
    rows = (
        holdings.order_by("staff__employee_number", "certification__code", "issued_on")
        .values_list(
            "staff__employee_number",
            "staff__family_name",
            "staff__given_name",
            "staff__department__path",
            "certification__code",
            "certification__name",
            "issued_on",
            "expires_on",
            "state",
            "certification__renewal_window_months",
            "credential_id",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )

    def shaped() -> Iterator[tuple]:
        for number, family, given, path, code, cert, issued, expires, state, window, cred in rows:
            validity = validity_status(expires_on=expires, renewal_window_months=window, on=today)
            yield (
                number,
                f"{family}\u3000{given}".strip(),
                path,
                code,
                cert,
                issued,
                expires,
                states[state],
                statuses[validity] if state == HoldingState.VERIFIED else "",
                cred,
            )

    return Export(
        name="holdings",
        header=[
            _("Employee number"),
            _("Name"),
            _("Department"),
            _("Code"),
            _("Certification"),
            _("Earned"),
            _("Expires"),
            _("Verification"),
            pgettext("holding status", "Validity"),
            _("Credential ID"),
        ],
        rows=shaped(),
    )


def _cell_text(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_cell(value)


def _csv_chunks(export: Export) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([escape_cell(title) for title in export.header])
    for index, row in enumerate(export.rows, start=1):
        writer.writerow([_cell_text(value) for value in row])
        if index % BATCH_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _disposition(filename: str) -> str:
    return f"attachment; filename=\"{filename.encode('ascii', 'ignore').decode() or 'export'}\"; filename*=UTF-8''{quote(filename)}"


def csv_response(export: Export) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in _csv_chunks(export)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = _disposition(f"{export.name}.csv")
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(export: Export) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.name[:31])
    sheet.append([escape_cell(title) for title in export.header])
    for row in export.rows:
        sheet.append([escape_cell(value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it after streaming)
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _disposition(f"{export.name}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


def respond(export: Export, file_format: str) -> StreamingHttpResponse:
    return xlsx_response(export) if file_format == "xlsx" else csv_response(export)
