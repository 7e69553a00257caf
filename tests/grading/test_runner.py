"""The grading service in this process with the real sandbox: claim, grade once, announce."""

from __future__ import annotations

import pytest

from grading import runner
from grading.execution import shutdown_executor
from grading.models import GradeStatus
from grading.services.grades import claim_grade
from grading.services.submissions import submit
from grading.signals import exercise_graded
from tests.grading.conftest import answers_file
from tests.grading.factories import published_exercise

pytestmark = [pytest.mark.kernel, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _executor_closed_after():
    yield
    shutdown_executor()


def test_grade_once_and_announce(learner) -> None:
    """Is ``exercise_graded`` sent once, with the lesson, and does a second run do nothing?"""
    exercise = published_exercise("numpy-statistics.ipynb")
    answers = {
        "center": "def center(v):\n    return float(np.mean(v)), float(np.median(v))",
        "z_scores": "def z_scores(v):\n    return (v - v.mean()) / v.std()",
        "outliers": "def outliers(v):\n    return v[np.abs(z_scores(v)) > 2]",
    }
    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    exercise_graded.connect(receiver)
    try:
        submission = submit(
            exercise=exercise,
            learner=learner,
            data=answers_file(exercise, answers),
            lesson_page_id=42,
        )
        assert runner.grade_pending(submission.pk) == runner.GRADED
        assert runner.grade_pending(submission.pk) == runner.NOTHING
    finally:
        exercise_graded.disconnect(receiver)
    grade = submission.grades.get()
    assert grade.status == GradeStatus.GRADED
    assert grade.score == grade.max_score == 5.0
    assert len(received) == 1
    sent = received[0]
    assert sent["user"] == learner
    assert sent["exercise"] == exercise
    assert sent["submission"] == submission
    assert sent["grade"] == grade
    assert sent["passed"] is True
    assert sent["lesson_page_id"] == 42


def test_practice_run_uses_visible_tests_only_and_sends_nothing(learner) -> None:
    """A "Run tests" run: visible tests only, no attempt used, no completion signal."""
    exercise = published_exercise("python-basics.ipynb")
    wrong_hidden = {
        "wait_label": "def wait_label(m):\n    return {5: '短い', 10: '普通', 45: '長い'}[m]"
    }
    received = []

    def receiver(**kwargs):  # not ``received.append``: it takes no keyword arguments
        received.append(kwargs)

    # A strong reference: Django keeps weak ones by default (a bound method such as
    # ``received.append`` would be a new object, gone and disconnected at once).
    exercise_graded.connect(receiver, weak=False)
    try:
        submission = submit(
            exercise=exercise,
            learner=learner,
            data=answers_file(exercise, wrong_hidden),
            purpose="practice",
        )
        assert runner.grade_pending(submission.pk) == runner.GRADED
    finally:
        assert exercise_graded.disconnect(receiver)
    grade = submission.grades.get()
    cells = {cell["grade_id"]: cell["status"] for cell in grade.results["cells"]}
    # The visible asserts pass; the hidden ones (which would fail) were not run at all.
    assert cells["test_wait_label"] == "passed"
    assert grade.results["visible_only"] is True
    assert submission.attempt_number is None
    assert received == []


def test_a_claimed_grade_is_not_taken_twice(learner) -> None:
    """While one worker holds a grade (live lease, live process), another is told to wait."""
    exercise = published_exercise("python-basics.ipynb")
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    first = claim_grade(submission.pk, worker="elsewhere:1")
    assert first is not None
    assert not hasattr(first, "retry_after")
    second = claim_grade(submission.pk, worker="another-host:2")
    assert second.retry_after > 0
