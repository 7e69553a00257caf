"""Every user-facing string has its Japanese translation."""

import re
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

CATALOGUES = sorted(
    p
    for p in PROJECT_ROOT.glob("**/locale/ja/LC_MESSAGES/django.po")
    if not {".venv", "var", "node_modules"} & set(p.relative_to(PROJECT_ROOT).parts)
)


def entries(po: Path, *, with_context: bool = True) -> list[tuple[str, str, bool]]:
    result = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        if not with_context and re.search(r"^msgctxt ", block, re.MULTILINE):
            continue
        fuzzy = bool(re.search(r"^#,.*\bfuzzy\b", block, re.MULTILINE))
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgstr")[0], re.MULTILINE))
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.MULTILINE)
        values = [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strs]
        if msgid:
            result.append((msgid, "".join(values), fuzzy))
    return result


def test_there_is_a_japanese_catalogue() -> None:
    """Is there at least the shared catalogue of the base templates?"""
    assert PROJECT_ROOT / "lms/locale/ja/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entries(po: Path) -> None:
    """Does every extracted string have a Japanese translation that a reviewer has confirmed?"""
    problems = [msgid for msgid, msgstr, fuzzy in entries(po) if fuzzy or not msgstr]
    assert problems == [], f"untranslated or fuzzy in {po}: {problems[:10]}"
    header = po.read_text(encoding="utf-8").split("\n\n")[0]
    assert "fuzzy" not in header
    assert "plural=0" in header


def test_one_english_term_has_one_japanese_translation() -> None:
    """Django merges every app's catalogue and the first app wins: does a string without a context
    read the same in every catalogue, so that no app's words depend on another app's order?"""
    seen: dict[str, dict[str, str]] = {}
    for po in CATALOGUES:
        app = str(po.relative_to(PROJECT_ROOT)).split("/locale/")[0]
        for msgid, msgstr, _fuzzy in entries(po, with_context=False):
            seen.setdefault(msgid, {})[app] = msgstr
    clashes = {msgid: apps for msgid, apps in seen.items() if len(set(apps.values())) > 1}
    assert clashes == {}
