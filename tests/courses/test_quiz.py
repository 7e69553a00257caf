"""Quiz scoring: right answers, partial answers, pass marks and answers that do not fit the quiz; and
what a learner is shown of a result before and after passing."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import translation

from courses.blocks import QuizBlock
from courses.quiz import (
    QuizAnswerError,
    answers_from_post,
    correct_answers,
    feedback_for,
    score_quiz,
)
from tests.courses.factories import quiz_body


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are matched in English (their msgids); the Japanese is checked by the views' tests."""
    with translation.override("en"):
        yield


def _quiz(pass_mark=100):
    raw = next(
        block for block in quiz_body("scoring", pass_mark=pass_mark) if block["type"] == "quiz"
    )
    return QuizBlock().to_python(raw["value"])


def _ids(quiz):
    """[(question id, [option ids])] in order."""
    return [
        (q.id, [o.id for o in q.value["options"].bound_blocks])
        for q in quiz["questions"].bound_blocks
    ]


def test_all_correct_scores_full_marks_with_explanations():
    quiz = _quiz()
    result = score_quiz(quiz, correct_answers(quiz))
    assert (result.correct_count, result.question_count, result.score_percent) == (2, 2, 100)
    assert result.passed
    explanations = [o.explanation for q in result.questions for o in q.options]
    assert explanations == ["A が正解", "B は誤り", "A は正しい", "B は誤り", "C も正しい"]


def test_multiple_choice_needs_exactly_the_correct_set():
    """Is a multiple-choice answer with one correct option missing (or one wrong extra) wrong?"""
    quiz = _quiz()
    (q1, o1), (q2, o2) = _ids(quiz)
    for selected in ([o2[0]], [o2[0], o2[1], o2[2]], [o2[1]]):
        result = score_quiz(quiz, {q1: [o1[0]], q2: selected})
        assert result.questions[1].is_correct is False
        assert result.correct_count == 1
    assert score_quiz(quiz, {q1: [o1[0]], q2: [o2[2], o2[0]]}).questions[1].is_correct


def test_unanswered_question_counts_as_wrong():
    quiz = _quiz()
    (q1, o1), _q2 = _ids(quiz)
    result = score_quiz(quiz, {q1: [o1[0]]})
    assert result.correct_count == 1
    assert result.questions[1].answered is False
    assert not result.passed


@pytest.mark.parametrize(("pass_mark", "passed"), [(50, True), (51, False), (100, False)])
def test_pass_mark(pass_mark, passed):
    """With one of two questions right (50%), does the quiz pass exactly when the mark is ≤ 50?"""
    quiz = _quiz(pass_mark=pass_mark)
    (q1, o1), (q2, o2) = _ids(quiz)
    result = score_quiz(quiz, {q1: [o1[0]], q2: [o2[1]]})
    assert result.score_percent == 50
    assert result.passed is passed


def test_an_option_of_another_question_is_refused():
    """Does naming question 2's option as the answer to question 1 raise a clear error?"""
    quiz = _quiz()
    (q1, _o1), (_q2, o2) = _ids(quiz)
    with pytest.raises(QuizAnswerError, match="question 1"):
        score_quiz(quiz, {q1: [o2[0]]})


def test_unknown_question_and_two_answers_to_a_single_choice_are_refused():
    quiz = _quiz()
    (q1, o1), _q2 = _ids(quiz)
    with pytest.raises(QuizAnswerError):
        score_quiz(quiz, {"not-a-question": [o1[0]]})
    with pytest.raises(QuizAnswerError, match="single answer"):
        score_quiz(quiz, {q1: [o1[0], o1[1]]})


def test_an_option_named_twice_is_refused():
    """A browser sends each ticked option once: is a repeated option (single or multiple choice)
    refused instead of being scored and stored as sent?"""
    quiz = _quiz()
    (q1, o1), (q2, o2) = _ids(quiz)
    with pytest.raises(QuizAnswerError, match="question 1 names the same option more than once"):
        score_quiz(quiz, {q1: [o1[0], o1[0]]})
    with pytest.raises(QuizAnswerError, match="question 2 names the same option more than once"):
        score_quiz(quiz, {q1: [o1[0]], q2: [o2[0], o2[2], o2[0]]})


def test_answers_from_a_form_post():
    quiz = _quiz()
    (q1, o1), (q2, o2) = _ids(quiz)
    data = QueryDict(mutable=True)
    data.setlist(f"q-{q1}", [o1[0]])
    data.setlist(f"q-{q2}", [o2[0], o2[2]])
    data["csrfmiddlewaretoken"] = "ignored"
    assert answers_from_post(quiz, data) == {q1: [o1[0]], q2: [o2[0], o2[2]]}
    data.setlist("q-forged", [o1[0]])
    with pytest.raises(QuizAnswerError):
        answers_from_post(quiz, data)


def test_feedback_before_passing_shows_only_the_chosen_options():
    """After a failed attempt, does the learner see each chosen option (right or wrong, with its
    explanation) and which questions were wrong, but no correct option they did not choose?"""
    quiz = _quiz()
    (q1, o1), (q2, o2) = _ids(quiz)
    result = score_quiz(quiz, {q1: [o1[1]], q2: [o2[0]]})  # Q1 wrong; Q2 misses C
    feedback = feedback_for(result, quiz_passed=False)
    assert not feedback.answers_revealed
    assert (feedback.correct_count, feedback.score_percent, feedback.passed) == (0, 0, False)
    assert [q.is_correct for q in feedback.questions] == [False, False]
    shown = [
        [(o.option_id, o.correct, o.explanation) for o in q.options] for q in feedback.questions
    ]
    assert shown == [[(o1[1], False, "B は誤り")], [(o2[0], True, "A は正しい")]]
    # An unanswered question shows no option at all.
    unanswered = feedback_for(score_quiz(quiz, {q1: [o1[1]]}), quiz_passed=False)
    assert unanswered.questions[1].options == ()


def test_feedback_once_passed_shows_every_option_and_explanation():
    """Once the quiz is passed (by this attempt or an earlier one), is the full answer shown?"""
    quiz = _quiz()
    (q1, o1), (q2, o2) = _ids(quiz)
    failed_again = score_quiz(quiz, {q1: [o1[1]], q2: [o2[0]]})
    for result in (score_quiz(quiz, correct_answers(quiz)), failed_again):
        feedback = feedback_for(result, quiz_passed=True)
        assert feedback.answers_revealed
        explanations = [o.explanation for q in feedback.questions for o in q.options]
        assert explanations == ["A が正解", "B は誤り", "A は正しい", "B は誤り", "C も正しい"]
