import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from lms.demo.people import DEMO_ORGANISATIONS, STAFF_PER_ORGANISATION
from lms.organisations.models import Organisation
from lms.people.models import DepartmentAssignment, StaffProfile
from lms.people.roles import ROLE_PERMISSIONS, Role, has_role, sync_roles
from lms.people.tiers import Tier

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_its_permissions() -> None:
    """After migrate, does each role exist as a group holding the permissions roles.py lists?"""
    sync_roles()
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted <= set(ROLE_PERMISSIONS[role])
    hr = Group.objects.get(name=Role.HR)
    assert hr.permissions.filter(codename="view_staffprofile").exists()
    assert Group.objects.get(name=Role.TRAINER).permissions.filter(codename="access_admin").exists()


def test_load_demo_builds_two_municipalities_and_is_idempotent() -> None:
    """Does load_demo create ~300 staff per municipality in all three tiers, and change nothing the second time?"""
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {
        "organisations": Organisation.objects.count(),
        "staff": StaffProfile.objects.count(),
        "assignments": DepartmentAssignment.objects.count(),
    }
    assert counts["organisations"] == len(DEMO_ORGANISATIONS) == 2
    for organisation in Organisation.objects.all():
        staff = StaffProfile.objects.filter(organisation=organisation)
        assert staff.count() == STAFF_PER_ORGANISATION
        assert set(staff.values_list("tier", flat=True)) == set(Tier.values)
        assert staff.filter(department__isnull=True).count() == 0
    hr = StaffProfile.objects.get(user__username="sakura-hr").user
    assert has_role(hr, Role.HR)
    assert hr.check_password("manabi-demo")

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == {
        "organisations": Organisation.objects.count(),
        "staff": StaffProfile.objects.count(),
        "assignments": DepartmentAssignment.objects.count(),
    }
