"""The one place that decides when a lesson and a course are complete (pure functions)."""

import pytest

from lms.progress.completion import course_is_complete, lesson_is_complete, progress_percent


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
