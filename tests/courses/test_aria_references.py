"""Every ARIA reference on the learners' pages and forms names an element of the page: a field's
help text and its errors are read with it (Django 5.2 points ``aria-describedby`` at
``<id>_helptext`` and ``<id>_error``, so the templates must give those ids), and no label or
description points at nothing."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.courses.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    quiz_body,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in REFERENCES:
            for target in (attrs.get(name) or "").split():
                self.references.append((tag, name, target))


def dangling_references(html: str) -> list[tuple[str, str, str]]:
    parser = _Ids()
    parser.feed(html)
    return [ref for ref in parser.references if ref[2] not in parser.ids]


def test_login_errors_are_tied_to_their_fields(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    html = response.content.decode()
    assert 'aria-describedby="id_username_error"' in html
    assert '<div id="id_username_error">' in html
    assert dangling_references(html) == []


def test_password_change_help_and_errors_are_tied_to_their_fields(client, sakura, staff_factory):
    user = staff_factory(sakura)
    client.login(username=user.username, password=PASSWORD)
    blank = client.get(reverse("password_change")).content.decode()
    assert 'id="id_new_password1_helptext"' in blank
    assert dangling_references(blank) == []
    refused = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    ).content.decode()
    assert '<div id="id_old_password_error">' in refused
    assert '<div id="id_new_password2_error">' in refused
    assert dangling_references(refused) == []


def test_learner_pages_have_no_dangling_aria_references(client, home, sakura, staff_factory):
    course = CoursePageFactory(parent=CurriculumPageFactory(parent=home))
    reading = LessonPageFactory(parent=course)
    quiz = LessonPageFactory(parent=course, body=quiz_body("aria"))
    user = staff_factory(sakura)
    client.login(username=user.username, password=PASSWORD)
    for url in (
        "/",
        reverse("courses:catalogue"),
        reverse("courses:catalogue") + "?q=x",
        course.url,
        reading.url,
        quiz.url,
        reverse("progress:my_learning"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert dangling_references(response.content.decode()) == [], url
