"""Manabi's notebook layer: plain Python over nbformat, no Django (a test enforces it).

Read and validate notebooks, make the learner version, prepare a submission, score an executed
notebook by nbgrader's rules and render the learner's feedback. See ``docs/notebook-format.md``.
"""

from notebooks.errors import ErrorCode, NotebookError
from notebooks.feedback import render_feedback_html
from notebooks.pipeline import (
    GRADING_STEPS,
    VISIBLE_TEST_RUN_STEPS,
    Executor,
    GradingContext,
    GradingResult,
    grade_submission,
    run_visible_tests,
)
from notebooks.read import ReadLimits, read_notebook
from notebooks.release import RELEASE_STEPS, ReleaseContext, make_learner_version
from notebooks.report import CELL_STATUSES, CellError, CellScore, ScoreReport
from notebooks.schema import upgrade_metadata
from notebooks.scoring import collect_scores
from notebooks.submission import (
    SUBMISSION_STEPS,
    VISIBLE_TEST_STEPS,
    SubmissionNotice,
    prepare_submission,
    prepare_visible_test_run,
    prepare_with_notices,
)
from notebooks.validate import read_source, source_problems, validate_source

__all__ = [
    "CELL_STATUSES",
    "GRADING_STEPS",
    "RELEASE_STEPS",
    "SUBMISSION_STEPS",
    "VISIBLE_TEST_RUN_STEPS",
    "VISIBLE_TEST_STEPS",
    "CellError",
    "CellScore",
    "ErrorCode",
    "Executor",
    "GradingContext",
    "GradingResult",
    "NotebookError",
    "ReadLimits",
    "ReleaseContext",
    "ScoreReport",
    "SubmissionNotice",
    "collect_scores",
    "grade_submission",
    "make_learner_version",
    "prepare_submission",
    "prepare_visible_test_run",
    "prepare_with_notices",
    "read_notebook",
    "read_source",
    "render_feedback_html",
    "run_visible_tests",
    "source_problems",
    "upgrade_metadata",
    "validate_source",
]
