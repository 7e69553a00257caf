"""Scoring a quiz: which answers were given, which were right, and the explanation for each option.

Pure functions over the quiz block's value (no database): the quiz POST view, the lesson page (showing the
last attempt's feedback) and the tests all use them. Answers arrive as ``{question_id: [option_id, …]}``;
an option that is not one of the question's own options is an error, never silently ignored.

What a learner is shown of a result is decided once, in ``feedback_for``: until the quiz is passed, only
the options they chose (each marked right or wrong, with its explanation) and which questions were wrong —
never a correct option they did not choose, or a retry would pass by copying it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from courses.blocks import SINGLE

FIELD_PREFIX = "q-"


class QuizAnswerError(ValueError):
    """The submitted answers do not fit the quiz (a message for the learner)."""


@dataclass(frozen=True)
class OptionFeedback:
    option_id: str
    text: str
    correct: bool
    selected: bool
    explanation: str


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    number: int
    prompt: str
    kind: str
    is_correct: bool
    answered: bool
    options: tuple[OptionFeedback, ...]


@dataclass(frozen=True)
class QuizResult:
    correct_count: int
    question_count: int
    score_percent: int
    pass_mark: int
    passed: bool
    questions: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class QuizFeedback:
    """A scored attempt as the learner sees it. ``answers_revealed``: every option, the correct ones
    marked, with every explanation (once the quiz is passed); otherwise ``questions`` hold only the
    options the learner chose."""

    result: QuizResult
    answers_revealed: bool
    questions: tuple[QuestionResult, ...]

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def correct_count(self) -> int:
        return self.result.correct_count

    @property
    def question_count(self) -> int:
        return self.result.question_count

    @property
    def score_percent(self) -> int:
        return self.result.score_percent

    @property
    def pass_mark(self) -> int:
        return self.result.pass_mark


def feedback_for(result: QuizResult, *, quiz_passed: bool) -> QuizFeedback:
    """What the learner sees of ``result``; ``quiz_passed``: this attempt or an earlier one passed."""
    if quiz_passed:
        return QuizFeedback(result=result, answers_revealed=True, questions=result.questions)
    questions = tuple(
        replace(question, options=tuple(option for option in question.options if option.selected))
        for question in result.questions
    )
    return QuizFeedback(result=result, answers_revealed=False, questions=questions)


def questions_of(quiz_value) -> list[tuple[str, dict, list[tuple[str, dict]]]]:
    """[(question_id, question, [(option_id, option), …]), …] in order."""
    result = []
    for question_child in quiz_value["questions"].bound_blocks:
        question = question_child.value
        options = [(child.id, child.value) for child in question["options"].bound_blocks]
        result.append((question_child.id, question, options))
    return result


def answers_from_post(quiz_value, data) -> dict[str, list[str]]:
    """The answers in a submitted form (fields ``q-<question id>``), checked against the quiz.

    A form with no answer at all is refused (not recorded as a failed attempt); questions left
    unanswered next to answered ones count as wrong."""
    known = {question_id for question_id, _question, _options in questions_of(quiz_value)}
    answers: dict[str, list[str]] = {}
    for key in data:
        if not key.startswith(FIELD_PREFIX):
            continue
        question_id = key[len(FIELD_PREFIX) :]
        if question_id not in known:
            raise QuizAnswerError(_("The answers name a question that is not part of this quiz."))
        answers[question_id] = [value for value in data.getlist(key) if value]
    if not any(answers.values()):
        raise QuizAnswerError(_("Choose an answer to at least one question, then check again."))
    check_answers(quiz_value, answers)
    return answers


def check_answers(quiz_value, answers: Mapping[str, Sequence[str]]) -> None:
    """Raises ``QuizAnswerError`` unless every answer names options of its own question, each once."""
    questions = {
        qid: (number, q, opts) for number, (qid, q, opts) in enumerate(questions_of(quiz_value), 1)
    }
    for question_id, selected in answers.items():
        if question_id not in questions:
            raise QuizAnswerError(_("The answers name a question that is not part of this quiz."))
        number, question, options = questions[question_id]
        option_ids = {option_id for option_id, _option in options}
        if any(option_id not in option_ids for option_id in selected):
            raise QuizAnswerError(
                _(
                    "The answer to question %(number)s names an option that is not one of its choices."
                )
                % {"number": number}
            )
        if len(set(selected)) != len(selected):
            # A browser sends each ticked option once: a repeated one is a forged or broken form,
            # refused rather than stored as given.
            raise QuizAnswerError(
                _("The answer to question %(number)s names the same option more than once.")
                % {"number": number}
            )
        if question["kind"] == SINGLE and len(selected) > 1:
            raise QuizAnswerError(
                _("Question %(number)s takes a single answer.") % {"number": number}
            )


def score_quiz(quiz_value, answers: Mapping[str, Sequence[str]]) -> QuizResult:
    """Scores checked answers: a question is right when exactly its correct options are selected.

    An unanswered question counts as wrong. The quiz passes when the share of right answers reaches
    the pass mark.
    """
    check_answers(quiz_value, answers)
    results = []
    for number, (question_id, question, options) in enumerate(questions_of(quiz_value), 1):
        selected = set(answers.get(question_id, ()))
        correct_ids = {option_id for option_id, option in options if option["correct"]}
        results.append(
            QuestionResult(
                question_id=question_id,
                number=number,
                prompt=question["prompt"],
                kind=question["kind"],
                is_correct=selected == correct_ids,
                answered=bool(selected),
                options=tuple(
                    OptionFeedback(
                        option_id=option_id,
                        text=option["text"],
                        correct=bool(option["correct"]),
                        selected=option_id in selected,
                        explanation=option["explanation"],
                    )
                    for option_id, option in options
                ),
            )
        )
    correct_count = sum(1 for result in results if result.is_correct)
    question_count = len(results)
    score_percent = round(100 * correct_count / question_count) if question_count else 0
    pass_mark = int(quiz_value["pass_mark"] or 100)
    return QuizResult(
        correct_count=correct_count,
        question_count=question_count,
        score_percent=score_percent,
        pass_mark=pass_mark,
        passed=question_count > 0 and 100 * correct_count >= pass_mark * question_count,
        questions=tuple(results),
    )


def correct_answers(quiz_value) -> dict[str, list[str]]:
    """{question id: its correct option ids}: the answers that score 100% (demo data, tests)."""
    return {
        question_id: [option_id for option_id, option in options if option["correct"]]
        for question_id, _question, options in questions_of(quiz_value)
    }
