"""Progress listens to grading: a passed notebook exercise completes its part of the lesson."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from grading.signals import exercise_graded

from . import services

logger = logging.getLogger(__name__)


@receiver(exercise_graded, dispatch_uid="progress.exercise_graded")
def exercise_graded_received(sender, *, user, exercise, passed, lesson_page_id=None, **kwargs):
    if not passed:
        return
    if lesson_page_id is None:
        logger.info(
            "Exercise %s passed without a lesson; no lesson progress to record.", exercise.pk
        )
        return
    from courses.models import LessonPage
    from courses.visibility import can_see_course

    lesson = LessonPage.objects.filter(pk=lesson_page_id).first()
    if lesson is None or exercise.pk not in lesson.exercise_ids():
        logger.warning(
            "Exercise %s passed for lesson %s, which does not contain it.",
            exercise.pk,
            lesson_page_id,
        )
        return
    course = lesson.course()
    if course is None or not can_see_course(user, course.organisation_id):
        return
    services.record_exercise_passed(user, lesson, course, exercise.pk)
