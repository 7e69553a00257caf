"""The learner feedback page: escaped, accessible, Japanese or English, hiding hidden tests."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from notebooks import CellScore, ScoreReport, SubmissionNotice, render_feedback_html
from notebooks.report import CellError

VOID = {"br"}


class Structure(HTMLParser):
    """Records tags and attributes, and checks that every tag is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Structure:
    structure = Structure()
    structure.feed(html)
    structure.close()
    assert structure.open == []
    return structure


def report(*cells: CellScore, visible_only: bool = False) -> ScoreReport:
    return ScoreReport(cells=cells, visible_only=visible_only)


PASSED = CellScore("test_a", "autograded", "passed", 1, 1)
FAILED = CellScore(
    "test_b",
    "autograded",
    "failed",
    0,
    2,
    error=CellError("AssertionError", "expected 3", "Cell In[2], line 1\n----> 1 assert f() == 3"),
    hint="Look at the loop bounds.",
)
HIDDEN = CellScore("test_c", "autograded", "failed", 0, 2, hidden=True, hint="Try n = 0.")
MANUAL = CellScore("essay", "manual", "manual", 0, 3, needs_manual_grade=True)


def test_structure_headings_summary_and_list() -> None:
    """Is the page a labelled section with a heading, a summary and a list item per test?"""
    html = render_feedback_html(report(PASSED, FAILED, HIDDEN, MANUAL), language="en")
    structure = parse(html)
    tags = [tag for tag, _ in structure.tags]
    assert tags[0] == "section"
    assert structure.tags[0][1]["aria-labelledby"] == "manabi-feedback-title"
    assert structure.tags[0][1]["lang"] == "en"
    assert tags.count("h2") == 1
    assert tags.count("h3") == 2
    assert tags.count("ul") == 2
    assert tags.count("li") == 4
    text = " ".join(structure.text)
    assert "Score: 1 / 8" in text
    assert "Tests passed: 1 of 3" in text
    assert "graded by your trainer" in text


def test_japanese_is_the_default() -> None:
    """Is the page Japanese unless another language is asked for?"""
    html = render_feedback_html(report(PASSED, FAILED, HIDDEN, MANUAL))
    assert 'lang="ja"' in html
    for words in ("採点結果", "得点: 1 / 8", "合格", "不合格", "ヒント:", "非公開テスト"):
        assert words in html


@pytest.mark.parametrize("language", ["en", "en-GB", "fr", "", "xx-YY"])
def test_other_languages_fall_back_to_english(language: str) -> None:
    """Does any language other than Japanese give the English page?"""
    html = render_feedback_html(report(PASSED), language=language)
    assert "Results" in html
    assert 'lang="en"' in html


@pytest.mark.parametrize("language", ["ja", "ja-JP", "JA"])
def test_japanese_codes(language: str) -> None:
    """Do "ja", "ja-JP" and "JA" all give Japanese?"""
    assert "採点結果" in render_feedback_html(report(PASSED), language=language)


def test_visible_test_errors_are_shown() -> None:
    """Does a failed visible test show its exception, message, traceback and hint?"""
    html = render_feedback_html(report(FAILED), language="en")
    assert "AssertionError: expected 3" in html
    assert "----&gt; 1 assert f() == 3" in html
    assert "Look at the loop bounds." in html
    assert "<details>" in html


def test_hidden_tests_show_only_failure_and_hint() -> None:
    """Does a hidden test show that it failed and its hint, marked as hidden, nothing more?"""
    html = render_feedback_html(report(HIDDEN), language="en")
    assert "Failed" in html
    assert "hidden test" in html
    assert "Try n = 0." in html
    assert "<pre" not in html
    assert "<details>" not in html


def test_a_withheld_error_shows_its_name_and_points_to_run_tests() -> None:
    """Does a visible test whose error text was withheld (it ran after hidden tests) show the
    built-in exception's name and say where to see the rest, in both languages?"""
    withheld = CellScore(
        "test_d", "autograded", "error", 0, 1, error=CellError("NameError", ""), withheld=True
    )
    english = render_feedback_html(report(withheld), language="en")
    assert "<code>NameError</code>" in english
    assert "Hidden tests ran before this test" in english
    assert "Run tests" in english
    assert "hidden test)" not in english  # the test itself is not a hidden one
    japanese = render_feedback_html(report(withheld))
    assert "「テストを実行」" in japanese
    bare = CellScore("test_e", "autograded", "failed", 0, 1, withheld=True)
    assert "<code>" not in render_feedback_html(report(bare), language="en").split("test_e")[1]


def test_hints_are_not_shown_for_passed_tests() -> None:
    """Is a passed test's hint kept back?"""
    passed_with_hint = CellScore("t", "autograded", "passed", 1, 1, hint="SPOILER")
    assert "SPOILER" not in render_feedback_html(report(passed_with_hint))


def test_everything_is_escaped() -> None:
    """Are error texts, hints and ids escaped so no markup or script gets through?"""
    nasty = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    cell = CellScore(
        'id"><script>',
        "autograded",
        "error",
        0,
        1,
        error=CellError(nasty, nasty, nasty),
        hint=nasty,
    )
    html = render_feedback_html(report(cell), id_prefix='"><script>')
    structure = parse(html)
    assert "<script" not in html
    assert "<img" not in html
    assert all(tag != "script" for tag, _ in structure.tags)
    assert all(
        not name.startswith("on") and name != "style"
        for _, attrs in structure.tags
        for name in attrs
    )
    assert "&lt;script&gt;" in html


def test_statuses_have_their_own_words() -> None:
    """Do timeouts, dead kernels, cells not run, stderr output and unanswered answers each get a
    clear explanation?"""
    cells = (
        CellScore("t1", "autograded", "timeout", 0, 1),
        CellScore("t2", "autograded", "error", 0, 1, error=CellError("DeadKernelError", "stopped")),
        CellScore("t3", "autograded", "not_run", 0, 1),
        CellScore("t4", "autograded", "failed", 0, 1, error=CellError("", "DeprecationWarning")),
        CellScore("a1", "manual", "unanswered", 0, 1),
    )
    html = render_feedback_html(report(*cells), language="en")
    assert "did not finish within the time limit" in html
    assert "kernel stopped while running this test" in html
    assert "did not run because the kernel stopped earlier" in html
    assert "wrote to standard error" in html
    assert "DeprecationWarning" in html
    assert "Not answered" in html


def test_practice_run_and_no_cells() -> None:
    """Does a practice run say so, and an exercise without graded cells say that?"""
    assert "visible tests only" in render_feedback_html(
        report(PASSED, visible_only=True), language="en"
    )
    assert "no graded cells" in render_feedback_html(report(), language="en")


def test_notices_about_the_file() -> None:
    """Are notices about missing or retyped answers listed?"""
    html = render_feedback_html(
        report(PASSED),
        language="en",
        notices=(SubmissionNotice("answer_missing", "total"),),
    )
    assert "The answer cell total was missing" in html
    parse(html)


def test_heading_level_and_id_prefix() -> None:
    """Can the page start at another heading level with its own ids (two on one page)?"""
    html = render_feedback_html(report(PASSED), heading_level=3, id_prefix="attempt-2")
    assert '<h3 id="attempt-2-title">' in html
    assert '<h4 id="attempt-2-tests">' in html


def test_scores_are_formatted_briefly() -> None:
    """Are scores shown as 1.5 and 2 rather than 1.50 or 2.0?"""
    cell = CellScore("t", "autograded", "failed", 1.5, 2, error=CellError("E", ""))
    assert "1.5 / 2" in render_feedback_html(report(cell), language="en")
