"""Attaching notebook exercises to demo lessons (for the grading app's demo loader).

``attach_exercise("python-data-analysis", "exercise-python-basics", exercise)`` adds (or replaces) the
lesson's exercise block and publishes a new revision; running it again changes nothing.
"""

from __future__ import annotations

from courses.models import CoursePage, LessonPage

# (course slug, lesson slug) of the demo lessons written for notebook exercises.
EXERCISE_LESSONS = [
    ("python-data-analysis", "exercise-python-basics"),
    ("python-data-analysis", "exercise-csv"),
    ("machine-learning-intro", "exercise-numpy"),
    ("machine-learning-intro", "exercise-regression"),
]


def exercise_lesson(course_slug: str, lesson_slug: str) -> LessonPage | None:
    course = CoursePage.objects.filter(slug=course_slug).first()
    if course is None:
        return None
    return LessonPage.objects.child_of(course).filter(slug=lesson_slug).first()


def attach_exercise(course_slug: str, lesson_slug: str, exercise, introduction: str = "") -> bool:
    """Puts ``exercise`` in the lesson's exercise block; returns False if nothing had to change."""
    lesson = exercise_lesson(course_slug, lesson_slug)
    if lesson is None:
        return False
    blocks = list(lesson.body.raw_data)
    existing = [b for b in blocks if b["type"] == "exercise"]
    if existing and all(b["value"].get("exercise") == exercise.pk for b in existing):
        return False
    blocks = [b for b in blocks if b["type"] != "exercise"]
    blocks.append(
        {
            "type": "exercise",
            "value": {"exercise": exercise.pk, "introduction": introduction},
            "id": f"exercise-{exercise.pk}",
        }
    )
    lesson.body = blocks
    lesson.save_revision().publish()
    return True
