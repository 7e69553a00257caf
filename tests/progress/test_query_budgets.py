"""The catalogue and My learning run a fixed number of SQL queries, however many courses a learner has
started, however many trainings are assigned to them and however many certificates they hold (the lesson
page's own budget is checked in ``tests/courses/test_lesson_views.py``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.certification.services import award_internal
from lms.progress import services
from lms.progress.assignments import assign_training
from tests.certification.factories import (
    CertificationFactory,
    HoldingFactory,
    InternalCertificationFactory,
)
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CATALOGUE_QUERY_BUDGET = 15
MY_LEARNING_QUERY_BUDGET = 20


@pytest.fixture
def learner(client, sakura, staff_factory):
    user = staff_factory(sakura)
    client.login(username=user.username, password=PASSWORD)
    return user


def _learning_of_size(home, sakura, learner, size: int) -> None:
    """``size`` courses (in one new curriculum), each started by the learner (one of them completed)
    and each assigned to the learner's organisation; the curriculum is assigned too. The learner also
    gains ``size`` declared certifications and ``size`` internal certificates."""
    curriculum = CurriculumPageFactory(parent=home)
    due = timezone.localdate() + dt.timedelta(days=10)
    assign_training(actor=None, organisation=sakura, curriculum=curriculum, due_date=due)
    for number in range(size):
        course = CoursePageFactory(parent=curriculum, organisation=sakura if number % 2 else None)
        lessons = [LessonPageFactory(parent=course) for _ in range(2)]
        services.mark_lesson_done(learner, lessons[0], course)
        if number == 0:
            services.mark_lesson_done(learner, lessons[1], course)
        assign_training(actor=None, organisation=sakura, course=course, due_date=due)
        HoldingFactory(staff=learner.staff_profile, certification=CertificationFactory())
        award_internal(
            staff=learner.staff_profile,
            certification=InternalCertificationFactory(),
            awarded_on=timezone.localdate(),
        )


def _queries(client, url: str) -> int:
    client.get(url)  # warm caches (site root, session) the way a second visit finds them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "budget"),
    [
        ("courses:catalogue", CATALOGUE_QUERY_BUDGET),
        ("progress:my_learning", MY_LEARNING_QUERY_BUDGET),
    ],
)
def test_page_queries_stay_constant_as_learning_grows(
    client, home, sakura, learner, url_name, budget, django_assert_max_num_queries
):
    """Does the page run the same number of queries for 2 and for 12 started and assigned courses,
    within its budget?"""
    url = reverse(url_name)
    _learning_of_size(home, sakura, learner, 2)
    small = _queries(client, url)
    _learning_of_size(home, sakura, learner, 10)
    large = _queries(client, url)
    assert small == large
    with django_assert_max_num_queries(budget):
        client.get(url)


def test_catalogue_search_queries_do_not_grow_with_results(client, home, sakura, learner):
    """Does a search that finds 2 or 12 lessons run the same number of queries?"""
    url = reverse("courses:catalogue")
    _learning_of_size(home, sakura, learner, 2)
    small = _queries(client, f"{url}?q=レッスン")
    _learning_of_size(home, sakura, learner, 10)
    large = _queries(client, f"{url}?q=レッスン")
    assert small == large
