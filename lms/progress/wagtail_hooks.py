"""A CMS menu entry for trainers and HR: required-training assignments (a page outside the CMS)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.people.scoping import organisation_of

from .views import ASSIGN_PERMISSION


class AssignmentsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.has_perm(ASSIGN_PERMISSION) and organisation_of(user) is not None


@hooks.register("register_admin_menu_item")
def register_assignments_menu_item():
    return AssignmentsMenuItem(
        _("Required training"), reverse("progress:assignments"), icon_name="date", order=900
    )
