"""Roles are Django groups with permissions. This file is the single list of what each role may do.

Group names are stable identifiers; their Japanese labels come from ``ROLE_LABELS``. After every migrate,
``sync_roles`` sets each group's permissions to exactly what is listed here (permissions that do not exist
yet — an app not migrated — are skipped and picked up by the next migrate).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    LEARNER = "learner", _("Learner")
    TRAINER = "trainer", _("Trainer")
    LEAD_TRAINER = "lead_trainer", _("Lead trainer")
    HR = "hr", _("HR")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")


# Image and document permissions are Wagtail collection permissions, granted in courses/setup.py.
_WAGTAIL_EDITING = ["wagtailadmin.access_admin"]

# HR dashboard, targets, roster import, exports and certification verification (issue 5).
_HR_REPORTS = [
    "reports.view_hr_dashboard",
    "reports.export_hr_data",
    "reports.import_roster",
    "reports.view_target",
    "reports.add_target",
    "reports.change_target",
    "reports.delete_target",
    "certification.view_holding",
    "certification.verify_holding",
    "certification.change_certificationpolicy",
]

# Notebook exercises: authoring, gradebooks and manual grading (issue 4).
_GRADING = [
    "grading.view_exercise",
    "grading.add_exercise",
    "grading.change_exercise",
    "grading.delete_exercise",
]

# Assigning required training to tiers and departments (issue 3): trainers and HR.
_REQUIRED_TRAINING = [
    "progress.view_trainingassignment",
    "progress.add_trainingassignment",
    "progress.change_trainingassignment",
    "progress.delete_trainingassignment",
]

# "app_label.codename" strings. Each feature adds its permissions here, next to the role that needs them.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.LEARNER: [],
    Role.TRAINER: [*_WAGTAIL_EDITING, *_GRADING, *_REQUIRED_TRAINING],
    Role.LEAD_TRAINER: [*_WAGTAIL_EDITING, *_GRADING, *_REQUIRED_TRAINING],
    Role.HR: [
        "wagtailadmin.access_admin",
        "people.view_staffprofile",
        "people.change_staffprofile",
        "people.add_staffprofile",
        "organisations.view_department",
        *_HR_REPORTS,
        *_REQUIRED_TRAINING,
    ],
    Role.ORG_ADMIN: [
        "wagtailadmin.access_admin",
        "people.view_staffprofile",
        "people.change_staffprofile",
        "people.add_staffprofile",
        "organisations.view_department",
        "organisations.add_department",
        "organisations.change_department",
        *_HR_REPORTS,
        *_REQUIRED_TRAINING,
    ],
    Role.PLATFORM_ADMIN: [
        "wagtailadmin.access_admin",
        "organisations.view_organisation",
        "organisations.add_organisation",
        "organisations.change_organisation",
    ],
}


def role_group(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=str(role))
    return group


def sync_roles() -> None:
    for role, codenames in ROLE_PERMISSIONS.items():
        group = role_group(role)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender: object, **kwargs: object) -> None:
    sync_roles()


def has_role(user: object, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if role == Role.PLATFORM_ADMIN and getattr(user, "is_superuser", False):
        return True
    cache = getattr(user, "_manabi_roles", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._manabi_roles = cache
    return str(role) in cache
