"""The one rule for a grade's totals: automatic report + manual scores, then the late penalty."""

from __future__ import annotations

from grading.totals import compute_totals
from notebooks.report import CellScore, ScoreReport

REPORT = ScoreReport(
    cells=(
        CellScore("test_a", "autograded", "passed", 2.0, 2.0),
        CellScore("test_b", "autograded", "failed", 0.0, 1.0, hidden=True),
        CellScore("essay", "manual", "manual", 0.0, 3.0, needs_manual_grade=True),
    )
)


def test_manual_score_fills_its_cell_only() -> None:
    totals = compute_totals(REPORT, {"essay": 2.5, "test_a": 0.0})
    assert totals.raw_score == 4.5  # test_a's automatic score is not overridden
    assert totals.max_score == 6.0
    assert totals.needs_manual_grade is False
    assert totals.passed is False  # test_b failed


def test_manual_score_is_capped_and_pending_until_given() -> None:
    assert compute_totals(REPORT, {}).needs_manual_grade is True
    assert compute_totals(REPORT, {"essay": 99}).raw_score == 5.0


def test_late_penalty_applies_to_the_whole_score() -> None:
    totals = compute_totals(REPORT, {"essay": 3.0}, late_penalty_percent=20)
    assert totals.raw_score == 5.0
    assert totals.score == 4.0


def test_passed_means_full_marks_on_every_autograded_test() -> None:
    report = ScoreReport(cells=(CellScore("t", "autograded", "passed", 1.0, 1.0),))
    assert compute_totals(report, {}).passed is True
