"""Demo content: three tiers of curricula in Japanese with real lessons and quizzes, loaded once."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.demo import exercises
from courses.models import CoursePage, CurriculumPage, LessonPage
from lms.demo import DEMO_PASSWORD
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


def test_learning_home_lists_the_three_tiers_curricula_in_japanese(demo, client):
    """Does /learn/ show, under each tier's Japanese heading, that tier's demo curriculum?"""
    response = client.get("/learn/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    expected = {
        Tier.ALL_STAFF: "全職員向け デジタル基礎",
        Tier.MANAGERS: "管理職・現場リーダー向け DX推進",
        Tier.PRACTITIONERS: "クラウド・AI実践者向け",
    }
    sections = html.split('<section aria-labelledby="tier-')[1:]
    assert len(sections) == 3
    with translation.override("ja"):
        for tier, section in zip(Tier, sections, strict=True):
            assert section.startswith(f'{tier.value}"')
            assert f">{tier.label}</h2>" in section
            assert expected[tier] in section
            assert any("\u3040" <= ch <= "\u9fff" for ch in str(tier.label))  # in Japanese


def _lesson_form(title: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "demo-reviewed-lesson",
            "estimated_minutes": "10",
            "body": streamfield(
                [("markdown", "## 庁外での作業\n\n持ち出した端末は施錠して保管します。")]
            ),
            **extra,
        }
    )


def test_demo_trainer_drafts_and_submits_and_the_demo_lead_publishes(demo, client):
    """The "Done when" of issue 3 with the demo accounts: does sakura-trainer draft a lesson in /cms/
    and submit it for review, unseen by learners, and does sakura-lead approve and so publish it
    (while aoba's lead cannot)?"""
    course = CoursePage.objects.get(slug="sakura-security-procedures")
    assert client.login(username="sakura-trainer", password=DEMO_PASSWORD)
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
    assert client.get(add_url).status_code == 200
    assert client.post(add_url, _lesson_form("持ち出し端末の扱い（下書き）")).status_code == 302
    lesson = LessonPage.objects.get(slug="demo-reviewed-lesson")
    assert not lesson.live
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    response = client.post(edit_url, _lesson_form("持ち出し端末の扱い", **{"action-submit": "1"}))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.workflow_in_progress
    assert not lesson.live

    assert client.login(username="sakura-learner", password=DEMO_PASSWORD)
    assert client.get(lesson.url).status_code == 404
    assert "持ち出し端末の扱い" not in client.get(course.url).content.decode()

    task_state = lesson.current_workflow_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk]
    )
    assert client.login(username="aoba-lead", password=DEMO_PASSWORD)
    client.post(approve_url, {"comment": ""})
    lesson.refresh_from_db()
    assert not lesson.live

    assert client.login(username="sakura-lead", password=DEMO_PASSWORD)
    assert "持ち出し端末の扱い" in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.post(approve_url, {"comment": "確認しました"}).status_code == 302
    lesson.refresh_from_db()
    assert lesson.live
    assert not lesson.workflow_in_progress
    assert lesson.title == "持ち出し端末の扱い"

    assert client.login(username="sakura-learner", password=DEMO_PASSWORD)
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "持ち出した端末は施錠して保管します。" in response.content.decode()
