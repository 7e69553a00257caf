"""CMS hooks of the learning pages: organisation-scoped explorer and choosers, the exercise chooser,
the DSS vocabulary as a snippet, and no deletion of pages learners have progress on."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .choosers import exercise_chooser_viewset
from .models import SkillStandardItem
from .permissions import OrganisationPagePermissionPolicy
from .visibility import is_hidden_from, page_visibility_filter

# Replaces Wagtail's page policy for every page type (same behaviour, narrower explorable pages).
register_permission_policy(Page, OrganisationPagePermissionPolicy(Page))
register_snippet(SkillStandardItem)


@hooks.register("register_admin_viewset")
def register_exercise_chooser():
    return exercise_chooser_viewset


@hooks.register("construct_explorer_page_queryset")
def hide_other_organisations_pages(parent_page, pages, request):
    """Other municipalities' own courses and lessons do not appear in the explorer, neither listed
    nor as the page explored: Wagtail loads that page by id without asking, and this hook is the
    explorer's one call into the project, so a hidden page is a 404 here (never for platform admins:
    ``courses.visibility`` hides nothing from them)."""
    if is_hidden_from(request.user, parent_page):
        raise Http404
    return pages.filter(page_visibility_filter(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_other_organisations_in_chooser(pages, request):
    return pages.filter(page_visibility_filter(request.user))


def pages_with_learner_records(pages) -> list[Page]:
    """Those of ``pages`` (or their descendants) that learners' progress or assignments refer to."""
    from lms.progress.models import Enrolment, LessonProgress, ProgressEvent, TrainingAssignment

    blocked = []
    for page in pages:
        ids = list(page.get_descendants(inclusive=True).values_list("pk", flat=True))
        if (
            Enrolment.objects.filter(course_id__in=ids).exists()
            or LessonProgress.objects.filter(lesson_id__in=ids).exists()
            or ProgressEvent.objects.filter(course_id__in=ids).exists()
            or TrainingAssignment.objects.filter(course_id__in=ids).exists()
            or TrainingAssignment.objects.filter(curriculum_id__in=ids).exists()
        ):
            blocked.append(page)
    return blocked


def _refusal_message(page: Page) -> str:
    return _(
        "“%(title)s” cannot be deleted: learners have progress or assignments on it. "
        "Unpublish it instead; their records are kept."
    ) % {"title": page.title}


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_progress(request, page):
    if pages_with_learner_records([page]):
        messages.error(request, _refusal_message(page))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_progress(request, action_type, objects, action_class_instance):
    if action_type != "delete" or request.method != "POST":
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    blocked = pages_with_learner_records(pages)
    if blocked:
        messages.error(request, _refusal_message(blocked[0]))
        return redirect("wagtailadmin_explore", blocked[0].get_parent().pk)
    return None
