"""Who may author which pages in the CMS: the one rule behind every permission check of ``/cms/``.

Role groups give trainers page permissions on the whole learning tree (see ``courses.setup``); this rule
narrows them: a page belongs to the organisation that owns its course (lessons belong to their course's
owner; the learning home, curricula and shared courses belong to no organisation). A user may author a
page only when their own organisation is that owner: municipal trainers author their municipality's
courses, platform-level trainers (no organisation) author shared content. Platform admins
(``has_role(user, Role.PLATFORM_ADMIN)``, superusers included) author everything.
"""

from __future__ import annotations

from wagtail.models import Page

from lms.people.roles import Role, has_role
from lms.people.scoping import organisation_of


def owner_organisation_id(page: Page) -> int | None:
    """The organisation owning ``page`` (None: shared content)."""
    from .models import CoursePage, LessonPage

    specific_class = page.specific_class
    if specific_class is not None and issubclass(specific_class, CoursePage):
        if isinstance(page, CoursePage):
            return page.organisation_id
        return (
            CoursePage.objects.filter(pk=page.pk).values_list("organisation_id", flat=True).first()
        )
    if specific_class is not None and issubclass(specific_class, LessonPage):
        course_path = page.path[: -Page.steplen]
        return (
            CoursePage.objects.filter(path=course_path)
            .values_list("organisation_id", flat=True)
            .first()
        )
    return None


def may_author(user: object, organisation_id: int | None) -> bool:
    """Whether ``user`` may author content owned by ``organisation_id`` (None: shared content)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if has_role(user, Role.PLATFORM_ADMIN):
        return True
    organisation = organisation_of(user)
    return (organisation.pk if organisation else None) == organisation_id


def may_author_page(user: object, page: Page) -> bool:
    return may_author(user, owner_organisation_id(page))
