"""Grading through the real queue: a Celery worker process grades in the sandbox."""

from __future__ import annotations

import time

import pytest

from grading.models import Grade, GradeStatus, ManualScore
from grading.services.exercises import publish_version, set_manual_score
from grading.services.grades import enqueue
from grading.services.submissions import submit
from tests.grading.conftest import answers_file, wait_for_final_grade
from tests.grading.factories import ExerciseVersionFactory, published_exercise

pytestmark = [
    pytest.mark.worker,
    pytest.mark.kernel,
    pytest.mark.django_db(transaction=True),
]

CORRECT_BASICS = {
    "wait_label": (
        "def wait_label(minutes):\n"
        "    if minutes < 10:\n        return '短い'\n"
        "    if minutes < 30:\n        return '普通'\n"
        "    return '長い'"
    ),
    "average_wait": "def average_wait(times):\n    return sum(times) / len(times) if times else 0.0",
    "unique_sorted": "def unique_sorted(numbers):\n    return sorted(set(numbers))",
}


def test_worker_grades_a_submission_in_the_sandbox(celery_worker_process, learner) -> None:
    """Does a submission sent through the queue come back graded, sandboxed, with feedback?"""
    exercise = published_exercise("python-basics.ipynb")
    answers = {**CORRECT_BASICS, "unique_sorted": "def unique_sorted(numbers):\n    return numbers"}
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, answers))
    grade = wait_for_final_grade(submission, celery_worker_process)
    assert grade.status == GradeStatus.GRADED, grade.error_message
    assert (grade.score, grade.max_score) == (4.0, 5.0)
    assert grade.sandboxed is True
    assert grade.executor_version.startswith("manabi-sandbox/")
    assert "bubblewrap" in grade.executor_log
    assert grade.deliveries == 1
    statuses = {cell["grade_id"]: cell["status"] for cell in grade.results["cells"]}
    assert statuses == {
        "test_wait_label": "passed",
        "test_average_wait": "passed",
        "test_unique_sorted": "failed",
    }
    assert "test_unique_sorted" in grade.feedback_html
    assert "assert unique_sorted([5, 5, 5])" not in grade.feedback_html  # hidden test's code
    assert grade.passed is False


def test_two_deliveries_give_one_grade(celery_worker_process, learner) -> None:
    """If the same task is delivered twice, is the submission graded once?"""
    exercise = published_exercise("python-basics.ipynb")
    submission = submit(
        exercise=exercise, learner=learner, data=answers_file(exercise, CORRECT_BASICS)
    )
    enqueue(submission.pk)
    enqueue(submission.pk)
    grade = wait_for_final_grade(submission, celery_worker_process)
    time.sleep(2)  # let the extra deliveries arrive and find nothing to do
    assert submission.grades.count() == 1
    grade.refresh_from_db()
    assert grade.status == GradeStatus.GRADED
    assert grade.deliveries == 1
    assert grade.passed is True
    assert grade.score == grade.max_score == 5.0


def test_changed_tests_regrade_and_keep_manual_scores(celery_worker_process, learner) -> None:
    """Publishing new tests re-grades every submission; a trainer's manual score survives."""
    exercise = published_exercise("manual-cell-source.ipynb")
    answer = {"double": "def double(x):\n    return x + x", "explain": "足し算で 2 倍にしました。"}
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, answer))
    first = wait_for_final_grade(submission, celery_worker_process)
    assert first.status == GradeStatus.GRADED
    assert first.needs_manual_grade is True
    assert (first.score, first.max_score) == (2.0, 5.0)

    set_manual_score(submission, "explain", 2.5, comment="よい説明です")
    first.refresh_from_db()
    assert (first.score, first.needs_manual_grade) == (4.5, False)

    v2 = ExerciseVersionFactory(exercise=exercise, source="manual-cell-source-v2.ipynb", number=2)
    assert v2.tests_digest != exercise.published_version.tests_digest
    assert publish_version(v2) == 1
    second = wait_for_final_grade(submission, celery_worker_process, count=2)
    assert second.pk != first.pk
    assert second.exercise_version == v2
    assert second.status == GradeStatus.GRADED
    assert (second.score, second.needs_manual_grade) == (4.5, False)
    assert ManualScore.objects.get(submission=submission).score == 2.5


def test_infinite_loop_times_out_and_is_still_a_grade(celery_worker_process, learner) -> None:
    """A learner's endless loop: the cell is stopped at the time limit and the grade is final."""
    exercise = published_exercise(
        "infinite-loop-source.ipynb", cell_timeout_seconds=2, notebook_timeout_seconds=20
    )
    answer = {"spin": "def spin():\n    while True:\n        pass"}
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, answer))
    grade = wait_for_final_grade(submission, celery_worker_process)
    assert grade.status == GradeStatus.TIMED_OUT
    assert grade.score == 0.0
    assert grade.results["cells"][0]["status"] == "timeout"
    assert Grade.objects.filter(submission=submission).count() == 1


def test_uploaded_versions_are_validated_by_the_worker(celery_worker_process) -> None:
    """The reference solution runs in the sandbox on the worker: a right one can be published,
    a wrong one is reported with the failing test and cannot."""
    import time

    from grading.models import ExerciseVersion, ValidationStatus
    from grading.services.exercises import ActionRefused, add_version
    from tests.grading.factories import ExerciseFactory, notebook_bytes

    exercise = ExerciseFactory()
    good = add_version(exercise, notebook_bytes("small-regression.ipynb"))
    bad = add_version(exercise, notebook_bytes("broken-solution-source.ipynb"))
    deadline = time.monotonic() + 120
    waiting = {ValidationStatus.PENDING, ValidationStatus.RUNNING}
    while time.monotonic() < deadline:
        states = dict(ExerciseVersion.objects.values_list("pk", "validation_status"))
        if not waiting & {states[good.pk], states[bad.pk]}:
            break
        time.sleep(0.1)
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.validation_status == ValidationStatus.PASSED, celery_worker_process.log()[-3000:]
    assert good.validation_report["reference"]["score"] == 6.0
    assert good.validation_report["reference"]["sandboxed"] is True
    assert bad.validation_status == ValidationStatus.FAILED
    assert bad.validation_report["reference"]["failures"][0]["grade_id"] == "test_triple"
    with pytest.raises(ActionRefused):
        publish_version(bad)
    publish_version(good)
    exercise.refresh_from_db()
    assert exercise.published_version == good
