"""Wagtail page permissions narrowed to the page's owning organisation (rule: ``courses.authoring``).

Every admin view (explorer actions, edit, preview, history, publish, move, copy, delete, bulk actions, the
review workflow) asks ``page.permissions_for_user(user)``; learning pages answer with this tester, so a
direct URL is refused just like a hidden button.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from .authoring import may_author_page
from .visibility import page_visibility_filter


class OrganisationPagePermissionTester(PagePermissionTester):
    """Keeps the group permissions only on pages the user may author.

    ``kept_for_others`` lists the permissions a non-author keeps: on a curriculum, municipal trainers keep
    ``add`` and ``publish`` so that they can create (and, as lead trainers, publish) their own courses in it,
    while everything acting on the curriculum itself stays refused.
    """

    def __init__(self, user, page, kept_for_others: frozenset[str] = frozenset()) -> None:
        super().__init__(user, page)
        self.is_author = may_author_page(user, page)  # platform admins (superusers too) author all
        if not self.is_author and hasattr(self, "permissions"):
            self.permissions = self.permissions & kept_for_others

    def can_edit(self):
        return self.is_author and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.is_author and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return self.is_author and super().can_publish()

    def can_unpublish(self):
        return self.is_author and super().can_unpublish()

    def can_submit_for_moderation(self):
        return self.is_author and super().can_submit_for_moderation()

    def can_lock(self):
        return self.is_author and super().can_lock()

    def can_unlock(self):
        return self.is_author and super().can_unlock()

    def can_reorder_children(self):
        return self.is_author and super().can_reorder_children()

    def can_copy(self):
        return self.is_author and super().can_copy()

    def can_view_revisions(self):
        return self.is_author and super().can_view_revisions()


class OrganisationPermissionsMixin:
    """For learning page models: Wagtail then uses the organisation-aware tester for them."""

    permissions_kept_for_others: frozenset[str] = frozenset()

    def permissions_for_user(self, user):
        return OrganisationPagePermissionTester(user, self, self.permissions_kept_for_others)


class OrganisationPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, with other municipalities' own courses (and their lessons) left out of
    the pages a user may explore or act on: the explorer, the admin page search, the dashboard and the
    workflow report never list them."""

    def instances_user_has_any_permission_for(self, user, actions):
        # Also what "explorable_instances" starts from; the workflow report and the dashboard's
        # panels list pages from here too.
        pages = super().instances_user_has_any_permission_for(user, actions)
        return pages.filter(page_visibility_filter(user))  # hides nothing from platform admins

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        return pages.filter(page_visibility_filter(user))
