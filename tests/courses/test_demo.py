"""Demo content: three tiers of curricula in Japanese with real lessons and quizzes, loaded once."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.db.models import Q

from courses.demo import exercises
from courses.models import CoursePage, CurriculumPage, LessonPage
from lms.people.tiers import Tier
from lms.progress.models import Enrolment, QuizAttempt, TrainingAssignment

pytestmark = pytest.mark.django_db


def _load() -> None:
    """The demo staff and this feature's loader (other features' loaders are theirs to test)."""
    from courses.demo import load as load_courses
    from lms.demo.people import load as load_people
    from lms.people.roles import sync_roles

    sync_roles()
    out = io.StringIO()
    load_people(out)
    load_courses(out)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        _load()
        yield
        transaction.set_rollback(True)


def _counts():
    return (
        CurriculumPage.objects.count(),
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        Enrolment.objects.count(),
        QuizAttempt.objects.count(),
        TrainingAssignment.objects.count(),
    )


def test_demo_content_is_substantial_and_in_japanese(demo):
    assert set(CurriculumPage.objects.values_list("tier", flat=True)) == set(Tier.values)
    assert CoursePage.objects.count() >= 8
    lessons = list(LessonPage.objects.all())
    assert len(lessons) >= 25
    questions = sum(
        len(quiz["questions"]) for lesson in lessons for quiz in lesson.quiz_blocks().values()
    )
    assert questions >= 10
    for lesson in lessons:
        text = "".join(lesson._meta.get_field("body").get_searchable_content(lesson.body))
        assert len(text) >= 300, lesson.title  # real text, not a placeholder
        assert any("\u3040" <= ch <= "\u30ff" for ch in text), lesson.title
    titles = set(CurriculumPage.objects.values_list("title", flat=True))
    assert {
        "全職員向け デジタル基礎",
        "管理職・現場リーダー向け DX推進",
        "クラウド・AI実践者向け",
    } <= titles


def test_demo_staff_have_progress_and_required_training(demo):
    learner = Enrolment.objects.filter(user__username="sakura-learner")
    assert learner.filter(completed_at__isnull=False).exists()
    assert learner.filter(completed_at__isnull=True).exists()
    assert Enrolment.objects.filter(user__username__startswith="aoba-0").count() > 100
    assert TrainingAssignment.objects.filter(organisation__slug="sakura").count() >= 4

    # The demo learner meets every state of My learning: overdue, due later, completed.
    from django.contrib.auth import get_user_model

    from lms.progress.queries import required_training_for

    rows = required_training_for(get_user_model().objects.get(username="sakura-learner"))
    assert any(row.is_overdue for row in rows)
    assert any(row.is_complete for row in rows)
    assert any(not row.is_complete and not row.is_overdue for row in rows)


def test_load_demo_again_changes_nothing(demo):
    before = _counts()
    _load()
    assert _counts() == before


def test_exercise_lessons_exist_for_the_grading_demo(demo):
    for course_slug, lesson_slug in exercises.EXERCISE_LESSONS:
        assert exercises.exercise_lesson(course_slug, lesson_slug) is not None


def test_attach_exercise_is_idempotent(demo):
    from grading.models import Exercise

    exercise = Exercise.objects.create(title="Python の基本（デモ）")
    assert exercises.attach_exercise("python-data-analysis", "exercise-python-basics", exercise)
    assert not exercises.attach_exercise("python-data-analysis", "exercise-python-basics", exercise)
    lesson = exercises.exercise_lesson("python-data-analysis", "exercise-python-basics")
    assert lesson.requirements() == [f"exercise:{exercise.pk}"]


def test_every_demo_page_renders_for_a_demo_learner(demo, client):
    """Do every curriculum, every shared and sakura course and every lesson render for a sakura
    learner (aoba's lessons being 404)?"""
    client.login(username="sakura-practitioner", password="manabi-demo")
    courses = list(
        CoursePage.objects.filter(Q(organisation__isnull=True) | Q(organisation__slug="sakura"))
    )
    shared = set(CoursePage.objects.filter(organisation__isnull=True))
    assert len(shared) >= 8
    assert shared <= set(courses)  # the shared demo courses are rendered too
    for page in [*CurriculumPage.objects.all(), *courses, *LessonPage.objects.all()]:
        response = client.get(page.url)
        course = page if isinstance(page, CoursePage) else None
        if isinstance(page, LessonPage):
            course = page.course()
        expected = (
            404
            if course is not None and course.organisation and course.organisation.slug == "aoba"
            else 200
        )
        assert response.status_code == expected, page.url
