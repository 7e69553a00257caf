"""Staff in Django's admin: a department or position changes only through move_staff (history + audit)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.models import AuditEvent
from lms.organisations.models import DepartmentKind
from lms.people.models import DepartmentAssignment, StaffProfile
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

START = dt.date(2024, 4, 1)


@pytest.fixture
def platform_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def profile() -> StaffProfile:
    profile = StaffProfileFactory(position="主事")
    DepartmentAssignment.objects.create(
        staff=profile, department=profile.department, position="主事", start_date=START
    )
    return profile


def change_form_data(profile: StaffProfile, **changes: object) -> dict:
    """What the change form posts, with the inline's management form."""
    data = {
        "user": profile.user_id,
        "organisation": profile.organisation_id,
        "employee_number": profile.employee_number,
        "family_name": profile.family_name,
        "given_name": profile.given_name,
        "family_name_kana": profile.family_name_kana,
        "given_name_kana": profile.given_name_kana,
        "tier": profile.tier,
        "is_active": "on",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "1",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_the_change_form_cannot_move_anyone_or_rewrite_history(platform_client, profile) -> None:
    """Are department, position and the history shown but not editable, so that a posted change to
    them is ignored (no history row skipped, no silent move)?"""
    other = DepartmentFactory(organisation=profile.organisation, kind=DepartmentKind.KA)
    url = reverse("admin:people_staffprofile_change", args=[profile.pk])
    page = platform_client.get(url).content.decode()
    assert 'name="department"' not in page
    assert 'name="position"' not in page
    assert 'name="assignments-0-start_date"' not in page
    assert 'name="assignments-0-department"' not in page
    assert reverse("admin:people_staffprofile_transfer", args=[profile.pk]) in page

    assignment = profile.assignments.get()
    response = platform_client.post(
        url,
        change_form_data(
            profile,
            given_name="花子",
            department=other.pk,
            position="部長",
            **{"assignments-0-id": assignment.pk, "assignments-0-staff": profile.pk,
               "assignments-0-department": other.pk, "assignments-0-start_date": "2020-01-01"},
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.given_name == "花子"  # the other fields are still editable
    assert (profile.department_id, profile.position) != (other.pk, "部長")
    assignment.refresh_from_db()
    assert (assignment.department_id, assignment.start_date) == (profile.department_id, START)
    assert not AuditEvent.objects.filter(action="staff.moved").exists()


def test_a_transfer_in_the_admin_goes_through_move_staff(platform_client, profile) -> None:
    """Does the admin's Transfer page close the old period, open the new one, move the person and audit it?"""
    admin_user = platform_client.session["_auth_user_id"]
    new = DepartmentFactory(organisation=profile.organisation, kind=DepartmentKind.KA)
    today = timezone.localdate()
    url = reverse("admin:people_staffprofile_transfer", args=[profile.pk])
    assert platform_client.get(url).status_code == 200
    response = platform_client.post(
        url, {"department": new.pk, "effective_date": today.isoformat(), "position": "主任"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:people_staffprofile_change", args=[profile.pk])
    profile.refresh_from_db()
    assert (profile.department, profile.position) == (new, "主任")
    history = list(profile.assignments.order_by("start_date"))
    assert [(a.department_id, a.start_date, a.end_date) for a in history] == [
        (history[0].department_id, START, today - dt.timedelta(days=1)),
        (new.pk, today, None),
    ]
    event = AuditEvent.objects.get(action="staff.moved")
    assert str(event.actor_id) == admin_user
    assert event.data["to"] == new.path


def test_a_refused_transfer_says_why_and_changes_nothing(platform_client, profile) -> None:
    """Is a backdated transfer, or one into another municipality's department, refused on the page
    with a Japanese message, leaving the person and the history as they were?"""
    url = reverse("admin:people_staffprofile_transfer", args=[profile.pk])
    same_org = DepartmentFactory(organisation=profile.organisation, kind=DepartmentKind.KA)
    backdated = platform_client.post(
        url, {"department": same_org.pk, "effective_date": "2023-04-01"}
    )
    assert backdated.status_code == 200
    assert "異動日は現在の所属の開始日（2024-04-01）より後でなければなりません。" in (
        backdated.content.decode()
    )
    foreign = platform_client.post(
        url, {"department": DepartmentFactory().pk, "effective_date": "2026-04-01"}
    )
    assert foreign.status_code == 200
    assert 'class="errorlist' in foreign.content.decode()
    profile.refresh_from_db()
    assert profile.assignments.count() == 1
    assert not AuditEvent.objects.filter(action="staff.moved").exists()
