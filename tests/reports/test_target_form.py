"""The target form refuses impossible values with a clear message; deleting a target asks first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.certification.models import Certification
from lms.reports.models import Target

from .factories import TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def az305():
    return Certification.objects.get(code="AZ-305")


def form_data(az305, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "name": "AZ-305 保有者",
        "certifications": [az305.pk],
        "scope": "organisation",
        "target_count": 10,
        "start_date": today.replace(day=1).isoformat(),
        "deadline": (today + dt.timedelta(days=400)).isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def field_errors(response, field: str) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get(field, [])]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_count": 0}, "target_count", "1 人以上"),
        ({"target_count": -5}, "target_count", "1 人以上"),
        ({"target_count": 10**12}, "target_count", "1000000 人以下"),
        ({"certifications": None}, "certifications", "資格を1つ以上選んでください"),
        ({"deadline": "2020-03-31", "start_date": "2019-04-01"}, "deadline", "期限が過ぎています"),
        ({"start_date": "0001-01-01"}, "start_date", "2000 年から 2099 年"),
        ({"start_date": "2026-04-01", "deadline": "9999-12-31"}, "deadline", "30 年以内"),
        ({"scope": "tier", "tier": ""}, "tier", "階層を選んでください"),
    ],
)
def test_impossible_values_get_a_clear_message(
    hr_client, organisation, az305, changes, field, message
) -> None:
    """Is a zero, negative or absurd number, no certification or a past or far deadline refused clearly?"""
    url = reverse("reports:target_create", args=[organisation.slug])
    response = hr_client.post(url, form_data(az305, **changes))
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field)), response.context[
        "form"
    ].errors
    assert not Target.objects.exists()


def test_an_old_target_can_be_renamed_after_its_deadline(hr_client, organisation, az305) -> None:
    """May HR still edit a target whose deadline has passed, without moving the deadline?"""
    target = TargetFactory(organisation=organisation, certifications=[az305],
                           start_date=dt.date(2020, 4, 1), deadline=dt.date(2021, 3, 31))  # fmt: skip
    url = reverse("reports:target_edit", args=[organisation.slug, target.pk])
    data = form_data(az305, name="2020年度の目標", start_date="2020-04-01", deadline="2021-03-31")
    assert hr_client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.name == "2020年度の目標"


def test_deleting_a_target_asks_for_confirmation(hr_client, organisation, az305) -> None:
    """Does the delete link show a confirmation page, and only the confirmed POST delete the target?"""
    target = TargetFactory(organisation=organisation, certifications=[az305], name="消す目標")
    url = reverse("reports:target_delete", args=[organisation.slug, target.pk])
    detail = hr_client.get(reverse("reports:target", args=[organisation.slug, target.pk]))
    assert url in detail.content.decode()
    confirm = hr_client.get(url)
    assert confirm.status_code == 200
    assert "消す目標" in confirm.content.decode()
    assert Target.objects.filter(pk=target.pk).exists()
    assert hr_client.post(url).status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
