"""A lesson: a stream of blocks (text, media, quizzes, notebook exercises) inside a course."""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonStreamBlock
from courses.permissions import OrganisationPermissionsMixin
from courses.search import index_text
from courses.visibility import can_see_course, has_unpublished_ancestor

QUIZ_REQUIREMENT = "quiz"
EXERCISE_REQUIREMENT = "exercise"


def quiz_requirement(block_id: str) -> str:
    """How a quiz of a lesson is named among what completes it (``LessonProgress.passed_requirements``)."""
    return f"{QUIZ_REQUIREMENT}:{block_id}"


class LessonPage(OrganisationPermissionsMixin, Page):
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=10)
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["courses.CoursePage"]
    # Who may open learning pages is decided by their organisation (courses.visibility) and
    # completion counts every lesson of a course; a page-level privacy setting would hide lessons
    # that still count, so the CMS offers none here.
    private_page_options: list[str] = []
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_terms"),
    ]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def search_terms(self) -> str:
        field = self._meta.get_field("body")
        return index_text([self.title, self.summary, *field.get_searchable_content(self.body)])

    # --- What completes this lesson -----------------------------------------------------------
    def quiz_blocks(self) -> dict[str, object]:
        """{block id: quiz value} of the quizzes in this lesson."""
        return {block.id: block.value for block in self.body if block.block_type == "quiz"}

    def exercise_ids(self) -> list[int]:
        return [
            block.value["exercise"].pk
            for block in self.body
            if block.block_type == "exercise" and block.value["exercise"] is not None
        ]

    def requirements(self) -> list[str]:
        """What must pass for the lesson to be complete; empty: a reading lesson, marked as done."""
        return [quiz_requirement(block_id) for block_id in self.quiz_blocks()] + [
            f"{EXERCISE_REQUIREMENT}:{exercise_id}" for exercise_id in self.exercise_ids()
        ]

    def course(self):
        from .course import CoursePage

        return (
            CoursePage.objects.select_related("organisation")
            .filter(path=self.path[: -self.steplen])
            .first()
        )

    # --- Serving --------------------------------------------------------------------------------
    def serve(self, request, *args, **kwargs):
        self._course = self.course()
        if (
            self._course is None
            or not can_see_course(request.user, self._course.organisation_id)
            or has_unpublished_ancestor(self)
        ):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.lesson_context import lesson_context

        context = super().get_context(request, *args, **kwargs)
        course = getattr(self, "_course", None) or self.course()
        context.update(lesson_context(request, self, course))
        return context
