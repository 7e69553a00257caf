from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page

from grading.models import Exercise
from lms.demo import DEMO_PASSWORD
from lms.demo import people as demo_people
from lms.demo.people import DEMO_ORGANISATIONS, STAFF_PER_ORGANISATION
from lms.organisations.models import Department, Organisation
from lms.people.models import DepartmentAssignment, StaffProfile
from lms.people.roles import ROLE_PERMISSIONS, Role, has_role, sync_roles
from lms.people.tiers import Tier
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# What each role must be able to do (and, where it matters, must not): the heart of roles.py.
KEY_PERMISSIONS = {
    Role.LEARNER: ([], ["wagtailadmin.access_admin", "people.view_staffprofile"]),
    Role.TRAINER: (
        ["wagtailadmin.access_admin", "grading.add_exercise", "grading.change_exercise",
         "grading.view_exercise", "progress.add_trainingassignment"],
        ["people.view_staffprofile", "reports.view_hr_dashboard"],
    ),
    Role.LEAD_TRAINER: (
        ["wagtailadmin.access_admin", "grading.add_exercise", "grading.delete_exercise",
         "progress.change_trainingassignment"],
        ["people.view_staffprofile", "organisations.add_organisation"],
    ),
    Role.HR: (
        ["wagtailadmin.access_admin", "people.view_staffprofile", "people.add_staffprofile",
         "people.change_staffprofile", "organisations.view_department", "reports.view_hr_dashboard",
         "reports.export_hr_data", "reports.import_roster", "reports.add_target",
         "certification.view_holding", "certification.verify_holding",
         "progress.add_trainingassignment"],
        ["organisations.add_department", "grading.add_exercise", "organisations.add_organisation"],
    ),
    Role.ORG_ADMIN: (
        ["wagtailadmin.access_admin", "people.view_staffprofile", "people.add_staffprofile",
         "people.change_staffprofile", "organisations.add_department",
         "organisations.change_department", "reports.view_hr_dashboard", "reports.import_roster",
         "certification.verify_holding"],
        ["organisations.add_organisation", "grading.add_exercise"],
    ),
    Role.PLATFORM_ADMIN: (
        ["wagtailadmin.access_admin", "organisations.view_organisation",
         "organisations.add_organisation", "organisations.change_organisation"],
        ["people.view_staffprofile", "reports.view_hr_dashboard"],
    ),
}  # fmt: skip


def test_every_role_is_a_group_with_exactly_its_permissions() -> None:
    """After migrate, does each role's group hold every permission roles.py lists (a misspelt one
    would be missing) and nothing else?"""
    sync_roles()
    assert set(KEY_PERMISSIONS) == set(Role)
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(ROLE_PERMISSIONS[role]), role


@pytest.mark.parametrize("role", list(Role))
def test_each_role_can_do_its_key_things(role: Role) -> None:
    """Can a user holding only this role do what the role is for, and not what it is not for?"""
    sync_roles()
    user = get_user_model().objects.get(pk=UserFactory(roles=(role,)).pk)
    allowed, refused = KEY_PERMISSIONS[role]
    assert has_role(user, role)
    assert [p for p in allowed if not user.has_perm(p)] == []
    assert [p for p in refused if user.has_perm(p)] == []
    if role == Role.LEARNER:
        assert user.get_all_permissions() == set()


def demo_snapshot() -> dict:
    """Everything the foundation's demo loader writes, row by row, and how much the others write."""
    user_model = get_user_model()
    return {
        "users": Counter(
            user_model.objects.values_list(
                "username", "password", "is_superuser", "is_staff", "is_active", "email"
            )
        ),
        "groups": Counter(
            (g.name, frozenset(g.permissions.values_list("codename", flat=True)))
            for g in Group.objects.all()
        ),
        "memberships": Counter(
            user_model.groups.through.objects.values_list("user__username", "group__name")
        ),
        "organisations": Counter(
            Organisation.objects.values_list("slug", "name", "local_government_code", "prefecture")
        ),
        "departments": Counter(
            Department.objects.values_list("organisation__slug", "path", "kind", "parent__path")
        ),
        "staff": Counter(
            StaffProfile.objects.values_list(
                "organisation__slug",
                "employee_number",
                "user__username",
                "department__path",
                "tier",
                "position",
                "is_active",
            )
        ),
        "assignments": Counter(
            DepartmentAssignment.objects.values_list(
                "staff__user__username", "department__path", "position", "start_date", "end_date"
            )
        ),
        "pages": Page.objects.count(),
        "exercises": Exercise.objects.count(),
    }


@pytest.mark.kernel  # the full load_demo: grading.demo runs reference solutions in sandbox kernels
def test_load_demo_builds_two_municipalities_and_is_idempotent() -> None:
    """Does load_demo create ~300 staff per municipality in all three tiers, and does a second run
    change nothing at all: users (and their passwords), groups, memberships, departments, staff, history?"""
    # As DEBUG off would: the explicit flag lets it run.
    with override_settings(LOAD_DEMO_ALLOWED=False):
        call_command("load_demo", "--i-know-this-is-not-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = demo_snapshot()
    assert len(before["organisations"]) == len(DEMO_ORGANISATIONS) == 2
    for organisation in Organisation.objects.all():
        staff = StaffProfile.objects.filter(organisation=organisation)
        assert staff.count() == STAFF_PER_ORGANISATION
        assert set(staff.values_list("tier", flat=True)) == set(Tier.values)
        assert staff.filter(department__isnull=True).count() == 0
    assert sum(before["users"].values()) == 2 * STAFF_PER_ORGANISATION + 2
    assert {name for name, _perms in before["groups"]} >= {role.value for role in Role}
    hr = StaffProfile.objects.get(user__username="sakura-hr").user
    assert has_role(hr, Role.HR)
    assert hr.check_password(DEMO_PASSWORD)
    assert has_role(get_user_model().objects.get(username="platform-admin"), Role.PLATFORM_ADMIN)

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = demo_snapshot()
    assert {key: after[key] for key in before if after[key] != before[key]} == {}


def test_load_demo_refuses_when_demo_data_is_not_allowed() -> None:
    """With DEBUG off (LOAD_DEMO_ALLOWED false) and no flag, is load_demo refused before it writes anything?"""
    with override_settings(LOAD_DEMO_ALLOWED=False), pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "--i-know-this-is-not-production" in str(refused.value)
    assert not Organisation.objects.exists()
    assert not get_user_model().objects.filter(username="platform-admin").exists()


def test_demo_trainer_logs_in_to_the_cms(client) -> None:
    """Does the documented demo trainer (sakura-trainer / manabi-demo) get into Wagtail at /cms/?

    Only the people loader runs: the whole load_demo also grades notebooks in kernels."""
    sync_roles()
    demo_people.load(open("/dev/null", "w"))  # noqa: SIM115
    response = client.post("/cms/login/", {"username": "sakura-trainer", "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:1000]
    assert client.get("/cms/").status_code == 200
    client.logout()
    # The same documented password does not open the CMS to the demo learner.
    client.post("/cms/login/", {"username": "sakura-learner", "password": DEMO_PASSWORD})
    assert client.get("/cms/").status_code in (302, 403)
