"""A curriculum: the courses of one training tier, for one audience, with goals and DSS tags."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from courses.permissions import OrganisationPermissionsMixin
from courses.search import index_text
from courses.visibility import course_visibility_filter
from lms.people.tiers import Tier

from .text import lines_of


class CurriculumPage(OrganisationPermissionsMixin, Page):
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    audience = models.TextField(_("audience"), help_text=_("Who this curriculum is for."))
    goals = models.TextField(_("goals"), help_text=_("One goal per line."))
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=5, decimal_places=1, default=0
    )
    skill_standards = ParentalManyToManyField(
        "courses.SkillStandardItem",
        blank=True,
        related_name="curricula",
        verbose_name=_("digital skill standards (DSS-L / DSS-P)"),
    )

    parent_page_types = ["courses.LearningHome"]
    # Who may open learning pages is decided by their organisation (courses.visibility) and
    # completion counts every lesson of a course; a page-level privacy setting would hide lessons
    # that still count, so the CMS offers none here.
    private_page_options: list[str] = []
    subpage_types = ["courses.CoursePage"]
    template = "courses/curriculum_page.html"
    # Municipal trainers may add (and lead trainers publish) their own courses in any curriculum.
    permissions_kept_for_others = frozenset({"add", "publish"})

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("tier"), FieldPanel("audience"), FieldPanel("estimated_hours")],
            heading=_("Audience"),
        ),
        FieldPanel("goals"),
        FieldPanel("skill_standards", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("audience"),
        index.SearchField("search_terms"),
        index.FilterField("tier"),
    ]

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    @property
    def goal_list(self) -> list[str]:
        return lines_of(self.goals)

    def search_terms(self) -> str:
        return index_text([self.title, self.audience, self.goals])

    def visible_courses(self, user):
        from .course import CoursePage

        return (
            CoursePage.objects.child_of(self)
            .live()
            .filter(course_visibility_filter(user))
            .select_related("organisation")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        from lms.progress.queries import course_progress_map

        context = super().get_context(request, *args, **kwargs)
        courses = list(self.visible_courses(request.user))
        progress = course_progress_map(request.user, courses)
        context["courses"] = [(course, progress.get(course.pk)) for course in courses]
        context["skill_standard_items"] = list(self.skill_standards.all())
        return context
