"""The one place that decides when a lesson, a course and an assigned training are complete (pure
functions)."""

import datetime as dt

import pytest

from lms.progress.completion import (
    assignment_completed_at,
    course_is_complete,
    lesson_is_complete,
    progress_percent,
)


def test_reading_lesson_completes_when_marked_done():
    assert lesson_is_complete([], [], marked_done=True)
    assert not lesson_is_complete([], [], marked_done=False)


def test_lesson_with_requirements_completes_when_all_pass():
    requirements = ["quiz:a", "exercise:7"]
    assert not lesson_is_complete(requirements, ["quiz:a"], marked_done=True)
    assert lesson_is_complete(requirements, ["exercise:7", "quiz:a", "quiz:old"], marked_done=False)


@pytest.mark.parametrize(
    ("rule", "percentage", "completed", "expected"),
    [
        ("all_lessons", 100, {1, 2, 3}, True),
        ("all_lessons", 100, {1, 2}, False),
        ("percentage", 60, {1, 2}, True),  # 2 of 3 = 66% ≥ 60%
        ("percentage", 70, {1, 2}, False),
        ("percentage", 60, {1, 2, 99}, True),  # a lesson no longer in the course does not count
        ("percentage", 100, {1, 2, 3}, True),
    ],
)
def test_course_completion_rules(rule, percentage, completed, expected):
    assert course_is_complete(rule, percentage, [1, 2, 3], completed) is expected


def test_course_without_lessons_is_never_complete():
    assert not course_is_complete("all_lessons", 100, [], [])
    assert not course_is_complete("percentage", 1, [], [])


def test_progress_percent():
    assert progress_percent(1, 3) == 33
    assert progress_percent(3, 3) == 100
    assert progress_percent(0, 0) == 0


def test_assigned_training_completes_when_its_last_course_does():
    """Is an assigned training complete exactly when every course it covers is, at the last course's
    completion time (an extra completed course changing nothing), and never without a course?"""
    first = dt.datetime(2025, 4, 1, 9, tzinfo=dt.UTC)
    last = dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC)
    assert assignment_completed_at([1, 2], {1: first, 2: last, 3: last}) == last
    assert assignment_completed_at([1, 2], {1: first, 3: last}) is None
    assert assignment_completed_at([], {1: first}) is None
