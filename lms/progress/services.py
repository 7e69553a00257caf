"""Every write of learning progress goes through these functions: small, atomic, with an event trail.

Completion is decided by ``completion`` (one place) and recorded with a conditional update, so a lesson
or course completes once and ``course_completed`` is sent exactly once, after the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.people.scoping import organisation_of

from . import completion
from .models import Enrolment, LessonProgress, ProgressEvent, QuizAttempt
from .models.progress import CompletedVia, ProgressEventKind
from .signals import course_completed


def _event(kind: str, enrolment: Enrolment, *, lesson=None, at=None, **data: Any) -> None:
    ProgressEvent.objects.create(
        occurred_at=at or timezone.now(),
        user_id=enrolment.user_id,
        organisation_id=enrolment.organisation_id,
        kind=kind,
        course_id=enrolment.course_id,
        lesson_id=getattr(lesson, "pk", lesson),
        data=data,
    )


@transaction.atomic
def enrol(user, course) -> Enrolment:
    """The learner's enrolment in ``course``, created (with an ``enrolled`` event) the first time."""
    now = timezone.now()
    organisation = organisation_of(user)
    enrolment, created = Enrolment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "organisation": organisation,
            "enrolled_at": now,
            "last_activity_at": now,
        },
    )
    if created:
        _event(ProgressEventKind.ENROLLED, enrolment, at=now)
    return enrolment


# A revisit within this many seconds of the last activity on the same lesson writes nothing.
BOOKMARK_REFRESH_SECONDS = 60


@transaction.atomic
def record_lesson_visit(user, lesson, course) -> LessonProgress:
    """Opening a lesson: enrols, starts the lesson once, and remembers it for "continue"."""
    enrolment = enrol(user, course)
    now = timezone.now()
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"enrolment": enrolment, "started_at": now}
    )
    if created:
        _event(ProgressEventKind.LESSON_STARTED, enrolment, lesson=lesson, at=now)
    stale = (now - enrolment.last_activity_at).total_seconds() > BOOKMARK_REFRESH_SECONDS
    if created or enrolment.last_lesson_id != lesson.pk or stale:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_activity_at=now)
        enrolment.last_lesson_id, enrolment.last_activity_at = lesson.pk, now
    progress.enrolment = enrolment
    return progress


@transaction.atomic
def mark_lesson_done(user, lesson, course) -> LessonProgress:
    """A reading lesson marked as done. Lessons with a quiz or exercise complete when those pass."""
    if lesson.requirements():
        raise ValidationError(
            _("This lesson is complete when its quiz or exercise is passed, not by marking it.")
        )
    progress = record_lesson_visit(user, lesson, course)
    _complete_lesson(progress, CompletedVia.MARKED_DONE)
    return progress


@transaction.atomic
def record_quiz_attempt(
    user, lesson, course, quiz_block_id: str, answers: dict, result
) -> QuizAttempt:
    """Stores a scored attempt (``courses.quiz.QuizResult``); a pass may complete the lesson."""
    progress = record_lesson_visit(user, lesson, course)
    now = timezone.now()
    attempt = QuizAttempt.objects.create(
        user=user,
        lesson=lesson,
        enrolment_id=progress.enrolment_id,
        quiz_block_id=quiz_block_id,
        answers=answers,
        correct_count=result.correct_count,
        question_count=result.question_count,
        score_percent=result.score_percent,
        pass_mark=result.pass_mark,
        passed=result.passed,
        submitted_at=now,
    )
    enrolment = progress.enrolment
    kind = ProgressEventKind.QUIZ_PASSED if result.passed else ProgressEventKind.QUIZ_FAILED
    _event(kind, enrolment, lesson=lesson, at=now, quiz=quiz_block_id, score=result.score_percent)
    if result.passed:
        from courses.models.lesson import quiz_requirement

        _pass_requirement(progress, lesson, quiz_requirement(quiz_block_id))
    return attempt


@transaction.atomic
def record_exercise_passed(user, lesson, course, exercise_id: int) -> LessonProgress:
    """A notebook exercise of the lesson passed (from ``grading.signals.exercise_graded``)."""
    progress = record_lesson_visit(user, lesson, course)
    _event(
        ProgressEventKind.EXERCISE_PASSED, progress.enrolment, lesson=lesson, exercise=exercise_id
    )
    _pass_requirement(progress, lesson, f"exercise:{exercise_id}")
    return progress


def _pass_requirement(progress: LessonProgress, lesson, requirement: str) -> None:
    progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
    if requirement not in progress.passed_requirements:
        progress.passed_requirements = [*progress.passed_requirements, requirement]
        progress.save(update_fields=["passed_requirements"])
    if completion.lesson_is_complete(
        lesson.requirements(), progress.passed_requirements, marked_done=False
    ):
        _complete_lesson(progress, CompletedVia.REQUIREMENTS)


def _complete_lesson(progress: LessonProgress, via: str) -> bool:
    """Completes the lesson once (a conditional update) and then re-checks the course."""
    now = timezone.now()
    changed = LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
        completed_at=now, completed_via=via
    )
    if changed:
        progress.completed_at, progress.completed_via = now, via
        enrolment = Enrolment.objects.get(pk=progress.enrolment_id)
        _event(ProgressEventKind.LESSON_COMPLETED, enrolment, lesson=progress.lesson_id, at=now)
        refresh_course_completion(enrolment)
    return bool(changed)


@transaction.atomic
def refresh_course_completion(enrolment: Enrolment) -> bool:
    """Applies the course's completion rule; completes the enrolment once and sends the signal once.

    Returns True when this call completed the course. A completed course stays complete even if
    trainers add lessons later.
    """
    if enrolment.completed_at is not None:
        return False
    from courses.models import CoursePage

    course = CoursePage.objects.get(pk=enrolment.course_id)
    lesson_ids = list(course.live_lessons().values_list("pk", flat=True))
    completed_ids = set(
        LessonProgress.objects.filter(
            user_id=enrolment.user_id, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    if not completion.course_is_complete(
        course.completion_rule, course.completion_percentage, lesson_ids, completed_ids
    ):
        return False
    now = timezone.now()
    if not Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    ):
        return False  # another request completed it first
    enrolment.completed_at = now
    _event(
        ProgressEventKind.COURSE_COMPLETED,
        enrolment,
        at=now,
        lessons=len(lesson_ids),
        completed_lessons=len(completed_ids),
    )
    user = enrolment.user
    transaction.on_commit(
        lambda: course_completed.send(
            sender=Enrolment, user=user, course_page=course, enrolment=enrolment, completed_at=now
        )
    )
    return True
