"""Progress transitions through the services: started → completed, quizzes, exercises, courses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from courses.quiz import correct_answers, score_quiz
from courses.stream_builders import LessonBody
from grading.signals import exercise_graded
from lms.progress import services
from lms.progress.models import Enrolment, LessonProgress, ProgressEvent, QuizAttempt
from lms.progress.signals import course_completed
from tests.courses.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    quiz_body,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    return CoursePageFactory(parent=CurriculumPageFactory(parent=home))


@pytest.fixture
def learner(sakura, staff_factory):
    return staff_factory(sakura)


@pytest.fixture
def completions():
    """The course_completed signals sent (after commit)."""
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    course_completed.connect(receiver, dispatch_uid="test-completions")
    yield received
    course_completed.disconnect(dispatch_uid="test-completions")


def _kinds(user):
    return list(
        ProgressEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True)
    )


def _pass_quiz(user, lesson, course, right=True):
    block_id, quiz = next(iter(lesson.quiz_blocks().items()))
    answers = correct_answers(quiz) if right else {}
    return services.record_quiz_attempt(
        user, lesson, course, block_id, answers, score_quiz(quiz, answers)
    )


def test_visiting_a_lesson_enrols_and_starts_it_once(course, learner, sakura):
    lesson = LessonPageFactory(parent=course)
    first = services.record_lesson_visit(learner, lesson, course)
    again = services.record_lesson_visit(learner, lesson, course)
    assert first.pk == again.pk
    assert first.started_at == again.started_at
    assert first.completed_at is None
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.organisation == sakura
    assert enrolment.last_lesson_id == lesson.pk
    assert _kinds(learner) == ["enrolled", "lesson_started"]


def test_marking_reading_lessons_done_completes_the_course_and_signals_once(
    course, learner, completions, django_capture_on_commit_callbacks
):
    lessons = [LessonPageFactory(parent=course) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_lesson_done(learner, lessons[0], course)
    assert not Enrolment.objects.get(user=learner).is_complete
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_lesson_done(learner, lessons[1], course)
        services.mark_lesson_done(learner, lessons[1], course)  # twice: still one completion
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None
    assert len(completions) == 1
    assert completions[0]["course_page"].pk == course.pk
    assert completions[0]["enrolment"].pk == enrolment.pk
    assert completions[0]["completed_at"] == enrolment.completed_at
    assert _kinds(learner).count("course_completed") == 1
    assert _kinds(learner).count("lesson_completed") == 2


def test_refreshing_a_completed_course_does_not_signal_again(
    course, learner, completions, django_capture_on_commit_callbacks
):
    lesson = LessonPageFactory(parent=course)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_lesson_done(learner, lesson, course)
        services.refresh_course_completion(Enrolment.objects.get(user=learner))
        stale = Enrolment.objects.get(user=learner)
        stale.completed_at = None  # a stale copy: the conditional update still refuses
        assert services.refresh_course_completion(stale) is False
    assert len(completions) == 1


def test_a_quiz_lesson_cannot_be_marked_done(course, learner):
    lesson = LessonPageFactory(parent=course, body=quiz_body("mark"))
    with pytest.raises(ValidationError):
        services.mark_lesson_done(learner, lesson, course)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_failed_quiz_keeps_the_lesson_open_and_a_pass_completes_it(course, learner):
    lesson = LessonPageFactory(parent=course, body=quiz_body("quiz"))
    failed = _pass_quiz(learner, lesson, course, right=False)
    assert failed.passed is False
    assert failed.score_percent == 0
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is None
    passed = _pass_quiz(learner, lesson, course)
    assert passed.passed
    assert passed.score_percent == 100
    progress = LessonProgress.objects.get(user=learner, lesson=lesson)
    assert progress.completed_at is not None
    assert progress.completed_via == "requirements"
    assert QuizAttempt.objects.filter(user=learner).count() == 2
    assert _kinds(learner) == [
        "enrolled",
        "lesson_started",
        "quiz_failed",
        "quiz_passed",
        "lesson_completed",
        "course_completed",
    ]


def test_percentage_rule_completes_before_every_lesson(home, learner):
    course = CoursePageFactory(
        parent=CurriculumPageFactory(parent=home),
        completion_rule="percentage",
        completion_percentage=50,
    )
    lessons = [LessonPageFactory(parent=course) for _ in range(4)]
    services.mark_lesson_done(learner, lessons[0], course)
    assert not Enrolment.objects.get(user=learner).is_complete
    services.mark_lesson_done(learner, lessons[1], course)
    assert Enrolment.objects.get(user=learner).is_complete


def test_unpublished_lessons_do_not_count(course, learner):
    lesson = LessonPageFactory(parent=course)
    draft = LessonPageFactory(parent=course)
    draft.unpublish()
    services.mark_lesson_done(learner, lesson, course)
    assert Enrolment.objects.get(user=learner).is_complete


def test_a_passed_exercise_completes_its_lesson(course, learner):
    """Does grading's exercise_graded signal (passed) complete the lesson holding the exercise?"""
    from grading.models import Exercise

    exercise = Exercise.objects.create(title="Python の基本")
    lesson = LessonPageFactory(
        parent=course, body=LessonBody("ex").markdown("演習").exercise(exercise.pk).data
    )
    assert lesson.requirements() == [f"exercise:{exercise.pk}"]
    exercise_graded.send(
        sender=Exercise, user=learner, exercise=exercise, submission=None, grade=None,
        passed=False, lesson_page_id=lesson.pk,
    )  # fmt: skip
    assert not LessonProgress.objects.filter(user=learner).exists()
    exercise_graded.send(
        sender=Exercise, user=learner, exercise=exercise, submission=None, grade=None,
        passed=True, lesson_page_id=lesson.pk,
    )  # fmt: skip
    progress = LessonProgress.objects.get(user=learner, lesson=lesson)
    assert progress.completed_at is not None
    assert Enrolment.objects.get(user=learner).is_complete
    assert "exercise_passed" in _kinds(learner)


def test_an_exercise_passed_for_another_lesson_is_ignored(course, learner):
    from grading.models import Exercise

    exercise = Exercise.objects.create(title="無関係")
    lesson = LessonPageFactory(parent=course)
    for lesson_page_id in (lesson.pk, None, 999999):
        exercise_graded.send(
            sender=Exercise, user=learner, exercise=exercise, submission=None, grade=None,
            passed=True, lesson_page_id=lesson_page_id,
        )  # fmt: skip
    assert not LessonProgress.objects.exists()


def test_an_exercise_in_another_municipalitys_private_course_is_ignored(home, aoba, learner):
    from grading.models import Exercise

    exercise = Exercise.objects.create(title="あおばの演習", organisation=aoba)
    private = CoursePageFactory(parent=CurriculumPageFactory(parent=home), organisation=aoba)
    lesson = LessonPageFactory(
        parent=private, body=LessonBody("private-ex").exercise(exercise.pk).data
    )
    exercise_graded.send(
        sender=Exercise, user=learner, exercise=exercise, submission=None, grade=None,
        passed=True, lesson_page_id=lesson.pk,
    )  # fmt: skip
    assert not LessonProgress.objects.exists()
