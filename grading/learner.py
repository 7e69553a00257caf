"""What a learner sees of an exercise: its cells, their attempts, best score and live status.

Read-only queries, shared by the lesson panel, the exercise page and the JSON endpoints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from grading.models import Exercise, ExerciseVersion, GradeStatus, Purpose, Submission
from grading.services.exercises import current_grade, load_source
from grading.services.submissions import can_submit_to
from notebooks import cells
from notebooks.release import make_learner_version

_HEADING = re.compile(r"<(/?)h([1-6])\b")


@dataclass
class PanelState:
    exercise: Exercise
    available: bool
    cells: list[dict] = field(default_factory=list)
    attempts: list[dict] = field(default_factory=list)
    best: dict | None = None
    attempts_used: int = 0
    attempts_left: int | None = None
    can_submit: bool = False
    closed_reason: str = ""
    pending_id: int | None = None


def display_cells(version: ExerciseVersion | None) -> list[dict]:
    """The learner version's cells, for the page: prose as safe HTML, code read-only, answers
    editable. Hidden tests and solutions are not in the learner version to begin with."""
    if version is None:
        return []
    learner_nb = make_learner_version(load_source(version))
    shown = []
    for index, cell in enumerate(learner_nb.cells):
        text = cells.source_text(cell)
        entry = {"index": index, "grade_id": cells.grade_id(cell), "source": text}
        if cells.is_solution(cell):
            entry["kind"] = "answer" if cell.cell_type == "code" else "answer_text"
        elif cell.cell_type == "markdown":
            entry["kind"] = "markdown"
            entry["html"] = demote_headings(
                nh3.clean(markdown.markdown(text, extensions=["fenced_code", "tables"]))
            )
        elif cell.cell_type == "code":
            entry["kind"] = "test" if cells.is_test(cell) else "code"
            entry["points"] = cells.points(cell) if cells.is_test(cell) else None
        else:
            continue
        shown.append(entry)
    return shown


def demote_headings(html: str, by: int = 2) -> str:
    """The notebook's headings sit under the panel's own (h2): an h1 becomes an h3."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + by, 6)}", html)


def panel_state(exercise: Exercise, user: object, *, with_cells: bool = True) -> PanelState:
    available = exercise.published_version_id is not None and can_submit_to(exercise, user)
    state = PanelState(exercise=exercise, available=available)
    if not available:
        return state
    if with_cells:
        state.cells = display_cells(exercise.published_version)
    mine = Submission.objects.filter(exercise=exercise, learner=user).prefetch_related("grades")
    ordered = mine.order_by("-submitted_at", "-id")
    state.attempts = [submission_status(s) for s in ordered.filter(purpose=Purpose.SUBMISSION)]
    latest = ordered.first()
    latest_grade = current_grade(latest) if latest is not None else None
    state.pending_id = latest.pk if latest_grade is not None and latest_grade.is_pending else None
    state.best = best_attempt(state.attempts)
    # As the submit service counts them: an attempt whose grading failed on our side is not used up.
    state.attempts_used = sum(a["status"] != GradeStatus.FAILED for a in state.attempts)
    if exercise.attempts_allowed:
        state.attempts_left = max(exercise.attempts_allowed - state.attempts_used, 0)
    state.can_submit = True
    if state.attempts_left == 0:
        state.can_submit = False
        state.closed_reason = _("You have used all your attempts.")
    elif exercise.is_past_due() and exercise.late_policy == "reject":
        state.can_submit = False
        state.closed_reason = _("The due date has passed; submissions are closed.")
    return state


def best_attempt(attempts: list[dict]) -> dict | None:
    scored = [a for a in attempts if a["score"] is not None]
    return max(scored, key=lambda a: (a["score"], -a["id"])) if scored else None


def submission_status(submission: Submission) -> dict:
    """The JSON the browser polls, and each row of the attempt history."""
    grade = current_grade(submission)
    status = grade.status if grade else GradeStatus.QUEUED
    regrading = any(g.is_pending for g in submission.grades.all()) and bool(
        grade and grade.is_final
    )
    final = bool(grade and grade.is_final)
    return {
        "id": submission.pk,
        "attempt": submission.attempt_number,
        "practice": submission.is_practice,
        "submitted_at": submission.submitted_at.isoformat(),
        "submitted_display": date_format(localtime(submission.submitted_at), "Y-m-d H:i"),
        "late": submission.is_late,
        "status": status,
        "status_label": str(GradeStatus(status).label),
        "final": final,
        "regrading": regrading,
        "score": grade.score if final and grade.score is not None else None,
        "max_score": grade.max_score if final else None,
        "passed": grade.passed if final else False,
        "needs_manual_grade": grade.needs_manual_grade if final else False,
        "sandboxed": grade.sandboxed if final else None,
        "feedback_html": grade.feedback_html if final else "",
        "error": _(
            "Grading could not be completed. Your trainer has been told; please try again later."
        )
        if status == GradeStatus.FAILED
        else "",
        "cells": [
            {k: c.get(k) for k in ("grade_id", "kind", "status", "score", "max_score", "hidden")}
            for c in (grade.results.get("cells", []) if final and grade.results else [])
        ],
        "status_url": reverse("grading:submission_status", args=[submission.pk]),
        "feedback_url": reverse("grading:submission_feedback", args=[submission.pk]),
    }


def attempts_summary(exercise: Exercise, user: object) -> dict:
    state = panel_state(exercise, user, with_cells=False)
    return {
        "attempts": state.attempts,
        "best": state.best,
        "attempts_used": state.attempts_used,
        "attempts_left": state.attempts_left,
        "can_submit": state.can_submit,
        "closed_reason": state.closed_reason,
    }
