"""Bad input to the learners' lesson actions and catalogue: a clear message (Japanese, or English when
switched) or a 404/405, never a server error, and nothing half-written."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from lms.progress.models import Enrolment, QuizAttempt
from tests.courses.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    quiz_body,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    return CoursePageFactory(parent=CurriculumPageFactory(parent=home))


@pytest.fixture
def quiz_lesson(course):
    return LessonPageFactory(parent=course, body=quiz_body("bad-input"))


@pytest.fixture
def learner(client, sakura, staff_factory):
    user = staff_factory(sakura)
    client.login(username=user.username, password=PASSWORD)
    return user


def _quiz_url(lesson) -> str:
    block_id = next(iter(lesson.quiz_blocks()))
    return reverse("courses:submit_quiz", args=[lesson.pk, block_id])


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ja", "少なくとも1つの問題に回答してから"),
        ("en", "Choose an answer to at least one question"),
    ],
)
def test_an_empty_quiz_form_is_refused_in_the_learners_language(
    client, quiz_lesson, learner, language, message
):
    """Is a quiz sent without any answer a 400 with a message, and not a recorded failed attempt?"""
    with translation.override(language):
        response = client.post(_quiz_url(quiz_lesson), {}, HTTP_ACCEPT_LANGUAGE=language)
        json_response = client.post(
            _quiz_url(quiz_lesson),
            {},
            HTTP_ACCEPT="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert json_response.status_code == 400
    assert message in json_response.json()["error"]
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/lessons/99999999999999999999/done/",
        "/lessons/2147483648/done/",
        "/lessons/99999999999999999999/quizzes/abc/",
        "/training/assignments/99999999999999999999/withdraw/",
    ],
)
def test_ids_too_large_for_the_database_are_404(client, learner, path):
    assert client.post(path).status_code == 404


@pytest.mark.parametrize("block_id", ["not-a-block", "x" * 5000, "%00"])
def test_invalid_quiz_block_ids_are_404(client, quiz_lesson, learner, block_id):
    url = f"/lessons/{quiz_lesson.pk}/quizzes/{block_id}/"
    assert client.post(url, {"q-a": "b"}).status_code == 404
    assert not QuizAttempt.objects.exists()


def test_lesson_actions_refuse_get_with_405(client, quiz_lesson, learner):
    assert client.get(_quiz_url(quiz_lesson)).status_code == 405
    assert client.get(reverse("courses:mark_done", args=[quiz_lesson.pk])).status_code == 405


def test_lesson_actions_need_the_csrf_token(quiz_lesson, learner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert strict.post(reverse("courses:mark_done", args=[quiz_lesson.pk])).status_code == 403
    assert strict.post(_quiz_url(quiz_lesson), {}).status_code == 403
    assert not Enrolment.objects.exists()


def test_posts_to_an_unpublished_lesson_or_course_are_404(client, course, quiz_lesson, learner):
    reading = LessonPageFactory(parent=course)
    reading.unpublish()
    assert client.post(reverse("courses:mark_done", args=[reading.pk])).status_code == 404
    course.unpublish()  # its lessons stay live in the tree, but cannot be reached
    assert client.post(_quiz_url(quiz_lesson), {}).status_code == 404
    assert not Enrolment.objects.exists()


def test_an_option_sent_twice_is_a_400_and_nothing_is_stored(client, quiz_lesson, learner):
    """A forged form repeating one option of the single-choice question: a message, no attempt."""
    question = next(iter(quiz_lesson.quiz_blocks().values()))["questions"].bound_blocks[0]
    option_id = question.value["options"].bound_blocks[0].id
    data = {f"q-{question.id}": [option_id, option_id]}
    response = client.post(_quiz_url(quiz_lesson), data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "問題1の回答に、同じ選択肢が2回以上含まれています。"
    assert client.post(_quiz_url(quiz_lesson), data).status_code == 400
    assert not QuizAttempt.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_huge_quiz_answer_is_a_400(client, quiz_lesson, learner):
    question_id = next(iter(quiz_lesson.quiz_blocks().values()))["questions"].bound_blocks[0].id
    data = {f"q-{question_id}": ["x" * 100_000] * 5}
    response = client.post(_quiz_url(quiz_lesson), data)
    assert response.status_code == 400
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "あ" * 5000},
        {"q": "<script>alert(1)</script>", "tier": "<b>"},
        {"q": "%_'\"\\"},
        {"q": "\x00abc"},
        {"tier": "no-such-tier"},
    ],
)
def test_odd_catalogue_queries_are_answered(client, quiz_lesson, learner, params):
    response = client.get(reverse("courses:catalogue"), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_leaves_out_lessons_of_an_unpublished_course(client, home, learner):
    """A live lesson of an unpublished course cannot be opened: is it left out of search results?"""
    course = CoursePageFactory(parent=CurriculumPageFactory(parent=home), title="非公開の講座")
    lesson = LessonPageFactory(parent=course, title="取り残されたレッスン")
    catalogue = reverse("courses:catalogue")
    assert [
        r["page"].pk for r in client.get(catalogue, {"q": "取り残された"}).context["results"]
    ] == [lesson.pk]
    course.unpublish()
    assert client.get(catalogue, {"q": "取り残された"}).context["results"] == []
    assert client.get(lesson.url).status_code == 404  # Wagtail alone would still serve it


def test_a_learner_whose_session_ended_returns_to_the_lesson_after_logging_in(client, quiz_lesson):
    """A quiz sent after the session ended: does the login page lead back to the lesson (not to the
    POST-only URL, a 405), and does the script get a message instead of a login page?"""
    from urllib.parse import quote

    response = client.post(_quiz_url(quiz_lesson), {})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={quote(quiz_lesson.url)}")
    done = client.post(reverse("courses:mark_done", args=[quiz_lesson.pk]))
    assert done["Location"] == response["Location"]
    response = client.post(_quiz_url(quiz_lesson), {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert "もう一度ログイン" in response.json()["error"]
    client.cookies["django_language"] = "en"
    response = client.post(_quiz_url(quiz_lesson), {}, HTTP_ACCEPT="application/json")
    assert "Log in again" in response.json()["error"]
    assert not QuizAttempt.objects.exists()


def test_my_learning_leaves_out_courses_of_an_unpublished_curriculum(client, home, learner):
    from lms.progress import services

    curriculum = CurriculumPageFactory(parent=home)
    course = CoursePageFactory(parent=curriculum, title="取り下げた講座")
    services.record_lesson_visit(learner, LessonPageFactory(parent=course), course)
    my_learning = reverse("progress:my_learning")
    assert "取り下げた講座" in client.get(my_learning).content.decode()
    curriculum.unpublish()
    assert "取り下げた講座" not in client.get(my_learning).content.decode()
    assert client.get(course.url).status_code == 404


@pytest.mark.parametrize("restricted", ["lesson", "course"])
def test_lessons_kept_private_in_the_cms_cannot_be_marked_answered_or_found(
    client, course, quiz_lesson, learner, restricted
):
    """A trainer's privacy setting (only the HR group may view) on the lesson or its course: the
    page is refused by Wagtail, and so are its actions (404) and its search results."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    reading = LessonPageFactory(parent=course, title="非公開の手順書")
    page = reading if restricted == "lesson" else course
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.add(Group.objects.get_or_create(name="hr")[0])
    assert client.get(reading.url).status_code in (302, 403, 404)  # Wagtail asks to log in
    assert client.post(reverse("courses:mark_done", args=[reading.pk])).status_code == 404
    catalogue = reverse("courses:catalogue")
    assert client.get(catalogue, {"q": "非公開の手順書"}).context["results"] == []
    if restricted == "course":
        assert client.post(_quiz_url(quiz_lesson), {"q-x": "y"}).status_code == 404
    assert not Enrolment.objects.exists()
    restriction.delete()
    assert client.post(reverse("courses:mark_done", args=[reading.pk])).status_code == 302
    assert [
        r["page"].pk for r in client.get(catalogue, {"q": "非公開の手順書"}).context["results"]
    ] == [reading.pk]
