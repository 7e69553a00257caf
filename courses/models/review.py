"""The review step of the trainers' workflow: a lead trainer of the content's own organisation approves.

A ``GroupApprovalTask`` (the ``lead_trainer`` group) narrowed by ``courses.authoring``: a lead trainer of
one municipality neither sees nor approves another municipality's submissions; shared content is reviewed
by platform-level lead trainers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, Page

from courses.authoring import may_author, may_author_page
from lms.people.roles import Role, has_role


def _page_of(obj) -> Page | None:
    return obj if isinstance(obj, Page) else None


class OrganisationReviewTask(GroupApprovalTask):
    def _may_review(self, obj, user) -> bool:
        page = _page_of(obj)
        return page is None or may_author_page(user, page)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and self._may_review(obj, user)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or not self._may_review(obj, user)

    def user_can_lock(self, obj, user):
        return super().user_can_lock(obj, user) and self._may_review(obj, user)

    def get_actions(self, obj, user):
        if not self._may_review(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if has_role(user, Role.PLATFORM_ADMIN):
            return states  # they may review everything (``may_author``)
        # A workflow state's object_id is text (a generic relation): compare in Python, not in a
        # subquery that PostgreSQL refuses (integer = character varying).
        page_ids = {
            int(object_id)
            for object_id in states.values_list("workflow_state__object_id", flat=True)
            if str(object_id).isdigit()
        }
        reviewable_ids = [
            str(page_id)
            for page_id, path in Page.objects.filter(pk__in=page_ids).values_list("pk", "path")
            if self._reviewable_path(user, path)
        ]
        return states.filter(workflow_state__object_id__in=reviewable_ids)

    def _reviewable_path(self, user, path: str) -> bool:
        from .course import CoursePage

        # The course owning this page (if any) decides; otherwise it is shared content.
        course = (
            CoursePage.objects.filter(
                path__in=[path[:n] for n in range(Page.steplen, len(path) + 1, Page.steplen)]
            )
            .values_list("organisation_id", flat=True)
            .first()
        )
        return may_author(user, course)

    @classmethod
    def get_description(cls):
        return _("Lead trainers of the content's own organisation approve this step.")

    class Meta:
        verbose_name = _("organisation review task")
        verbose_name_plural = _("organisation review tasks")
