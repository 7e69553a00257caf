"""Internal certificates are awarded here, and only here, when a learner completes a course — or, in a
course already complete, records a quiz attempt that may raise their score to the minimum.

The rule (one place): a learner earns an internal certificate when every page it lists is complete —
a course page when its enrolment is complete, a curriculum page when every live course of it that the
learner's organisation can see is complete — and, if the certificate sets a minimum score, each of
those courses scores at least that much. A course's score is the mean of the learner's best score on
each quiz in it; a course without quizzes has no score and passes on completion alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from lms.people.models import StaffProfile
from lms.progress.signals import course_completed

from .models import Certification, CertificationKind, Holding
from .services import award_internal

logger = logging.getLogger(__name__)


def courses_of(page, user) -> list:
    """The courses a listed page stands for: itself, or a curriculum's live courses ``user`` can see."""
    from courses.models import CoursePage, CurriculumPage

    specific = page.specific
    if isinstance(specific, CoursePage):
        return [specific]
    if isinstance(specific, CurriculumPage):
        return list(specific.visible_courses(user))
    return []


def course_scores(user, course_ids: list[int]) -> dict[int, float | None]:
    """{course id: mean of the best score per quiz, or None when the course has no quiz attempts}."""
    from lms.progress.models import QuizAttempt

    best = (
        QuizAttempt.objects.filter(user=user, enrolment__course_id__in=course_ids)
        .values("enrolment__course_id", "lesson_id", "quiz_block_id")
        .annotate(best=Max("score_percent"))
    )
    per_course: dict[int, list[int]] = defaultdict(list)
    for row in best:
        per_course[row["enrolment__course_id"]].append(row["best"])
    return {
        course_id: (sum(per_course[course_id]) / len(per_course[course_id]))
        if per_course[course_id]
        else None
        for course_id in course_ids
    }


def rule_met(certification: Certification, user) -> bool:
    from lms.progress.models import Enrolment

    courses = [
        course for page in certification.award_pages.all() for course in courses_of(page, user)
    ]
    if not courses:
        return False
    course_ids = [course.pk for course in courses]
    completed = set(
        Enrolment.objects.filter(
            user=user, course_id__in=course_ids, completed_at__isnull=False
        ).values_list("course_id", flat=True)
    )
    if not set(course_ids) <= completed:
        return False
    minimum = certification.award_minimum_score
    if minimum is None:
        return True
    scores = course_scores(user, course_ids)
    return all(score is None or score >= minimum for score in scores.values())


def evaluate(user, on: dt.date) -> list[Holding]:
    """Awards every internal certificate whose rule the user now meets; returns the new holdings."""
    profile = StaffProfile.objects.filter(user=user, is_active=True).first()
    if profile is None:
        return []
    awarded = []
    candidates = Certification.objects.filter(
        kind=CertificationKind.INTERNAL, is_active=True, award_pages__isnull=False
    ).distinct()
    for certification in candidates:
        if rule_met(certification, user):
            holding = award_internal(staff=profile, certification=certification, awarded_on=on)
            if holding is not None:
                awarded.append(holding)
    return awarded


@receiver(course_completed, dispatch_uid="certification.award_on_course_completed")
def award_on_course_completed(sender, *, user, course_page, enrolment, completed_at, **kwargs):
    day = timezone.localdate(completed_at) if completed_at else timezone.localdate()
    for holding in evaluate(user, day):
        logger.info(
            "Awarded %s (%s) to user %s", holding.certification.code, holding.serial, user.pk
        )


def _award_after_retake(user_id: int, day: dt.date) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    for holding in evaluate(user, day):
        logger.info(
            "Awarded %s (%s) to user %s after a quiz retake",
            holding.certification.code,
            holding.serial,
            user.pk,
        )


@receiver(post_save, sender="progress.QuizAttempt", dispatch_uid="certification.award_on_retake")
def award_on_quiz_retake(sender, instance, created, **kwargs):
    """A quiz taken again in a course already complete: ``course_completed`` is not sent again, yet the
    best score may now reach a certificate's minimum (60 % first, 90 % on the second attempt)."""
    from lms.progress.models import Enrolment

    if not created:
        return
    completed = Enrolment.objects.filter(
        pk=instance.enrolment_id, completed_at__isnull=False
    ).exists()
    if not completed:
        return  # the course is not complete (yet): ``course_completed`` will evaluate the rules
    day = timezone.localdate(instance.submitted_at) if instance.submitted_at else None
    user_id = instance.user_id
    transaction.on_commit(
        lambda: _award_after_retake(user_id, day or timezone.localdate()), robust=True
    )
