"""A late attempt under the penalty policy: its feedback page says why its score is lower."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from grading.learner import submission_status
from grading.models import GradeStatus, LatePolicy
from grading.services.grades import apply_totals
from grading.services.submissions import submit
from notebooks.report import CellScore, ScoreReport
from tests.grading.conftest import answers_file
from tests.grading.factories import published_exercise

pytestmark = pytest.mark.django_db

FULL_MARKS = ScoreReport(cells=(CellScore("test_a", "autograded", "passed", 5.0, 5.0),))


def graded(exercise, learner, language: str):
    submission = submit(
        exercise=exercise, learner=learner, data=answers_file(exercise, {}), language=language
    )
    grade = submission.grades.get()
    grade.status = GradeStatus.GRADED
    grade.results = FULL_MARKS.as_dict()
    apply_totals(grade)
    grade.save()
    return submission, grade


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("ja", "期限後の提出のため 20% 減点され、この提出の得点は 4 / 5 です。"),
        ("en", "Submitted after the due date: 20% is taken off, so this attempt scores 4 / 5."),
    ],
)
def test_late_penalty_is_explained_in_the_feedback(learner, language, note) -> None:
    """The feedback said "得点: 5 / 5" while the attempt history, best score and gradebook said
    4 / 5, with nothing on the page saying why."""
    exercise = published_exercise(
        due_at=timezone.now() - timedelta(days=1),
        late_policy=LatePolicy.PENALTY,
        late_penalty_percent=20,
    )
    submission, grade = graded(exercise, learner, language)
    assert (grade.score, grade.raw_score) == (4.0, 5.0)
    status = submission_status(submission)
    assert (status["score"], status["max_score"]) == (4.0, 5.0)
    summary = status["feedback_html"].split('<div class="manabi-feedback-summary">')[1]
    summary = summary.split("</div>")[0]
    assert f'<p class="manabi-feedback-late">{note}</p>' in summary


@pytest.mark.parametrize("policy", [LatePolicy.ACCEPT, LatePolicy.PENALTY])
def test_no_note_without_a_penalty(learner, policy) -> None:
    """On time under the penalty policy, or late under "accept": nothing is taken off or said."""
    due = timezone.now() + timedelta(days=1 if policy == LatePolicy.PENALTY else -1)
    exercise = published_exercise(due_at=due, late_policy=policy, late_penalty_percent=20)
    _submission, grade = graded(exercise, learner, "ja")
    assert grade.score == 5.0
    assert "manabi-feedback-late" not in grade.feedback_html
