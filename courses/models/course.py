"""A course: lessons with a completion rule, owned by one municipality or shared by all."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from courses.forms import CoursePageForm
from courses.permissions import OrganisationPermissionsMixin
from courses.search import index_text
from courses.visibility import (
    can_see_course,
    courses_open_to,
    has_unpublished_ancestor,
)

from .text import lines_of


class CompletionRule(models.TextChoices):
    ALL_LESSONS = "all_lessons", _("Every lesson is complete")
    PERCENTAGE = "percentage", _("A share of the lessons is complete")


class CoursePage(OrganisationPermissionsMixin, Page):
    summary = models.TextField(_("summary"))
    learning_objectives = models.TextField(
        _("learning objectives"), help_text=_("One objective per line.")
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("prerequisite courses"),
        help_text=_("Courses learners should finish first (shown as a recommendation)."),
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=30)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("owning organisation"),
        help_text=_("Empty: a shared course, visible to every municipality."),
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.ALL_LESSONS,
    )
    completion_percentage = models.PositiveSmallIntegerField(
        _("share of lessons (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Used by the “share of the lessons” rule."),
    )

    parent_page_types = ["courses.CurriculumPage"]
    # Who may open learning pages is decided by their organisation (courses.visibility) and
    # completion counts every lesson of a course; a page-level privacy setting would hide lessons
    # that still count, so the CMS offers none here.
    private_page_options: list[str] = []
    subpage_types = ["courses.LessonPage"]
    template = "courses/course_page.html"
    base_form_class = CoursePageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("estimated_minutes"),
                FieldPanel("completion_rule"),
                FieldPanel("completion_percentage"),
            ],
            heading=_("Ownership and completion"),
        ),
        FieldPanel("prerequisites"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_terms"),
        index.FilterField("organisation"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def objective_list(self) -> list[str]:
        return lines_of(self.learning_objectives)

    @property
    def is_shared(self) -> bool:
        return self.organisation_id is None

    def search_terms(self) -> str:
        return index_text([self.title, self.summary, self.learning_objectives])

    def live_lessons(self):
        from .lesson import LessonPage

        return LessonPage.objects.child_of(self).live().defer_streamfields().order_by("path")

    def serve(self, request, *args, **kwargs):
        if not can_see_course(request.user, self.organisation_id) or has_unpublished_ancestor(self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from lms.progress.queries import course_progress_map, lesson_completion_ids

        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.live_lessons())
        completed = lesson_completion_ids(request.user, [lesson.pk for lesson in lessons])
        progress = course_progress_map(request.user, [self]).get(self.pk)
        # Through the ids: in a preview the relation is an in-memory (fake) queryset.
        prerequisite_ids = [course.pk for course in self.prerequisites.all()]
        prerequisites = (
            list(courses_open_to(request.user).filter(pk__in=prerequisite_ids).order_by("title"))
            if prerequisite_ids
            else []
        )
        prerequisite_progress = course_progress_map(request.user, prerequisites)
        next_lesson = None
        if progress and progress.last_lesson_id:
            next_lesson = next((x for x in lessons if x.pk == progress.last_lesson_id), None)
        if next_lesson is None:
            next_lesson = next((x for x in lessons if x.pk not in completed), None)
        context.update(
            {
                "course": self,
                "curriculum": self.get_parent(),
                "lessons": [(lesson, lesson.pk in completed) for lesson in lessons],
                "progress": progress,
                "next_lesson": next_lesson or (lessons[0] if lessons else None),
                "prerequisites": [
                    (course, prerequisite_progress.get(course.pk)) for course in prerequisites
                ],
            }
        )
        return context
