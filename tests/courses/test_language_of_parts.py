"""Trainers write learning pages in Japanese. With the interface switched to English (``<html
lang="en">``), their text is marked ``lang="ja"`` so that screen readers read it in Japanese (WCAG
3.1.2); the interface's own words stay English, and the Japanese interface adds no attribute."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from lms.progress import services
from tests.courses.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    quiz_body,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


class _Languages(HTMLParser):
    """The language of every text run: the ``lang`` of its nearest marked ancestor."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "track", "wbr", "col", "area"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        # <title> cannot mark its parts: the tab title mixes page and site names.
        if data.strip() and not any(tag in ("script", "style", "title") for tag, _ in self.stack):
            language = next((lang for _tag, lang in reversed(self.stack) if lang), "")
            self.runs.append((data.strip(), language))


def language_of(html: str, text: str) -> set[str]:
    parser = _Languages()
    parser.feed(html)
    found = {language for run, language in parser.runs if text in run}
    assert found, f"{text!r} is not on the page"
    return found


@pytest.fixture
def english_learner(client, sakura, staff_factory):
    user = staff_factory(sakura)
    client.login(username=user.username, password=PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return user


@pytest.fixture
def course(home):
    curriculum = CurriculumPageFactory(parent=home, title="全職員向け基礎", audience="すべての職員")
    return CoursePageFactory(
        parent=curriculum, title="情報セキュリティ入門", summary="守り方の概要"
    )


def test_lesson_text_is_japanese_on_an_english_page(client, course, english_learner):
    first = LessonPageFactory(parent=course, title="なぜ守るのか", summary="三つの性質")
    lesson = LessonPageFactory(parent=course, title="事故の報告", body=quiz_body("lang"))
    html = client.get(lesson.url).content.decode()
    assert '<html lang="en">' in html
    assert language_of(html, "事故の報告") == {"ja"}  # title, breadcrumb, outline
    assert language_of(html, "なぜ守るのか") == {"ja"}  # previous lesson and outline
    assert language_of(html, "情報セキュリティ入門") == {"ja"}
    assert language_of(html, "Check my answers") == {"en"}
    assert language_of(html, "Previous lesson") == {"en"}
    quiz = next(iter(lesson.quiz_blocks().values()))
    question = quiz["questions"].bound_blocks[0].value
    assert language_of(html, question["prompt"]) == {"ja"}
    assert language_of(html, question["options"][0]["text"]) == {"ja"}
    assert "Question 1" in html
    assert language_of(html, "Question 1") == {"en"}
    assert language_of(client.get(first.url).content.decode(), "三つの性質") == {"ja"}


def test_catalogue_course_page_and_my_learning_mark_page_text(client, course, english_learner):
    lesson = LessonPageFactory(parent=course, title="なぜ守るのか")
    services.record_lesson_visit(english_learner, lesson, course)
    catalogue = client.get(reverse("courses:catalogue"), {"q": "情報セキュリティ"})
    html = catalogue.content.decode()
    assert language_of(html, "情報セキュリティ入門") == {"ja"}
    assert language_of(html, "すべての職員") == {"ja"}
    assert language_of(html, "Course catalogue") == {"en"}
    html = client.get(course.url).content.decode()
    assert language_of(html, "守り方の概要") == {"ja"}
    assert language_of(html, "Learning objectives") == {"en"}
    html = client.get(reverse("progress:my_learning")).content.decode()
    assert language_of(html, "なぜ守るのか") == {"ja"}
    assert language_of(html, "My learning") == {"en"}


def test_the_japanese_interface_adds_no_lang_attribute(client, course, sakura, staff_factory):
    user = staff_factory(sakura)
    client.login(username=user.username, password=PASSWORD)
    lesson = LessonPageFactory(parent=course, title="なぜ守るのか")
    html = client.get(lesson.url).content.decode()
    assert '<html lang="ja">' in html
    assert 'lang="ja"' not in html.replace('<html lang="ja">', "").replace(
        '<span lang="ja">学び</span>', ""
    ).replace('<option value="ja" lang="ja"', "")
    assert language_of(html, "なぜ守るのか") == {"ja"}
