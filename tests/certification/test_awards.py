"""Internal certificates are awarded automatically when a learner completes the defined courses."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from lms.certification.awards import course_scores, rule_met
from lms.certification.models import Holding, HoldingSource
from lms.progress import services
from tests.courses.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    quiz_body,
)

from .factories import InternalCertificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curriculum():
    curriculum = CurriculumPageFactory(title="デジタル基礎")
    first = CoursePageFactory(parent=curriculum, title="情報セキュリティ")
    second = CoursePageFactory(parent=curriculum, title="生成AIの安全な使い方")
    LessonPageFactory(parent=first)
    LessonPageFactory(parent=second, body=quiz_body("second-quiz", pass_mark=60))
    return curriculum


def _finish(user, course, *, quiz_score: int = 100) -> None:
    for lesson in course.live_lessons():
        lesson = lesson.specific
        quizzes = list(lesson.quiz_blocks())
        if not quizzes:
            services.mark_lesson_done(user, lesson, course)
        for block_id in quizzes:
            result = SimpleNamespace(
                correct_count=quiz_score // 50, question_count=2, score_percent=quiz_score,
                pass_mark=60, passed=quiz_score >= 60,
            )  # fmt: skip
            services.record_quiz_attempt(user, lesson, course, block_id, {}, result)


def _courses(curriculum):
    return [course.specific for course in curriculum.get_children().specific()]


def test_completing_every_course_awards_the_certificate_once(
    learner, curriculum, django_capture_on_commit_callbacks
) -> None:
    """When the last course of the curriculum completes, is デジタル基礎修了 awarded — once?"""
    certification = InternalCertificationFactory(name="デジタル基礎修了", award_minimum_score=70)
    certification.award_pages.add(curriculum)
    first, second = _courses(curriculum)
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, first)
    assert not Holding.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, second, quiz_score=100)
    holding = Holding.objects.get()
    assert holding.source == HoldingSource.AWARDED
    assert holding.staff == learner
    assert holding.serial
    assert holding.counts
    assert rule_met(certification, learner.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.refresh_course_completion(second.enrolments.get())
    assert Holding.objects.count() == 1


def test_a_score_below_the_minimum_awards_nothing(
    learner, curriculum, django_capture_on_commit_callbacks
) -> None:
    """Is a learner who passed the quiz at 60 % but below the certificate's 80 % not awarded?"""
    certification = InternalCertificationFactory(award_minimum_score=80)
    certification.award_pages.add(curriculum)
    first, second = _courses(curriculum)
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, first)
        _finish(learner.user, second, quiz_score=60)
    assert second.enrolments.get().completed_at is not None
    assert course_scores(learner.user, [first.pk, second.pk]) == {first.pk: None, second.pk: 60}
    assert not Holding.objects.exists()


def test_a_single_course_rule(learner, curriculum, django_capture_on_commit_callbacks) -> None:
    """Can a certificate name one course instead of a curriculum?"""
    first, _second = _courses(curriculum)
    certification = InternalCertificationFactory()
    certification.award_pages.add(first)
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, first)
    assert Holding.objects.get().certification == certification
    assert Holding.objects.get().issued_on == timezone.localdate()


def test_a_retake_that_reaches_the_minimum_score_awards_the_certificate(
    learner, curriculum, django_capture_on_commit_callbacks
) -> None:
    """Completed at 60 % (below the certificate's 80 %), is the certificate awarded when the quiz is
    taken again at 90 % — the course is already complete, so no second ``course_completed`` comes?"""
    certification = InternalCertificationFactory(award_minimum_score=80)
    certification.award_pages.add(curriculum)
    first, second = _courses(curriculum)
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, first)
        _finish(learner.user, second, quiz_score=60)
    assert not Holding.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, second, quiz_score=70)  # still below: nothing
    assert not Holding.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, second, quiz_score=90)
    holding = Holding.objects.get()
    assert (holding.certification, holding.staff, holding.source) == (
        certification,
        learner,
        HoldingSource.AWARDED,
    )
    assert holding.issued_on == timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        _finish(learner.user, second, quiz_score=100)  # a further retake: still one certificate
    assert Holding.objects.count() == 1
