"""Curricula carry IPA's Digital Skill Standards (DSS-L / DSS-P) as tags; courses recommend prerequisite
courses — only ones the learner can open, never another municipality's private course."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from courses.models import CurriculumPage, SkillStandard, SkillStandardItem
from lms.progress import services
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _items(*codes: str) -> list[SkillStandardItem]:
    return list(SkillStandardItem.objects.filter(code__in=codes))


def test_both_skill_standards_are_there_to_choose(home):
    """Are DSS-L's items and DSS-P's five roles available as tags?"""
    assert SkillStandardItem.objects.filter(standard=SkillStandard.DSS_L).count() == 6
    roles = SkillStandardItem.objects.filter(standard=SkillStandard.DSS_P)
    assert set(roles.values_list("code", flat=True)) == {
        "p-business-architect",
        "p-designer",
        "p-data-scientist",
        "p-software-engineer",
        "p-cybersecurity",
    }


def test_a_curriculum_page_shows_its_skill_standard_tags(client, home):
    """Does a curriculum list the DSS items it is tagged with (DSS-L before DSS-P), and only those?"""
    tagged = CurriculumPageFactory(parent=home)
    tagged.skill_standards.set(_items("p-data-scientist", "l-why"))
    tagged.save()
    html = client.get(tagged.url).content.decode()
    assert 'id="dss-title"' in html
    assert "対応するデジタルスキル標準" in html
    assert html.index("DSS-L Why：DX の背景") < html.index("DSS-P データサイエンティスト")
    assert "デザイナー" not in html
    untagged = CurriculumPageFactory(parent=home)
    assert 'id="dss-title"' not in client.get(untagged.url).content.decode()


def test_skill_standard_tags_are_saved_from_the_admin(client, home):
    """Does the curriculum editor in /cms/ save the ticked DSS-L and DSS-P items?"""
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.login(username=admin.username, password=PASSWORD)
    curriculum = CurriculumPageFactory(parent=home)
    chosen = _items("l-what-data", "p-cybersecurity")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[curriculum.pk]),
        nested_form_data(
            {
                "title": curriculum.title,
                "slug": curriculum.slug,
                "tier": curriculum.tier,
                "audience": curriculum.audience,
                "goals": curriculum.goals,
                "estimated_hours": "3",
                "action-publish": "1",
            }
        )
        | {"skill_standards": [str(item.pk) for item in chosen]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = CurriculumPage.objects.get(pk=curriculum.pk)
    assert set(saved.skill_standards.all()) == set(chosen)


@pytest.fixture
def courses(home, sakura, aoba):
    """A course recommending five others: shared, sakura's own, aoba's private, an unpublished one and
    one in an unpublished curriculum."""
    curriculum = CurriculumPageFactory(parent=home)
    withdrawn = CurriculumPageFactory(parent=home)
    pages = {
        "shared": CoursePageFactory(parent=curriculum, title="共通の前提講座"),
        "own": CoursePageFactory(parent=curriculum, title="さくらの前提講座", organisation=sakura),
        "foreign": CoursePageFactory(
            parent=curriculum, title="あおばの非公開講座", organisation=aoba
        ),
        "unpublished": CoursePageFactory(parent=curriculum, title="非公開にした講座"),
        "withdrawn": CoursePageFactory(parent=withdrawn, title="取り下げた講座"),
    }
    for page in pages.values():
        LessonPageFactory(parent=page)
    course = CoursePageFactory(parent=curriculum, title="応用講座")
    lesson = LessonPageFactory(parent=course)
    course.prerequisites.set(pages.values())
    course.save()
    pages["unpublished"].unpublish()
    withdrawn.unpublish()
    return course, lesson, pages


def test_prerequisites_recommend_only_courses_the_learner_can_open(
    client, courses, sakura, aoba, staff_factory
):
    course, _lesson, _pages = courses
    learner = staff_factory(sakura)
    client.login(username=learner.username, password=PASSWORD)
    html = client.get(course.url).content.decode()
    assert "この講座の前に受講をおすすめする講座" in html
    assert "共通の前提講座" in html
    assert "さくらの前提講座" in html
    for hidden in ("あおばの非公開講座", "非公開にした講座", "取り下げた講座"):
        assert hidden not in html, hidden

    client.login(username=staff_factory(aoba).username, password=PASSWORD)
    html = client.get(course.url).content.decode()
    assert "あおばの非公開講座" in html
    assert "さくらの前提講座" not in html

    client.logout()
    html = client.get(course.url).content.decode()
    assert "共通の前提講座" in html
    assert "さくらの前提講座" not in html
    assert "あおばの非公開講座" not in html


def test_prerequisites_are_a_recommendation_with_their_progress(
    client, courses, sakura, staff_factory
):
    """Can a learner open a course before its prerequisites, and is a finished one marked done?"""
    course, lesson, pages = courses
    learner = staff_factory(sakura)
    client.login(username=learner.username, password=PASSWORD)
    assert client.get(lesson.url).status_code == 200  # nothing is locked
    assert "status--done" not in client.get(course.url).content.decode()
    shared = pages["shared"]
    services.mark_lesson_done(learner, shared.live_lessons().first(), shared)
    html = client.get(course.url).content.decode()
    section = html[html.index('id="prerequisites-title"') : html.index('id="lessons-title"')]
    item = next(part for part in section.split("<li>") if "共通の前提講座" in part)
    assert "status--done" in item
    other = next(part for part in section.split("<li>") if "さくらの前提講座" in part)
    assert "status--done" not in other
