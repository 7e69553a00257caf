"""The grading demo (``grading.demo.load``, part of ``manage.py load_demo``), run for real."""

from __future__ import annotations

import io

import pytest

from courses.demo.exercises import exercise_lesson
from grading.demo import DEMO_EXERCISES, load
from grading.execution import shutdown_executor
from grading.learner import current_grade
from grading.models import Exercise, GradeStatus, Submission, ValidationStatus
from grading.services.exercises import load_source
from lms.demo.people import load as load_people
from notebooks import cells
from notebooks.release import make_learner_version

pytestmark = [pytest.mark.kernel, pytest.mark.django_db(transaction=True)]

HIDDEN = "### BEGIN HIDDEN TESTS"


@pytest.fixture(scope="module", autouse=True)
def _executor_closed_after():
    yield
    shutdown_executor()


def _tests(nb) -> list[str]:
    return [
        cells.source_text(cell)
        for _grade_id, cell in cells.graded_cells(nb)
        if cell.cell_type == "code" and not cells.is_manual(cell)
    ]


def test_demo_publishes_four_exercises_and_grades_demo_learners() -> None:
    """After the people, courses and grading demo loaders: are the four practitioner exercises
    (Python basics, CSV with the standard library, NumPy statistics, a small regression) published,
    shared, attached to their lessons, each with visible and hidden tests and a reference solution
    that scored full marks in the sandbox; do demo practitioners have graded submissions; and does
    loading again change nothing?"""
    from courses.demo import load as load_courses

    out = io.StringIO()
    load_people(out)
    load_courses(out)
    load(out)

    exercises = list(Exercise.objects.filter(organisation__isnull=True).order_by("pk"))
    assert [e.title for e in exercises] == [title for _nb, title, *_rest in DEMO_EXERCISES]
    for exercise, (_nb, _title, course, lesson, _text) in zip(
        exercises, DEMO_EXERCISES, strict=True
    ):
        version = exercise.published_version
        assert version is not None, out.getvalue()
        assert version.validation_status == ValidationStatus.PASSED
        reference = version.validation_report["reference"]
        assert reference["sandboxed"] is True
        assert reference["failures"] == []
        assert reference["max_score"] > 0
        assert (
            reference["score"] == reference["max_score"] == version.summary["autograded_max_score"]
        )
        source = load_source(version)
        tests = _tests(source)
        assert any(HIDDEN in test for test in tests), exercise.title
        shown = _tests(make_learner_version(source))
        assert len(shown) == len(tests)
        assert all("assert" in test and HIDDEN not in test for test in shown), exercise.title
        page = exercise_lesson(course, lesson)
        assert page is not None
        blocks = [b for b in page.specific.body.raw_data if b["type"] == "exercise"]
        assert [b["value"]["exercise"] for b in blocks] == [exercise.pk]

    demo = Submission.objects.filter(exercise__in=exercises)
    learners = set(demo.values_list("learner__username", flat=True))
    assert learners == {"sakura-practitioner", "aoba-practitioner"}
    grades = [current_grade(submission) for submission in demo]
    for grade in grades:
        assert grade.status == GradeStatus.GRADED, grade.log[-2000:]
        assert grade.sandboxed is True
        assert 0 <= grade.score <= grade.max_score
    # First tries with mistakes, then better ones: both kinds of result are there.
    assert any(grade.score == grade.max_score for grade in grades)
    assert any(grade.score < grade.max_score for grade in grades)

    before = (Exercise.objects.count(), demo.count())
    load(io.StringIO())
    assert (Exercise.objects.count(), demo.count()) == before
