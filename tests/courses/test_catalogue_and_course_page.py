"""The catalogue's tier filter, and a course page showing a learner's progress and where to continue."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lms.people.tiers import Tier
from lms.progress import services
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

COURSE_TITLES = {
    Tier.ALL_STAFF: "共通研修 情報セキュリティ入門",
    Tier.MANAGERS: "共通研修 DX推進の進め方",
    Tier.PRACTITIONERS: "共通研修 クラウド設計",
}


@pytest.fixture
def tiers(home):
    """One curriculum per tier, each with one course (the titles share the word 共通研修)."""
    curricula = {}
    for tier, title in COURSE_TITLES.items():
        curriculum = CurriculumPageFactory(parent=home, tier=tier, title=f"{tier.label}の教育課程")
        LessonPageFactory(parent=CoursePageFactory(parent=curriculum, title=title))
        curricula[tier] = curriculum
    return curricula


def _tier_sections(html: str) -> list[str]:
    return re.findall(r'<section class="tier" aria-labelledby="tier-([a-z_]+)">', html)


def test_catalogue_without_a_tier_shows_every_tier(client, tiers):
    html = client.get(reverse("courses:catalogue")).content.decode()
    assert _tier_sections(html) == list(Tier.values)
    for title in COURSE_TITLES.values():
        assert title in html


@pytest.mark.parametrize("tier", list(Tier))
def test_catalogue_filtered_by_tier_shows_only_that_tier(client, tiers, tier):
    """Does choosing a tier leave out the other tiers' curricula and courses, in the listing and in
    search results?"""
    url = reverse("courses:catalogue")
    html = client.get(url, {"tier": tier.value}).content.decode()
    assert _tier_sections(html) == [tier.value]
    assert f'<option value="{tier.value}" selected>' in html
    assert COURSE_TITLES[tier] in html
    assert tiers[tier].title in html
    for other, title in COURSE_TITLES.items():
        if other != tier:
            assert title not in html
            assert tiers[other].title not in html

    response = client.get(url, {"tier": tier.value, "q": "共通研修"})
    assert [result["page"].title for result in response.context["results"]] == [COURSE_TITLES[tier]]
    everywhere = client.get(url, {"q": "共通研修"}).context["results"]
    assert len(everywhere) == len(COURSE_TITLES)


@pytest.fixture
def course(home):
    course = CoursePageFactory(parent=CurriculumPageFactory(parent=home), title="進捗のある講座")
    lessons = [LessonPageFactory(parent=course, title=f"第{n}回") for n in range(1, 5)]
    return course, lessons


def _start_button(html: str) -> tuple[str, str]:
    """(href, label) of the course header's button."""
    match = re.search(r'<a class="button" href="([^"]+)">([^<]+)</a>', html)
    assert match, "no start or continue button"
    return match.group(1), match.group(2)


def test_course_page_shows_progress_and_continue_where_you_left_off(
    client, course, sakura, staff_factory
):
    """With one of four lessons done and the second one opened last, does the course page show the
    bar at 25% and a "continue where you left off" link to the second lesson?"""
    course, lessons = course
    learner = staff_factory(sakura)
    client.login(username=learner.username, password=PASSWORD)
    html = client.get(course.url).content.decode()
    assert _start_button(html) == (lessons[0].url, "講座を始める")

    services.mark_lesson_done(learner, lessons[0], course)
    services.record_lesson_visit(learner, lessons[2], course)
    services.record_lesson_visit(learner, lessons[1], course)
    html = client.get(course.url).content.decode()
    assert re.search(r'<progress max="100" value="25"[^>]*data-progress-bar>', html)
    assert "4レッスン中1完了（25%）" in html
    assert _start_button(html) == (lessons[1].url, "前回の続きから")

    client.cookies["django_language"] = "en"
    html = client.get(course.url).content.decode()
    assert _start_button(html) == (lessons[1].url, "Continue where you left off")
    assert "1 of 4 lessons complete (25%)" in html


def test_course_page_of_a_completed_course_offers_a_review(client, course, sakura, staff_factory):
    course, lessons = course
    learner = staff_factory(sakura)
    for lesson in lessons:
        services.mark_lesson_done(learner, lesson, course)
    client.login(username=learner.username, password=PASSWORD)
    html = client.get(course.url).content.decode()
    assert re.search(r'<progress max="100" value="100"[^>]*data-progress-bar>', html)
    assert _start_button(html)[1] == "講座を復習する"
