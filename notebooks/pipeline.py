"""Grading as data: prepare the submission, execute it, collect scores, write the feedback.

The executor is injected: any callable ``execute(nb, limits) -> executed_nb`` (``grading.sandbox``
in production, a plain nbclient runner in tests). The notebook layer never runs code itself.

The notebook flowing through the steps starts as the trainer's source notebook, becomes the
prepared submission, then the executed notebook; the context carries the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nbformat import NotebookNode

from notebooks.feedback import render_feedback_html
from notebooks.report import ScoreReport
from notebooks.scoring import collect_scores
from notebooks.steps import Step, run_steps
from notebooks.submission import (
    SUBMISSION_STEPS,
    VISIBLE_TEST_STEPS,
    SubmissionContext,
    SubmissionNotice,
    prepare_with_notices,
)

Executor = Callable[[NotebookNode, Any], NotebookNode]


@dataclass(frozen=True)
class GradingContext:
    source: NotebookNode
    submitted: NotebookNode
    execute: Executor
    limits: Any
    language: str = "ja"
    visible_only: bool = False
    notices: tuple[SubmissionNotice, ...] = ()
    report: ScoreReport | None = None
    feedback_html: str | None = None


@dataclass(frozen=True)
class GradingResult:
    report: ScoreReport
    feedback_html: str
    executed: NotebookNode
    notices: tuple[SubmissionNotice, ...]


def prepare_submission_step(
    nb: NotebookNode, context: GradingContext
) -> tuple[NotebookNode, GradingContext]:
    """Source + the learner's answers; locked cells, tests and hidden tests from the source."""
    return _prepare(nb, context, SUBMISSION_STEPS, visible_only=False)


def prepare_visible_test_run_step(
    nb: NotebookNode, context: GradingContext
) -> tuple[NotebookNode, GradingContext]:
    """Like :func:`prepare_submission_step`, with hidden tests stripped (the "Run tests" button)."""
    return _prepare(nb, context, VISIBLE_TEST_STEPS, visible_only=True)


def execute_step(nb: NotebookNode, context: GradingContext) -> tuple[NotebookNode, GradingContext]:
    return context.execute(nb, context.limits), context


def collect_scores_step(
    nb: NotebookNode, context: GradingContext
) -> tuple[NotebookNode, GradingContext]:
    report = collect_scores(context.source, nb, visible_only=context.visible_only)
    return nb, dataclasses.replace(context, report=report)


def render_feedback_step(
    nb: NotebookNode, context: GradingContext
) -> tuple[NotebookNode, GradingContext]:
    if context.report is None:
        raise RuntimeError("render_feedback_step needs collect_scores_step to run first")
    html = render_feedback_html(context.report, language=context.language, notices=context.notices)
    return nb, dataclasses.replace(context, feedback_html=html)


GRADING_STEPS: tuple[Step[GradingContext], ...] = (
    prepare_submission_step,
    execute_step,
    collect_scores_step,
    render_feedback_step,
)
VISIBLE_TEST_RUN_STEPS: tuple[Step[GradingContext], ...] = (
    prepare_visible_test_run_step,
    execute_step,
    collect_scores_step,
    render_feedback_step,
)


def grade_submission(
    source_nb: NotebookNode,
    submitted_nb: NotebookNode,
    execute: Executor,
    limits: Any,
    *,
    language: str = "ja",
    steps: tuple[Step[GradingContext], ...] = GRADING_STEPS,
) -> GradingResult:
    """Grade one submission against a validated source notebook.

    Raises :class:`~notebooks.errors.NotebookError` for a notebook of another exercise; whatever
    the executor raises (for example, no sandbox available) propagates unchanged.
    """
    context = GradingContext(
        source=source_nb,
        submitted=submitted_nb,
        execute=execute,
        limits=limits,
        language=language,
    )
    executed, context = run_steps(steps, source_nb, context)
    if context.report is None or context.feedback_html is None:
        raise RuntimeError("grading steps must collect scores and render feedback")
    return GradingResult(
        report=context.report,
        feedback_html=context.feedback_html,
        executed=executed,
        notices=context.notices,
    )


def run_visible_tests(
    source_nb: NotebookNode,
    submitted_nb: NotebookNode,
    execute: Executor,
    limits: Any,
    *,
    language: str = "ja",
) -> GradingResult:
    """A practice run with only the visible tests; nothing hidden is executed."""
    return grade_submission(
        source_nb, submitted_nb, execute, limits, language=language, steps=VISIBLE_TEST_RUN_STEPS
    )


def _prepare(
    nb: NotebookNode,
    context: GradingContext,
    steps: tuple[Step[SubmissionContext], ...],
    *,
    visible_only: bool,
) -> tuple[NotebookNode, GradingContext]:
    prepared, notices = prepare_with_notices(nb, context.submitted, steps)
    return prepared, dataclasses.replace(context, notices=notices, visible_only=visible_only)
