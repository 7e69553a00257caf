"""Reads an uploaded roster into a header and rows of strings; every file-level problem is a RosterFileError."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils.cell import get_column_letter

from . import xlsx

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format, and password-protected workbooks
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# An XLSX is a zip of XML: a few hundred kilobytes can unpack to gigabytes (one 300 MB cell was read
# from a 310 KB file). Its members may together unpack to this many times the upload limit; a roster of
# 50 000 people written by openpyxl unpacks to about 32 MB, well inside 6 × 10 MB.
XLSX_EXPANSION_LIMIT = 6
# No roster value needs more (the longest, an e-mail address, has 254); a longer cell is a row error
# and only its beginning is kept, so an upload never stores a huge value in the preview.
MAX_CELL_CHARACTERS = 1000
# How far down a sheet the header row is looked for when choosing the sheet that holds the roster.
HEADER_SEARCH_ROWS = 20


class RosterFileError(ValueError):
    """The whole file cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    encoding: str  # "utf-8", "utf-8-sig", "cp932" or "xlsx"
    problems: dict[int, list[str]] = field(default_factory=dict)  # row errors seen while reading


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding: UTF-8 with or without BOM, else CP932 (Shift_JIS as Excel writes it)."""
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise RosterFileError(
                _("The file starts like UTF-8 but byte %(position)s is not valid UTF-8.")
                % {"position": error.start + len(UTF8_BOM)}
            ) from None
    if data.startswith(UTF16_BOMS):
        raise RosterFileError(
            _(
                "The file is in UTF-16 (Excel's “Unicode text”). Save it as “CSV UTF-8” or “CSV” instead."
            )
        )
    if b"\x00" in data[:4096]:
        raise RosterFileError(_("The file is not a text file. Upload a CSV or XLSX file."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as error:
        raise RosterFileError(
            _(
                "The file is neither UTF-8 nor Shift_JIS (byte %(position)s cannot be read). "
                "Save it from Excel as “CSV UTF-8” and upload it again."
            )
            % {"position": error.start}
        ) from None


def _capped(number: int, cells: list[str], problems: dict[int, list[str]]) -> list[str]:
    """The cells with any too-long one cut to its beginning, and a row problem naming it."""
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARACTERS:
            problems.setdefault(number, []).append(
                _(
                    "Cell %(cell)s holds %(count)s characters; a roster cell may hold at most "
                    "%(limit)s."
                )
                % {
                    "cell": f"{get_column_letter(index + 1)}{number}",
                    "count": f"{len(cell):,}",
                    "limit": MAX_CELL_CHARACTERS,
                }
            )
            cells[index] = cell[:MAX_CELL_CHARACTERS]
    return cells


def _csv_rows(text: str) -> tuple[list[tuple[int, list[str]]], dict[int, list[str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    # strict: an unclosed quote is an error, not the rest of the file swallowed into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: dict[int, list[str]] = {}
    rows = []
    try:
        for number, row in enumerate(reader, start=1):  # records, as a spreadsheet numbers rows
            rows.append((number, _capped(number, row, problems)))
            _check_row_count(number)
        return rows, problems
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # the csv module's own cap on a cell
            raise RosterFileError(
                _(
                    "Row %(row)s of the CSV holds a cell of more than %(size)s characters (or a "
                    "quotation mark that is never closed); a roster cell may hold at most "
                    "%(limit)s."
                )
                % {
                    "row": len(rows) + 1,
                    "size": f"{csv.field_size_limit():,}",
                    "limit": MAX_CELL_CHARACTERS,
                }
            ) from None
        raise RosterFileError(
            _(
                "Row %(row)s of the CSV cannot be read: a quotation mark is not closed, or text "
                "follows a closing one (%(error)s)."
            )
            % {"row": len(rows) + 1, "error": error}
        ) from None


def _check_unpacked_size(upload: UploadedFile) -> None:
    """Refuses an XLSX whose members unpack to more than the limit, before openpyxl reads any.

    The sizes are those the zip declares; Python's zipfile never unpacks a member past its declared
    size (a lie ends in a CRC error), so the sum bounds what openpyxl can read.
    """
    limit = settings.ROSTER_IMPORT_MAX_BYTES * XLSX_EXPANSION_LIMIT
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise RosterFileError(
            _("The Excel file cannot be opened. Save it again as .xlsx or as CSV.")
        ) from None
    finally:
        upload.seek(0)
    if unpacked > limit:
        raise RosterFileError(
            _(
                "The Excel file unpacks to %(size)s; the limit is %(limit)s. Delete unused sheets "
                "and very long cells, or save the roster as CSV."
            )
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
        )


def _xlsx_rows(upload: UploadedFile) -> tuple[list[tuple[int, list[str]]], dict[int, list[str]]]:
    from openpyxl import load_workbook

    _check_unpacked_size(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise RosterFileError(
            _("The Excel file cannot be opened. Save it again as .xlsx or as CSV.")
        ) from None
    try:
        sheet = _roster_sheet(workbook)
        rows = []
        problems: dict[int, list[str]] = {}
        for number, row in enumerate(sheet.iter_rows(), start=1):
            rows.append((number, _capped(number, [xlsx.cell_text(cell) for cell in row], problems)))
            _check_row_count(number)
        for number, found in xlsx.hidden_problems(sheet).items():
            problems.setdefault(number, []).extend(found)
        return rows, problems
    finally:
        workbook.close()


def _names_the_columns(cells: list[str]) -> bool:
    from .columns import HeaderError, map_header

    try:
        map_header(cells)
    except HeaderError:
        return False
    return True


def _header_index(rows: list[tuple[int, list[str]]]) -> int:
    """Where the header is: the first filled row naming the columns, after a title line or two
    ("職員名簿（令和8年4月1日現在）") as Japanese spreadsheets often have; else the first row."""
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _names_the_columns(cells):
            return index
    return 0


def _roster_sheet(workbook):
    """The first sheet with a row naming the roster's columns near its top, else the first sheet.

    Workbooks often open with a sheet of instructions or a cover page: the roster is on the next one.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS):
            if _names_the_columns([xlsx.cell_text(cell) for cell in row]):
                return sheet
    return workbook.worksheets[0]


def _check_row_count(rows_read: int) -> None:
    """Stops reading as soon as the file has more rows than allowed (a header, then the limit)."""
    limit = settings.ROSTER_IMPORT_MAX_ROWS
    if rows_read > limit + 1:
        raise RosterFileError(
            _("The file has more than %(limit)s rows; the limit is %(limit)s.") % {"limit": limit}
        )


def read_table(upload: UploadedFile) -> Table:
    limit = settings.ROSTER_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise RosterFileError(
            _(
                "The file is %(size)s; the limit is %(limit)s. Remove unused columns or sheets, "
                "or split the roster into several files."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise RosterFileError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE_MAGIC):
        raise RosterFileError(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook. Save it as "
                ".xlsx without a password, or as CSV."
            )
        )
    if head.startswith(ZIP_MAGIC):
        (rows, problems), encoding = _xlsx_rows(upload), "xlsx"
    else:
        text, encoding = decode(upload.read())
        rows, problems = _csv_rows(text)
    rows = [(number, cells) for number, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        raise RosterFileError(_("The file has no rows."))
    start = _header_index(rows)
    _header_row, header = rows[start]
    body = rows[start + 1 :]
    if not body:
        raise RosterFileError(_("The file has only its header row: no people to import."))
    if len(body) > settings.ROSTER_IMPORT_MAX_ROWS:  # blank lines were not counted while reading
        raise RosterFileError(
            _("The file has more than %(limit)s rows; the limit is %(limit)s.")
            % {"limit": settings.ROSTER_IMPORT_MAX_ROWS}
        )
    return Table(header=header, rows=body, encoding=encoding, problems=problems)
