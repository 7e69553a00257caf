"""Claims on a grade when the exercise's tests change while a worker is grading it."""

from __future__ import annotations

import pytest

from grading.models import GradeStatus
from grading.services.grades import Claim, Outcome, claim_grade, request_grade, save_outcome
from grading.services.submissions import submit
from notebooks.report import ScoreReport
from tests.grading.conftest import answers_file
from tests.grading.factories import ExerciseVersionFactory, published_exercise

pytestmark = pytest.mark.django_db

OUTCOME = Outcome(
    report=ScoreReport(cells=()),
    feedback_html="",
    notices=(),
    timed_out=False,
    log="",
    timings={},
    sandboxed=True,
    executor_version="test",
)


def test_new_tests_take_a_running_grade_back_from_its_worker(learner) -> None:
    """A re-grade against another version arrives while a worker grades against the old tests:
    is the worker's result discarded and the grade queued again against the new version (rather
    than the re-grade being lost)?"""
    exercise = published_exercise("python-basics.ipynb")
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    old = claim_grade(submission.pk, worker="elsewhere:1")
    assert isinstance(old, Claim)
    new_version = ExerciseVersionFactory(exercise=exercise, source="python-basics.ipynb", number=2)

    grade = request_grade(submission, new_version, reason="tests_changed")

    assert (grade.status, grade.exercise_version) == (GradeStatus.QUEUED, new_version)
    assert save_outcome(old, OUTCOME) is None
    again = claim_grade(submission.pk, worker="another:2")
    assert isinstance(again, Claim)
    assert again.version_id == new_version.pk
    assert save_outcome(again, OUTCOME) is not None
    assert submission.grades.get().status == GradeStatus.GRADED


def test_a_regrade_with_the_same_tests_leaves_a_running_grade_alone(learner) -> None:
    """Pressing "re-grade" while a worker grades against the same version changes nothing."""
    exercise = published_exercise("python-basics.ipynb")
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    claim = claim_grade(submission.pk, worker="elsewhere:1")
    grade = request_grade(submission, exercise.published_version, reason="regrade")
    assert grade.status == GradeStatus.RUNNING
    assert save_outcome(claim, OUTCOME) is not None
