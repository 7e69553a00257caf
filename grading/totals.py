"""A grade's totals: the automatic report, the trainer's manual scores and the late penalty.

One place for the rule, used when a grade is saved and when a trainer enters a manual score. A
manual score replaces only its own cell; the automatic cells come from the report unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from notebooks.report import CellScore, ScoreReport


@dataclass(frozen=True)
class Totals:
    report: ScoreReport
    raw_score: float
    score: float
    max_score: float
    needs_manual_grade: bool
    passed: bool


def apply_manual_scores(report: ScoreReport, manual: Mapping[str, float]) -> ScoreReport:
    """The report with each manually scored cell's score in it (status passed at full marks)."""
    cells = []
    for cell in report.cells:
        if cell.kind == "manual" and cell.grade_id in manual:
            score = min(max(float(manual[cell.grade_id]), 0.0), cell.max_score)
            status = "passed" if score >= cell.max_score else "failed"
            cell = replace(cell, score=score, status=status, needs_manual_grade=False)
        cells.append(cell)
    return replace(report, cells=tuple(cells))


def compute_totals(
    report: ScoreReport, manual: Mapping[str, float], *, late_penalty_percent: int = 0
) -> Totals:
    final = apply_manual_scores(report, manual)
    raw = final.score
    factor = 1.0 - min(max(late_penalty_percent, 0), 100) / 100.0
    return Totals(
        report=final,
        raw_score=raw,
        score=round(raw * factor, 4),
        max_score=final.max_score,
        needs_manual_grade=final.needs_manual_grade,
        passed=all_tests_passed(final.cells),
    )


def all_tests_passed(cells: tuple[CellScore, ...]) -> bool:
    """Full marks on every autograded test (the ``passed`` of ``exercise_graded``)."""
    return all(
        math.isclose(cell.score, cell.max_score) or cell.score >= cell.max_score
        for cell in cells
        if cell.kind == "autograded"
    )
