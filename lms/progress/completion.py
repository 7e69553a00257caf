"""When a lesson and a course are complete: the one place these rules live.

Pure functions over ids and settings; ``services`` calls them after every change and writes the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

ALL_LESSONS = "all_lessons"
PERCENTAGE = "percentage"


def lesson_is_complete(
    requirements: Collection[str], passed: Iterable[str], *, marked_done: bool
) -> bool:
    """A reading lesson (no requirements) is complete when marked as done; any other lesson when every
    quiz and exercise in it has passed."""
    if not requirements:
        return marked_done
    return set(requirements) <= set(passed)


def progress_percent(completed: int, total: int) -> int:
    """Whole percent of lessons complete (0 for a course without lessons)."""
    if total <= 0:
        return 0
    return min(100, (100 * completed) // total)


def course_is_complete(
    rule: str, percentage: int, lesson_ids: Collection[int], completed_ids: Collection[int]
) -> bool:
    """The course's completion rule applied to its live lessons and the learner's completed ones.

    A course without lessons is never complete (there is nothing to have learnt).
    """
    lessons = set(lesson_ids)
    if not lessons:
        return False
    done = len(lessons & set(completed_ids))
    if rule == PERCENTAGE:
        return 100 * done >= max(1, min(100, percentage)) * len(lessons)
    return done == len(lessons)


def assignment_completed_at(
    course_ids: Collection[int], completed_at: Mapping[int, dt.datetime]
) -> dt.datetime | None:
    """When a learner completed an assigned training covering ``course_ids``, given when they completed
    each course they have completed: once every course is complete, the last completion; before that,
    None. Training without a course to take is never complete."""
    if not course_ids:
        return None
    done = [completed_at[pk] for pk in course_ids if pk in completed_at]
    return max(done) if len(done) == len(course_ids) else None
