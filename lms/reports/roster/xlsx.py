"""What an XLSX roster's cells say, and what openpyxl's read-only mode does not show.

Read-only openpyxl streams the sheet but hides two things a roster must not lose silently:
- merged cells: only the first cell of a merged range holds the value, so the other rows of a
  vertically merged 所属 column would arrive without a department;
- formulas whose result was never saved (files written by scripts, not by Excel): they read as empty.
Both are found by one scan of the sheet's XML, in chunks (the file may decompress to far more than it
weighs). Employee numbers typed as numbers with a "000000" format keep their leading zeros.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries

SCAN_CHUNK = 1 << 20
SCAN_OVERLAP = 1 << 16  # a cell or merge element cut by a chunk boundary is found in the next read
_NS = rb"(?:\w+:)?"
MERGED = re.compile(rb"<" + _NS + rb'mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
# <c r="A6"><f>…</f></c>, or with an empty <v/> or <v></v>: a formula with no saved result.
UNSAVED_FORMULA = re.compile(
    rb"<" + _NS + rb'c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*'
    rb"<" + _NS + rb"f\b[^>]*?(?:/>|>[^<]*</" + _NS + rb"f>)\s*"
    rb"(?:<" + _NS + rb"v\s*/>|<" + _NS + rb"v>\s*</" + _NS + rb"v>)?\s*"
    rb"</" + _NS + rb"c>"
)
ZERO_PADDED_FORMAT = re.compile(r"0+")


def cell_text(cell) -> str:
    """A cell as the text a spreadsheet shows: 123 formatted "000000" is "000123", 100001.0 is "100001"."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        text = str(int(value))
        number_format = getattr(cell, "number_format", "") or ""
        if ZERO_PADDED_FORMAT.fullmatch(number_format):
            text = text.zfill(len(number_format))
        return text
    return str(value)


def _scan(source) -> tuple[set[str], set[str]]:
    """(merged ranges, cells holding an unsaved formula) of a sheet's XML stream."""
    merged: set[str] = set()
    unsaved: set[str] = set()
    tail = b""
    while chunk := source.read(SCAN_CHUNK):
        text = tail + chunk
        merged.update(match.decode() for match in MERGED.findall(text))
        unsaved.update(match.decode() for match in UNSAVED_FORMULA.findall(text))
        tail = text[-SCAN_OVERLAP:]
    return merged, unsaved


def hidden_problems(sheet) -> dict[int, list[str]]:
    """Per row number, the merged cells and unsaved formulas that row holds."""
    with sheet._get_source() as source:  # openpyxl's own stream of this sheet's XML
        merged, unsaved = _scan(source)
    problems: dict[int, list[str]] = defaultdict(list)
    for cells in sorted(merged):
        _first_col, first_row, _last_col, last_row = range_boundaries(cells)
        for row in range(first_row, last_row + 1):
            problems[row].append(
                _("Cells %(cells)s are merged: unmerge them and fill in every row.")
                % {"cells": cells}
            )
    for cell in sorted(unsaved):
        _col, row, _last_col, _last_row = range_boundaries(cell)
        problems[row].append(
            _(
                "Cell %(cell)s holds a formula whose result was never saved: open the file in "
                "Excel and save it, or paste the values."
            )
            % {"cell": cell}
        )
    return dict(problems)
