import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from lms.models import AuditEvent
from lms.organisations.models import DepartmentKind
from lms.people.models import DepartmentAssignment, StaffProfile
from lms.people.scoping import get_scoped_or_404, organisation_of, scope_to_organisation
from lms.people.services import create_staff, move_staff
from tests.factories import DepartmentFactory, OrganisationFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_employee_number_is_unique_within_an_organisation_only() -> None:
    """May two municipalities use the same employee number, but not one municipality twice?"""
    first = StaffProfileFactory(employee_number="000123")
    StaffProfileFactory(employee_number="000123")  # another organisation: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffProfileFactory(employee_number="000123", organisation=first.organisation)


def test_transfer_keeps_history_and_is_audited() -> None:
    """Does an April transfer close the old assignment the day before and open the new one?"""
    organisation = OrganisationFactory()
    old = DepartmentFactory(organisation=organisation, name="税務課")
    new = DepartmentFactory(organisation=organisation, name="情報政策課")
    profile = create_staff(
        organisation=organisation, employee_number="1", family_name="佐藤", given_name="誠",
        username="sato", department=old, start_date=dt.date(2024, 4, 1),
    )  # fmt: skip
    move_staff(profile, new, effective_date=dt.date(2026, 4, 1), position="主任")

    history = list(DepartmentAssignment.objects.filter(staff=profile).order_by("start_date"))
    assert [(a.department, a.start_date, a.end_date) for a in history] == [
        (old, dt.date(2024, 4, 1), dt.date(2026, 3, 31)),
        (new, dt.date(2026, 4, 1), None),
    ]
    profile.refresh_from_db()
    assert profile.department == new
    assert profile.position == "主任"
    event = AuditEvent.objects.get(action="staff.moved")
    assert event.data["to"] == new.path
    # Moving again to the same place changes nothing.
    move_staff(profile, new, effective_date=dt.date(2026, 5, 1))
    assert DepartmentAssignment.objects.filter(staff=profile).count() == 2


def test_transfer_refuses_another_organisations_department_and_backdating() -> None:
    """Is a transfer into another municipality, or before the current period began, refused?"""
    profile = StaffProfileFactory()
    DepartmentAssignment.objects.create(
        staff=profile, department=profile.department, start_date=dt.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError):
        move_staff(profile, DepartmentFactory(), effective_date=dt.date(2026, 10, 1))
    same_org = DepartmentFactory(organisation=profile.organisation, kind=DepartmentKind.KA)
    with pytest.raises(ValidationError):
        move_staff(profile, same_org, effective_date=dt.date(2026, 3, 1))
    assert DepartmentAssignment.objects.filter(staff=profile).count() == 1


def test_scoping_shows_only_the_users_own_organisation() -> None:
    """Does the one scoping helper hide other municipalities' people, and everything from strangers?"""
    mine = StaffProfileFactory()
    colleague = StaffProfileFactory(organisation=mine.organisation)
    stranger = StaffProfileFactory()
    visible = scope_to_organisation(StaffProfile.objects.all(), mine.user)
    assert set(visible) == {mine, colleague}
    assert organisation_of(mine.user) == mine.organisation

    nobody = UserFactory()
    assert not scope_to_organisation(StaffProfile.objects.all(), nobody).exists()
    with pytest.raises(Http404):
        get_scoped_or_404(StaffProfile.objects.all(), mine.user, pk=stranger.pk)
    assert get_scoped_or_404(StaffProfile.objects.all(), mine.user, pk=colleague.pk) == colleague

    from django.contrib.auth.models import AnonymousUser

    assert not scope_to_organisation(StaffProfile.objects.all(), AnonymousUser()).exists()


def test_a_transfer_entered_ahead_takes_effect_on_its_date() -> None:
    """Does a transfer announced in March leave the person in place until 1 April, then move them?"""
    import datetime as dt

    from django.utils import timezone

    from lms.people.services import apply_due_transfers

    organisation = OrganisationFactory()
    old = DepartmentFactory(organisation=organisation, name="税務課")
    new = DepartmentFactory(organisation=organisation, name="情報政策課")
    today = timezone.localdate()
    profile = create_staff(
        organisation=organisation, employee_number="9", family_name="高橋", given_name="誠",
        username="takahashi", department=old, start_date=today - dt.timedelta(days=365),
        position="主事",
    )  # fmt: skip
    april = today + dt.timedelta(days=10)
    move_staff(profile, new, effective_date=april, position="主任")

    profile.refresh_from_db()
    assert (profile.department, profile.position) == (old, "主事")
    assert apply_due_transfers(today) == 0
    assert apply_due_transfers(april - dt.timedelta(days=1)) == 0

    assert apply_due_transfers(april) == 1
    profile.refresh_from_db()
    assert (profile.department, profile.position) == (new, "主任")
    assert apply_due_transfers(april) == 0  # running again changes nothing
    history = list(profile.assignments.order_by("start_date").values_list("department", "end_date"))
    assert history == [(old.pk, april - dt.timedelta(days=1)), (new.pk, None)]


def test_a_deactivated_profile_sees_nothing_even_if_its_login_works() -> None:
    """Does someone whose staff profile was deactivated (they left) lose their organisation's data,
    although their user account is still active?"""
    leaver = StaffProfileFactory(is_active=False)
    StaffProfileFactory(organisation=leaver.organisation)
    assert leaver.user.is_active
    user = type(leaver.user).objects.get(pk=leaver.user.pk)
    assert organisation_of(user) is None
    assert not scope_to_organisation(StaffProfile.objects.all(), user).exists()
    with pytest.raises(Http404):
        get_scoped_or_404(StaffProfile.objects.all(), user, pk=leaver.pk)

    leaver.is_active = True
    leaver.save()
    user = type(leaver.user).objects.get(pk=leaver.user.pk)
    assert organisation_of(user) == leaver.organisation
    assert scope_to_organisation(StaffProfile.objects.all(), user).count() == 2
