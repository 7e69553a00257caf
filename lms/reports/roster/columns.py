"""Which column is which: Japanese and English headers, in any order, full- or half-width."""

from __future__ import annotations

import re
import unicodedata

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.people.tiers import Tier

FIELDS = (
    "employee_number",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "email",
    "department",
    "position",
    "tier",
    "status",
)
# Columns holding both parts of a name ("山田 太郎"), split at the first space.
COMBINED = {"name": ("family_name", "given_name"), "kana": ("family_name_kana", "given_name_kana")}

ALIASES = {
    "employee_number": [
        "職員番号",
        "社員番号",
        "employee number",
        "employee_number",
        "employee no",
    ],
    "name": ["氏名", "name", "full name"],
    "kana": ["氏名(カナ)", "フリガナ", "ふりがな", "カナ", "kana", "name (kana)"],
    "family_name": ["姓", "family name", "family_name", "surname", "last name"],
    "given_name": ["名", "given name", "given_name", "first name"],
    "family_name_kana": ["姓(カナ)", "セイ", "family name (kana)", "family_name_kana"],
    "given_name_kana": ["名(カナ)", "メイ", "given name (kana)", "given_name_kana"],
    "email": ["メールアドレス", "メール", "e-mail", "email", "mail"],
    "department": ["所属", "所属パス", "部署", "department", "department path"],
    "position": ["職名", "役職", "職位", "position", "title"],
    "tier": ["階層", "研修階層", "tier"],
    # The people export's last column: a row saying "inactive" never brings a person back.
    "status": ["状態", "在籍状況", "在職状況", "status"],
}
REQUIRED = ("employee_number", "family_name")
# Manabi's exports put an apostrophe before a value a spreadsheet would run as a formula ("'-", "'+81…");
# importing the exported file must give back the value itself, so such an apostrophe is dropped.
FORMULA_ESCAPE = re.compile(r"^'(?=[=+\-@\t\r])")
# Half-width katakana (ｶﾀｶﾅ, as old systems export names) become full-width, as the rest of Manabi
# writes them; NFKC is applied to these characters only, since it would change some kanji of names.
HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")


def full_width_kana(text: str) -> str:
    """The text with half-width katakana made full-width (ﾔﾏﾀﾞ → ヤマダ); nothing else changes."""
    return HALF_WIDTH_KANA.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)


def normalise(text: str) -> str:
    """NFKC, lower case, no spaces: "氏名（カナ）" and "氏名 (カナ)" compare equal."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()


_LOOKUP = {normalise(alias): key for key, aliases in ALIASES.items() for alias in aliases}


class HeaderError(ValueError):
    pass


def map_header(header: list[str]) -> dict[str, int]:
    """Column index of each recognised field; raises HeaderError if a required one is missing."""
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _LOOKUP.get(normalise(title))
        if key is not None and key not in found:
            found[key] = index
    for combined, (first, _second) in COMBINED.items():
        if combined in found and first in found:
            del found[combined]  # separate columns win over a combined one
    present = set(found) | {part for key in found if key in COMBINED for part in COMBINED[key]}
    missing = [field for field in REQUIRED if field not in present]
    if missing:
        names = {
            "employee_number": _("employee number (職員番号)"),
            "family_name": _("name (氏名)"),
        }
        raise HeaderError(
            _(
                "The first row must name the columns; missing: %(missing)s. If the headers look "
                "garbled, the file may be in another encoding: save it as “CSV UTF-8”."
            )
            % {"missing": ", ".join(str(names[field]) for field in missing)}
        )
    return found


def ignored_columns(header: list[str]) -> list[str]:
    """The named columns the import does not read (shown on the preview, so nothing is lost unseen)."""
    return [title.strip() for title in header if title.strip() and normalise(title) not in _LOOKUP]


def width_problem(cells: list[str], header: list[str]) -> str | None:
    """A row with fewer cells than the header names, or values beyond the last named column."""
    named = max((index + 1 for index, title in enumerate(header) if title.strip()), default=0)
    filled = max((index + 1 for index, cell in enumerate(cells) if cell.strip()), default=0)
    if len(cells) < named:
        return _(
            "The row has %(found)s columns but the header names %(expected)s: a comma or a cell "
            "is missing."
        ) % {"found": len(cells), "expected": named}
    if filled > named:
        return _(
            "The row has values beyond the %(expected)s named columns: a value may hold an "
            "unquoted comma."
        ) % {"expected": named}
    return None


def split_name(value: str) -> tuple[str, str]:
    parts = value.replace("\u3000", " ").strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def row_values(mapping: dict[str, int], cells: list[str]) -> dict[str, str]:
    def cell(index: int) -> str:
        value = cells[index].strip() if index < len(cells) else ""
        return FORMULA_ESCAPE.sub("", value)

    # Only the fields the file has a column for: a column left out keeps what Manabi holds, while an
    # empty cell in a column that is there means empty (for the tier: 全職員).
    values = {}
    for key, index in mapping.items():
        if key in COMBINED:
            first, second = COMBINED[key]
            values[first], values[second] = split_name(cell(index))
        else:
            values[key] = cell(index)
    return values


def _spellings(codes: dict[str, object]) -> dict[str, str]:
    """{code: label}: the code and the label in English and Japanese, normalised → the code."""
    lookup = {}
    for code, label in codes.items():
        lookup[normalise(code)] = code
        for language in ("en", "ja"):
            with translation.override(language):
                lookup[normalise(str(label))] = code
    return lookup


def tier_lookup() -> dict[str, str]:
    """Every accepted spelling of a tier (code, English, Japanese) → its code."""
    return _spellings({tier.value: tier.label for tier in Tier})


def status_lookup() -> dict[str, str]:
    """Every accepted spelling of the status column (as the people export writes it) → its code."""
    return {
        **_spellings({"active": gettext_lazy("active"), "inactive": gettext_lazy("inactive")}),
        normalise("在職"): "active",
        normalise("在籍"): "active",
        normalise("退職"): "inactive",
    }
