"""Who may see which learning pages: the one rule every view, search and API of courses uses.

A course is shared (no organisation) or owned by one municipality. A shared course, and everything above
courses (the learning home and curricula), is visible to everyone. A municipality's own course and its
lessons are visible only to that municipality's staff (and platform admins); to anyone else they do not
exist (404), in the catalogue, search, lesson pages and quiz submissions alike.
"""

from __future__ import annotations

from functools import reduce
from operator import and_

from django.db.models import Q

from lms.people.roles import Role, has_role
from lms.people.scoping import organisation_of


def organisation_course_filter(organisation_id: int | None) -> Q:
    """A filter on ``CoursePage`` keeping the courses an organisation's staff may see (shared ones and
    the organisation's own; only shared ones without an organisation)."""
    if organisation_id is None:
        return Q(organisation__isnull=True)
    return Q(organisation__isnull=True) | Q(organisation_id=organisation_id)


def course_visibility_filter(user: object) -> Q:
    """A filter on ``CoursePage`` keeping the courses ``user`` may see (platform admins: all)."""
    if has_role(user, Role.PLATFORM_ADMIN):
        return Q()
    organisation = organisation_of(user)
    return organisation_course_filter(organisation.pk if organisation is not None else None)


def can_see_course(user: object, course_organisation_id: int | None) -> bool:
    """The same rule as ``course_visibility_filter`` for one course already loaded."""
    if course_organisation_id is None or has_role(user, Role.PLATFORM_ADMIN):
        return True
    organisation = organisation_of(user)
    return organisation is not None and organisation.pk == course_organisation_id


def hidden_course_paths(user: object) -> list[str]:
    """Tree paths of the courses ``user`` may not see (everything below them is hidden too)."""
    from .models import CoursePage

    visible = course_visibility_filter(user)
    if not visible:
        return []  # all visible (platform admins); .exclude(Q()) would list every course as hidden
    return list(CoursePage.objects.exclude(visible).values_list("path", flat=True))


def is_hidden_from(user: object, page) -> bool:
    """Whether ``page`` is (or lies below) a course ``user`` may not see."""
    return any(page.path.startswith(path) for path in hidden_course_paths(user))


def page_visibility_filter(user: object) -> Q:
    """A filter on any ``Page`` queryset hiding other municipalities' courses and their lessons."""
    excluded = [~Q(path__startswith=path) for path in hidden_course_paths(user)]
    return reduce(and_, excluded, Q())


def published_branch_filter() -> Q:
    """A filter on any ``Page`` queryset hiding pages below an unpublished page: a live lesson of an
    unpublished course cannot be opened, so learners' listings and search must not offer it."""
    from wagtail.models import Page

    unpublished_parents = (
        Page.objects.not_live().filter(numchild__gt=0).values_list("path", flat=True)
    )
    excluded = [~Q(path__startswith=path) for path in unpublished_parents]
    return reduce(and_, excluded, Q())


def openable_courses(visibility: Q):
    """The courses a learner can open: live, below no unpublished page (a live course of an unpublished
    curriculum is a 404, see ``has_unpublished_ancestor``) and kept by ``visibility``.

    Every list of courses offered to learners (catalogue, prerequisites, My learning, required training)
    starts here; ``courses_open_to`` and ``courses_open_to_staff_of`` give the visibility. One query to
    find unpublished pages, then a lazy queryset."""
    from .models import CoursePage

    return CoursePage.objects.live().filter(visibility).filter(published_branch_filter())


def courses_open_to(user: object):
    """``openable_courses`` for one user."""
    return openable_courses(course_visibility_filter(user))


def courses_open_to_staff_of(organisation_id: int | None):
    """``openable_courses`` for any member of an organisation's staff (e.g. everyone an assignment
    covers)."""
    return openable_courses(organisation_course_filter(organisation_id))


def has_unpublished_ancestor(page) -> bool:
    """Whether a page above ``page`` is unpublished (one query). Wagtail serves a live page below an
    unpublished one by its URL; an unpublished course must take its lessons with it."""
    from wagtail.models import Page

    paths = [page.path[:end] for end in range(Page.steplen, len(page.path), Page.steplen)]
    return Page.objects.filter(path__in=paths, live=False).exists()
