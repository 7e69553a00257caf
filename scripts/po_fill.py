#!/usr/bin/env python3
"""Fill empty translations in a .po file from a JSON {msgid: msgstr} file; list what stays empty.

Usage: python scripts/po_fill.py path/to/django.po translations.json
Developer tool: makemessages extracts the strings, this writes the Japanese we supply.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def fill(po_path: Path, translations: dict[str, str]) -> list[str]:
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    missing = []
    out = []
    for block in blocks:
        lines = block.split("\n")
        try:
            id_start = next(i for i, ln in enumerate(lines) if ln.startswith("msgid "))
            str_start = next(i for i, ln in enumerate(lines) if ln.startswith("msgstr"))
        except StopIteration:
            out.append(block)
            continue
        if any(ln.startswith("msgid_plural") for ln in lines):
            out.append(block)
            continue
        msgid = _unquote([lines[id_start][6:], *lines[id_start + 1 : str_start]])
        msgstr = _unquote(
            [lines[str_start][7:], *[ln for ln in lines[str_start + 1 :] if ln.startswith('"')]]
        )
        is_fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        if msgid and (not msgstr or is_fuzzy):
            if msgid in translations:
                lines = [
                    ln for ln in lines[:str_start] if not (ln.startswith("#,") and "fuzzy" in ln)
                ]
                lines = [ln for ln in lines if not ln.startswith("#| ")]
                lines.append(f"msgstr {_quote(translations[msgid])}")
            else:
                missing.append(msgid)
        out.append("\n".join(lines))
    po_path.write_text("\n\n".join(out), encoding="utf-8")
    return missing


if __name__ == "__main__":
    po, table = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    left = fill(po, table)
    for msgid in left:
        print("untranslated:", re.sub(r"\s+", " ", msgid)[:100])
    sys.exit(1 if left else 0)
