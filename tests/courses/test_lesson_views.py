"""Taking a lesson: quiz answers (with and without JavaScript), "mark as done", bad input, and a
constant number of queries whatever the course's size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.quiz import correct_answers
from lms.progress.models import LessonProgress, QuizAttempt
from tests.courses.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    quiz_body,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# Queries for a lesson page, whatever the number of lessons in the course: measured 28 for a logged-in
# learner (session, user, enrolment and progress, quiz attempts) and 14 for a visitor, plus a margin of 2.
LESSON_PAGE_QUERY_BUDGET = 30
ANONYMOUS_LESSON_PAGE_QUERY_BUDGET = 16


@pytest.fixture
def course(home):
    return CoursePageFactory(parent=CurriculumPageFactory(parent=home))


@pytest.fixture
def learner(client, sakura, staff_factory):
    user = staff_factory(sakura)
    client.login(username=user.username, password=PASSWORD)
    return user


def _quiz(lesson):
    block_id, quiz = next(iter(lesson.quiz_blocks().items()))
    questions = [
        (q.id, [o.id for o in q.value["options"].bound_blocks])
        for q in quiz["questions"].bound_blocks
    ]
    return block_id, quiz, questions


def test_quiz_without_javascript_redirects_back_with_feedback(client, course, learner):
    reading = LessonPageFactory(parent=course)
    lesson = LessonPageFactory(parent=course, body=quiz_body("plain"))
    block_id, quiz, _questions = _quiz(lesson)
    data = {f"q-{qid}": oids for qid, oids in correct_answers(quiz).items()}
    response = client.post(reverse("courses:submit_quiz", args=[lesson.pk, block_id]), data)
    assert response.status_code == 302
    assert response["Location"] == f"{lesson.url}#quiz-{block_id}"
    html = client.get(lesson.url).content.decode()
    assert "quiz-result--passed" in html
    assert "A が正解" in html  # the explanation of each option
    assert 'value="50"' in html  # the progress bar: 1 of 2 lessons
    assert LessonProgress.objects.get(lesson=lesson).completed_at is not None
    assert LessonProgress.objects.filter(lesson=reading).count() == 0


def test_quiz_with_javascript_gets_json_feedback_and_progress(client, course, learner):
    lesson = LessonPageFactory(parent=course, body=quiz_body("json"))
    LessonPageFactory(parent=course)
    block_id, _quiz_value, questions = _quiz(lesson)
    (q1, o1), (q2, o2) = questions
    response = client.post(
        reverse("courses:submit_quiz", args=[lesson.pk, block_id]),
        {f"q-{q1}": o1[0], f"q-{q2}": [o2[1]]},  # Q2 wrong: 50% < pass mark 100%
        HTTP_ACCEPT="application/json",
    )
    payload = response.json()
    assert response.status_code == 200
    assert payload["passed"] is False
    assert payload["score_percent"] == 50
    feedback = payload["feedback_html"]
    assert "quiz-result--failed" in feedback
    # Only the chosen options (Q1 A, right; Q2 B, wrong) with their explanations; Q2's correct A and C
    # stay hidden, or a retry would pass by copying them.
    assert "A が正解" in feedback
    assert "B は誤り" in feedback
    assert "A は正しい" not in feedback
    assert "C も正しい" not in feedback
    assert feedback.count("quiz-result__option ") == 2
    assert feedback.count("is-wrong") == 1  # question 2 is marked wrong
    assert "不正解" in feedback
    assert payload["progress"]["percent"] == 0
    assert payload["progress"]["lesson_complete"] is False

    response = client.post(
        reverse("courses:submit_quiz", args=[lesson.pk, block_id]),
        {f"q-{q1}": o1[0], f"q-{q2}": [o2[0], o2[2]]},
        HTTP_ACCEPT="application/json",
    )
    payload = response.json()
    assert payload["passed"] is True
    assert payload["progress"]["percent"] == 50
    assert payload["progress"]["lesson_complete"] is True
    assert payload["progress"]["text"]
    for explanation in ("A が正解", "B は誤り", "A は正しい", "C も正しい"):
        assert explanation in payload["feedback_html"]  # passed: the full answer

    # A later failed attempt still shows the full answer: the quiz has been passed.
    response = client.post(
        reverse("courses:submit_quiz", args=[lesson.pk, block_id]),
        {f"q-{q1}": o1[1]},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["passed"] is False
    assert "C も正しい" in response.json()["feedback_html"]


def test_quiz_without_javascript_hides_unchosen_answers_until_passed(client, course, learner):
    """Without JavaScript, does the lesson page after a failed attempt show only the chosen options,
    and every option with its explanation once the quiz is passed?"""
    lesson = LessonPageFactory(parent=course, body=quiz_body("hidden"))
    block_id, quiz, questions = _quiz(lesson)
    (q1, o1), (q2, o2) = questions
    url = reverse("courses:submit_quiz", args=[lesson.pk, block_id])
    assert client.post(url, {f"q-{q1}": o1[1], f"q-{q2}": [o2[0]]}).status_code == 302
    html = client.get(lesson.url).content.decode()
    assert "quiz-result--failed" in html
    assert "B は誤り" in html
    assert "A は正しい" in html
    assert "A が正解" not in html
    assert "C も正しい" not in html
    assert html.count("quiz-result__option ") == 2
    data = {f"q-{qid}": oids for qid, oids in correct_answers(quiz).items()}
    assert client.post(url, data).status_code == 302
    html = client.get(lesson.url).content.decode()
    for explanation in ("A が正解", "B は誤り", "A は正しい", "C も正しい"):
        assert explanation in html


def test_an_answer_naming_another_questions_option_is_a_400_with_a_message(client, course, learner):
    lesson = LessonPageFactory(parent=course, body=quiz_body("bad"))
    block_id, _quiz_value, questions = _quiz(lesson)
    (q1, _o1), (_q2, o2) = questions
    url = reverse("courses:submit_quiz", args=[lesson.pk, block_id])
    response = client.post(url, {f"q-{q1}": o2[0]})
    assert response.status_code == 400
    assert "問題1の回答に" in response.content.decode()  # Japanese, the default language
    assert 'role="alert"' in response.content.decode()
    response = client.post(url, {f"q-{q1}": o2[0]}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "問題1" in response.json()["error"]
    assert not QuizAttempt.objects.exists()


def test_unknown_quiz_block_is_404(client, course, learner):
    lesson = LessonPageFactory(parent=course, body=quiz_body("unknown"))
    url = reverse("courses:submit_quiz", args=[lesson.pk, "not-a-block"])
    assert client.post(url, {}).status_code == 404


def test_anonymous_answers_go_to_the_login_page(client, course):
    lesson = LessonPageFactory(parent=course, body=quiz_body("anonymous"))
    block_id, _quiz_value, _questions = _quiz(lesson)
    response = client.post(reverse("courses:submit_quiz", args=[lesson.pk, block_id]), {})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_mark_as_done(client, course, learner):
    lesson = LessonPageFactory(parent=course)
    html = client.get(lesson.url).content.decode()
    assert reverse("courses:mark_done", args=[lesson.pk]) in html
    response = client.post(reverse("courses:mark_done", args=[lesson.pk]))
    assert response.status_code == 302
    html = client.get(lesson.url).content.decode()
    assert "status--done" in html
    assert reverse("courses:mark_done", args=[lesson.pk]) not in html


def test_a_quiz_lesson_cannot_be_marked_done(client, course, learner):
    lesson = LessonPageFactory(parent=course, body=quiz_body("no-mark"))
    response = client.post(reverse("courses:mark_done", args=[lesson.pk]))
    assert response.status_code == 400
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_mark_as_done_refusals_carry_a_message_for_the_script(client, course, learner):
    """The script shows the server's message when "mark as done" is refused: is there one, in
    Japanese and English, for an ended session (401) and for a lesson completed otherwise (400)? And
    does the page give the script a live region and a message of its own for answers without one?"""
    reading = LessonPageFactory(parent=course)
    html = client.get(reading.url).content.decode()
    assert "data-action-feedback" in html
    assert "学習の記録を保存できませんでした" in html
    quiz_lesson = LessonPageFactory(parent=course, body=quiz_body("refused"))
    response = client.post(
        reverse("courses:mark_done", args=[quiz_lesson.pk]), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "クイズ" in response.json()["error"]
    client.logout()
    for language, words in (("ja", "もう一度ログイン"), ("en", "Log in again")):
        client.cookies["django_language"] = language
        response = client.post(
            reverse("courses:mark_done", args=[reading.pk]), HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 401
        assert words in response.json()["error"]
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_previous_and_next_lessons(client, course, learner):
    first, second, third = (LessonPageFactory(parent=course) for _ in range(3))
    html = client.get(second.url).content.decode()
    assert f'rel="prev" href="{first.url}"' in html
    assert f'rel="next" href="{third.url}"' in html
    assert 'aria-current="page"' in html


def _lesson_queries(client, lesson) -> int:
    client.get(lesson.url)  # first visit writes the enrolment; measure a regular visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson.url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("lesson_count", [3, 30])
@pytest.mark.parametrize("logged_in", [True, False], ids=["learner", "visitor"])
def test_lesson_page_queries_do_not_grow_with_the_course(
    client, home, sakura, staff_factory, lesson_count, logged_in, django_assert_max_num_queries
):
    """Is a lesson page served (200) within its query budget for 3 and for 30 lessons, for a
    learner and for a visitor?"""
    if logged_in:
        client.login(username=staff_factory(sakura).username, password=PASSWORD)
    course = CoursePageFactory(parent=CurriculumPageFactory(parent=home))
    lessons = [
        LessonPageFactory(parent=course, body=quiz_body(f"q{n}")) for n in range(lesson_count)
    ]
    middle = lessons[1]
    client.get(middle.url)
    budget = LESSON_PAGE_QUERY_BUDGET if logged_in else ANONYMOUS_LESSON_PAGE_QUERY_BUDGET
    with django_assert_max_num_queries(budget):
        response = client.get(middle.url)
    assert response.status_code == 200
    assert ("data-quiz-form" in response.content.decode()) is logged_in


def test_lesson_page_query_count_is_identical_for_3_and_30_lessons(client, home, learner):
    counts = []
    for size in (3, 30):
        course = CoursePageFactory(parent=CurriculumPageFactory(parent=home))
        lessons = [
            LessonPageFactory(parent=course, body=quiz_body(f"s{size}-{n}")) for n in range(size)
        ]
        counts.append(_lesson_queries(client, lessons[1]))
    assert counts[0] == counts[1]
