"""Another municipality's own course does not exist for you: 404 in pages, lessons, catalogue, search
and quiz answers. Shared courses are visible to everyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.quiz import correct_answers
from lms.progress.models import Enrolment, QuizAttempt
from tests.courses.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    quiz_body,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home, sakura, aoba):
    curriculum = CurriculumPageFactory(parent=home)
    shared = CoursePageFactory(parent=curriculum, title="共有の研修コース")
    private = CoursePageFactory(
        parent=curriculum, title="あおば専用の研修コース", organisation=aoba
    )
    return {
        "curriculum": curriculum,
        "shared": shared,
        "shared_lesson": LessonPageFactory(parent=shared, body=quiz_body("shared")),
        "private": private,
        "private_lesson": LessonPageFactory(
            parent=private, title="あおば専用レッスン", body=quiz_body("private")
        ),
    }


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return user


def _quiz_post(lesson):
    block_id, quiz = next(iter(lesson.quiz_blocks().items()))
    data = {f"q-{qid}": oids for qid, oids in correct_answers(quiz).items()}
    return reverse("courses:submit_quiz", args=[lesson.pk, block_id]), data


def test_private_course_is_404_for_another_municipality(client, pages, sakura, staff_factory):
    _login(client, staff_factory(sakura))
    assert client.get(pages["private"].url).status_code == 404
    assert client.get(pages["private_lesson"].url).status_code == 404
    url, data = _quiz_post(pages["private_lesson"])
    assert client.post(url, data).status_code == 404
    mark_done = reverse("courses:mark_done", args=[pages["private_lesson"].pk])
    assert client.post(mark_done).status_code == 404
    assert not Enrolment.objects.exists()
    assert not QuizAttempt.objects.exists()


def test_private_course_is_404_for_anonymous_and_platform_users(client, pages):
    assert client.get(pages["private_lesson"].url).status_code == 404
    _login(client, UserFactory())  # an account without a municipality
    assert client.get(pages["private"].url).status_code == 404
    assert client.get(pages["shared_lesson"].url).status_code == 200


def test_own_municipality_and_superusers_see_the_private_course(client, pages, aoba, staff_factory):
    _login(client, staff_factory(aoba))
    assert client.get(pages["private_lesson"].url).status_code == 200
    url, data = _quiz_post(pages["private_lesson"])
    assert client.post(url, data).status_code == 302
    _login(client, UserFactory(is_superuser=True, is_staff=True))
    assert client.get(pages["private"].url).status_code == 200


def test_catalogue_and_curriculum_hide_other_municipalities_courses(
    client, pages, sakura, aoba, staff_factory
):
    _login(client, staff_factory(sakura))
    for url in (reverse("courses:catalogue"), pages["curriculum"].url):
        html = client.get(url).content.decode()
        assert "共有の研修コース" in html
        assert "あおば専用の研修コース" not in html
    _login(client, staff_factory(aoba))
    assert "あおば専用の研修コース" in client.get(reverse("courses:catalogue")).content.decode()


def test_search_hides_other_municipalities_lessons(client, pages, sakura, aoba, staff_factory):
    """Does Wagtail search (Japanese, no spaces) find lessons, but never another municipality's?"""
    catalogue = reverse("courses:catalogue")
    _login(client, staff_factory(aoba))
    results = client.get(catalogue, {"q": "専用レッスン"}).context["results"]
    assert [r["page"].pk for r in results] == [pages["private_lesson"].pk]
    _login(client, staff_factory(sakura))
    assert client.get(catalogue, {"q": "専用レッスン"}).context["results"] == []
    found = {r["page"].pk for r in client.get(catalogue, {"q": "研修コース"}).context["results"]}
    assert pages["shared"].pk in found
    assert pages["private"].pk not in found
