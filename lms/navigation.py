"""The site navigation: each feature adds its entry here, with who may see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lms.people.roles import Role, has_role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    visible: Callable[[object], bool]


def _authenticated(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _has_organisation(user: object) -> bool:
    from lms.people.scoping import organisation_of

    return organisation_of(user) is not None


def _any_role(*roles: str) -> Callable[[object], bool]:
    return lambda user: any(has_role(user, role) for role in roles)


def _assigns_training(user: object) -> bool:
    from lms.people.scoping import organisation_of

    return (
        _authenticated(user)
        and user.has_perm("progress.add_trainingassignment")
        and organisation_of(user) is not None
    )


NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("Home"), lambda user: True),
    NavItem("progress:my_learning", _("My learning"), _authenticated),
    NavItem("courses:catalogue", _("Course catalogue"), lambda user: True),
    NavItem("progress:assignments", _("Required training"), _assigns_training),
    NavItem("certification:my_certifications", _("My certifications"), _has_organisation),
    NavItem("reports:dashboard", _("HR dashboard"), _any_role(Role.HR, Role.ORG_ADMIN)),
    NavItem("reports:platform", _("Municipalities"), _any_role(Role.PLATFORM_ADMIN)),
    NavItem(
        "wagtailadmin_home",
        _("Authoring (CMS)"),
        _any_role(Role.TRAINER, Role.LEAD_TRAINER, Role.ORG_ADMIN, Role.PLATFORM_ADMIN),
    ),
]


def items_for(user: object, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # the feature is not installed in this build
        if item.visible(user):
            current = current_path == url or (url != "/" and current_path.startswith(url))
            items.append({"url": url, "label": item.label, "current": current})
    return items
