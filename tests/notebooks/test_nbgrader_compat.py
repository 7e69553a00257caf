"""Every pair in nbgrader's expected.json grades to nbgrader 0.9.6's own numbers.

Each pair is a trainer's source and a student's submission; nbgrader generated the assignment from
the source and autograded the submission. We prepare, execute (the sandbox's kernels, with the
pair's per-cell timeout) and score the same files and must agree on the total, the maximum, whether a
manual grade is needed, and every cell's score.
"""

from __future__ import annotations

import json

import pytest

from grading.execution import make_limits, run_pipeline
from notebooks import read_notebook, read_source
from tests.notebooks.conftest import NBGRADER

EXPECTED = json.loads((NBGRADER / "expected.json").read_text(encoding="utf-8"))
NBGRADER_DEFAULT_TIMEOUT_S = 30.0


@pytest.mark.kernel
@pytest.mark.parametrize("pair", sorted(EXPECTED), ids=sorted(EXPECTED))
def test_grades_like_nbgrader(pair: str) -> None:
    """Through the workers' own pipeline and sandbox, does this source/submission pair get nbgrader's
    score, max score, manual flag and per-cell scores?"""
    expected = EXPECTED[pair]
    source = read_source((NBGRADER / expected["source"]).read_bytes())
    submitted = read_notebook((NBGRADER / expected["submission"]).read_bytes())
    timeout_s = float(expected["timeout_s"] or NBGRADER_DEFAULT_TIMEOUT_S)
    limits = make_limits(cell_timeout_s=timeout_s, notebook_timeout_s=120)

    result, record = run_pipeline(source, submitted, limits)
    report = result.report

    assert record.sandboxed is True

    assert {cell.grade_id: [cell.score, cell.max_score] for cell in report.cells} == expected[
        "cells"
    ]
    assert report.score == pytest.approx(expected["score"])
    assert report.max_score == pytest.approx(expected["max_score"])
    assert report.needs_manual_grade is expected["needs_manual_grade"]


def test_every_pair_is_covered() -> None:
    """Does the fixture still hold the 14 pairs this suite was written against, including the
    timeout ones?"""
    assert len(EXPECTED) == 14
    assert {name for name, pair in EXPECTED.items() if pair["timeout_s"]} == {
        "apps-timeout-2s",
        "apps-infinite-loop-1s",
    }
