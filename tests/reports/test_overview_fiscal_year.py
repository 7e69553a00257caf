"""The HR overview's fiscal year (``?fy=``): required training counts only what falls due in that year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.progress import services
from lms.progress.models import TrainingAssignment
from lms.reports.fiscal import FiscalYear, fiscal_year
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory

from .test_targets import staff  # noqa: F401 (fixture: 6 people in 総務部, 4 in 市民部)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments(organisation, units, staff):  # noqa: F811
    """Required training of 市民部 (4 people) due on 31 March, the last day of last fiscal year; of 総務部
    (6 people and HR) due on 1 April, the first day of this one. One of 市民部 completed it."""
    this_year = fiscal_year(timezone.localdate())
    course = CoursePageFactory(parent=CurriculumPageFactory())
    lesson = LessonPageFactory(parent=course)
    services.mark_lesson_done(staff[6].user, lesson, course)
    return {
        "last_year": TrainingAssignment.objects.create(
            organisation=organisation,
            course=course,
            department=units["窓口係"].parent.parent,
            due_date=this_year.start - dt.timedelta(days=1),
        ),
        "this_year": TrainingAssignment.objects.create(
            organisation=organisation,
            course=course,
            department=units["人事係"].parent.parent,
            due_date=this_year.start,
        ),
    }


def _required(response) -> list[tuple[str, int, int]]:
    return [
        (row.department, row.assigned, row.completed)
        for row in response.context["data"].required_by_department
    ]


def test_required_training_due_outside_the_selected_year_is_left_out(
    hr_client, organisation, assignments
) -> None:
    """With ?fy= last year, is only 市民部's training (due 31 March) counted, and with this year (also
    the default) only 総務部's (due 1 April)? Is the year named on the page and its link current?"""
    url = reverse("reports:overview", args=[organisation.slug])
    this_year = fiscal_year(timezone.localdate())
    last_year = this_year.previous()

    response = hr_client.get(url, {"fy": last_year.year})
    assert response.context["data"].fiscal_year == last_year
    assert _required(response) == [("市民部", 4, 1)]
    body = response.content.decode()
    assert f"{last_year.year}年度" in body
    assert f'href="?fy={last_year.year}" aria-current="page"' in body

    for params in ({"fy": this_year.year}, {}):
        response = hr_client.get(url, params)
        assert response.context["data"].fiscal_year == this_year
        assert _required(response) == [("総務部", 7, 0)]

    response = hr_client.get(url, {"fy": this_year.year + 1})
    assert _required(response) == []
    assert "この年度に期限のある必修研修はありません" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "2025年度", "", "12026", "-1", "99999999999999999999999"])
def test_a_bad_fiscal_year_falls_back_to_this_year_with_a_message(
    hr_client, organisation, assignments, value
) -> None:
    """Does ?fy= with something that is not a year near now show this fiscal year (not an error page),
    saying that it did so and naming the value?"""
    response = hr_client.get(reverse("reports:overview", args=[organisation.slug]), {"fy": value})
    assert response.status_code == 200
    this_year = fiscal_year(timezone.localdate())
    assert response.context["data"].fiscal_year == this_year
    assert _required(response) == [("総務部", 7, 0)]
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert f"「{value[:20]}」" in messages[0]
    assert f"{this_year.year}年度を表示しています" in messages[0]
    assert messages[0] in response.content.decode()


def test_a_year_within_ten_years_is_shown_without_a_message(hr_client, organisation) -> None:
    """Is a year ten years back accepted as it is (no message)?"""
    earliest = FiscalYear(fiscal_year(timezone.localdate()).year - 10)
    response = hr_client.get(
        reverse("reports:overview", args=[organisation.slug]), {"fy": earliest.year}
    )
    assert response.context["data"].fiscal_year == earliest
    assert list(response.context["messages"]) == []
