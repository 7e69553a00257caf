"""docs/settings.md, where the roster settings are described, states the roster limits fixed in code."""

from __future__ import annotations

import re
from pathlib import Path

from lms.reports.roster.reading import XLSX_EXPANSION_LIMIT
from lms.reports.roster.retention import PREVIEW_KEPT_DAYS

SETTINGS_DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_settings_doc_states_the_xlsx_unpack_limit_and_the_preview_retention():
    """Does an operator reading the roster settings learn the XLSX unpack limit (a multiple of
    ROSTER_IMPORT_MAX_BYTES, 60 MB by default) and how long unapplied previews are kept, with the values
    the code uses?"""
    text = SETTINGS_DOC.read_text(encoding="utf-8")
    default = int(re.search(r"\| `ROSTER_IMPORT_MAX_BYTES` \| `(\d+)`", text).group(1))
    assert f"at most {XLSX_EXPANSION_LIMIT} × `ROSTER_IMPORT_MAX_BYTES`" in text
    assert f"({XLSX_EXPANSION_LIMIT * default // 2**20} MB with the default;" in text
    assert f"Unapplied previews are kept {PREVIEW_KEPT_DAYS} days" in text
    assert f"open for more than {PREVIEW_KEPT_DAYS} days" in text
