"""Manual grading of a submission's manually graded cells (answers a person must judge)."""

from __future__ import annotations

import unicodedata

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from grading import scoping
from grading.admin_views.exercises import scoped_exercise
from grading.gradebook import display_name
from grading.learner import current_grade
from grading.services.exercises import (
    ActionRefused,
    graded_version,
    load_source,
    set_manual_score,
)
from grading.sources import read_upload
from notebooks import cells


def manual_cells(submission) -> list[dict]:
    """Each manual cell of the version the current grade used: its prompt id, the learner's
    answer text, the maximum and any score."""
    source = load_source(graded_version(submission))
    learner_text: dict[str, str] = {}
    for cell in read_upload(submission.read_bytes()).cells:
        grade_id = cells.grade_id(cell)
        if grade_id:
            learner_text[grade_id] = cells.source_text(cell)
    given = {m.grade_id: m for m in submission.manual_scores.all()}
    return [
        {
            "grade_id": grade_id,
            "max_score": cells.points(cell),
            "answer": learner_text.get(grade_id, ""),
            "is_task": cells.is_task(cell),
            "task": cells.source_text(cell) if cells.is_task(cell) else "",
            "manual": given.get(grade_id),
        }
        for grade_id, cell in cells.graded_cells(source)
        if cells.is_manual(cell)
    ]


def grade_submission(request: HttpRequest, pk: int, submission_pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk)
    submission = get_object_or_404(
        scoping.submissions_for(request.user, exercise).select_related("learner__staff_profile"),
        pk=submission_pk,
    )
    items = manual_cells(submission)
    if request.method == "POST":
        errors = []
        for item in items:
            # NFKC: a Japanese input method in full-width mode sends "１．５" for 1.5.
            raw = unicodedata.normalize("NFKC", request.POST.get(f"score:{item['grade_id']}", ""))
            raw = raw.strip()
            if raw == "":
                continue
            try:
                score = float(raw)
                set_manual_score(
                    submission,
                    item["grade_id"],
                    score,
                    comment=request.POST.get(f"comment:{item['grade_id']}", ""),
                    actor=request.user,
                )
            except ValueError:
                errors.append(
                    _("The score of “%(cell)s”, “%(value)s”, is not a number.")
                    % {"cell": item["grade_id"], "value": raw[:50]}
                )
            except ActionRefused as refused:
                errors.append(refused.message)
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, _("The manual scores were saved."))
            return redirect("grading_exercises:dashboard", pk=pk)
        items = manual_cells(submission)
    return render(
        request,
        "grading/admin/manual.html",
        {
            "exercise": exercise,
            "submission": submission,
            "learner_name": display_name(submission.learner),
            "grade": current_grade(submission),
            "items": items,
            "header_title": _("Manual grading"),
        },
    )
