"""Bad input to the assignment page: each field's own message (Japanese, or English when switched), a
forged value never echoed back, 405 for GET on actions, CSRF required, and nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.progress.models import TrainingAssignment
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory
from tests.factories import PASSWORD, DepartmentFactory

pytestmark = pytest.mark.django_db

SOON = (timezone.localdate() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def course(home):
    return CoursePageFactory(parent=CurriculumPageFactory(parent=home))


@pytest.fixture
def hr(client, sakura, staff_factory):
    user = staff_factory(sakura, "hr")
    client.login(username=user.username, password=PASSWORD)
    return user


def _errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("data", "field", "japanese", "english"),
    [
        ({"target": ""}, "target", "必須", "required"),
        ({"due_date": ""}, "due_date", "必須", "required"),
        ({"target": "course:999999"}, "target", "一覧から", "from the list"),
        ({"target": "x" * 20_000}, "target", "一覧から", "from the list"),
        ({"tier": "<script>"}, "tier", "一覧から", "from the list"),
        ({"due_date": "2020-01-01"}, "due_date", "過去", "past"),
        ({"due_date": "not-a-date"}, "due_date", "日付", "date"),
        ({"due_date": "99999-12-31"}, "due_date", "日付", "date"),
        ({"department": "99999999999999999999"}, "department", "正しく選択", "valid choice"),
        ({"note": "長" * 301}, "note", "300", "300"),
    ],
)
def test_bad_fields_get_their_own_message(client, course, hr, data, field, japanese, english):
    form = {"target": f"course:{course.pk}", "due_date": SOON, **data}
    for language, expected in (("ja", japanese), ("en", english)):
        client.cookies["django_language"] = language
        response = client.post(reverse("progress:assignment_create"), form)
        assert response.status_code == 400
        messages = " ".join(_errors(response)[field])
        assert expected in messages, (language, messages)
        assert "x" * 100 not in response.content.decode()
        assert "<script>" not in response.content.decode()
    assert not TrainingAssignment.objects.exists()


def test_another_municipalitys_department_is_refused(client, course, hr, aoba):
    foreign = DepartmentFactory(organisation=aoba)
    response = client.post(
        reverse("progress:assignment_create"),
        {"target": f"course:{course.pk}", "due_date": SOON, "department": foreign.pk},
    )
    assert response.status_code == 400
    assert "department" in _errors(response)
    assert not TrainingAssignment.objects.exists()


def test_actions_refuse_get_and_need_the_csrf_token(client, course, hr, sakura):
    assignment = TrainingAssignment.objects.create(
        organisation=sakura, course=course, due_date=SOON
    )
    withdraw = reverse("progress:assignment_withdraw", args=[assignment.pk])
    assert client.get(reverse("progress:assignment_create")).status_code == 405
    assert client.get(withdraw).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(hr)
    assert strict.post(withdraw).status_code == 403
    response = strict.post(
        reverse("progress:assignment_create"), {"target": f"course:{course.pk}", "due_date": SOON}
    )
    assert response.status_code == 403
    assert list(TrainingAssignment.objects.all()) == [assignment]
