"""Factories for learning pages: each page is added under its parent in Wagtail's tree (live)."""

from __future__ import annotations

import factory

from courses.models import CoursePage, CurriculumPage, LearningHome, LessonPage
from courses.setup import ensure_learning_site
from courses.stream_builders import LessonBody, question
from lms.people.tiers import Tier


class _PageFactory(factory.Factory):
    """Creates the page as a child of ``parent`` (default: the learning home / a new parent)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        return page


def learning_home() -> LearningHome:
    return ensure_learning_site()


class CurriculumPageFactory(_PageFactory):
    class Meta:
        model = CurriculumPage

    parent = factory.LazyFunction(learning_home)
    title = factory.Sequence(lambda n: f"カリキュラム{n}")
    slug = factory.Sequence(lambda n: f"curriculum-{n}")
    tier = Tier.ALL_STAFF
    audience = "全職員"
    goals = "目標1\n目標2"
    estimated_hours = 3


class CoursePageFactory(_PageFactory):
    class Meta:
        model = CoursePage

    parent = factory.SubFactory(CurriculumPageFactory)
    title = factory.Sequence(lambda n: f"コース{n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "コースの概要"
    learning_objectives = "目標A\n目標B"
    estimated_minutes = 30
    organisation = None


class LessonPageFactory(_PageFactory):
    class Meta:
        model = LessonPage

    parent = factory.SubFactory(CoursePageFactory)
    title = factory.Sequence(lambda n: f"レッスン{n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    summary = "レッスンの概要"
    estimated_minutes = 10
    body = factory.LazyAttribute(lambda o: LessonBody(o.slug).markdown("本文です。").data)


def quiz_body(seed: str, *, pass_mark: int = 100) -> list[dict]:
    """A lesson body with a two-question quiz: Q1 single choice (A correct), Q2 multiple (A and C)."""
    return (
        LessonBody(seed)
        .markdown("クイズの前の本文。")
        .quiz(
            [
                question(
                    "Q1",
                    [("A", True, "A が正解"), ("B", False, "B は誤り")],
                ),
                question(
                    "Q2",
                    [
                        ("A", True, "A は正しい"),
                        ("B", False, "B は誤り"),
                        ("C", True, "C も正しい"),
                    ],
                    multiple=True,
                ),
            ],
            pass_mark=pass_mark,
        )
        .data
    )
