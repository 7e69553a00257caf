"""The learning home: the root of the learning site, served at ``/learn/``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses.permissions import OrganisationPermissionsMixin
from lms.people.tiers import Tier


class LearningHome(OrganisationPermissionsMixin, Page):
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CurriculumPage"]
    max_count = 1
    template = "courses/learning_home.html"

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("learning home")
        verbose_name_plural = _("learning homes")

    def get_context(self, request, *args, **kwargs):
        from .curriculum import CurriculumPage

        context = super().get_context(request, *args, **kwargs)
        curricula = list(CurriculumPage.objects.child_of(self).live().order_by("path"))
        context["tiers"] = [
            (value, label, [c for c in curricula if c.tier == value])
            for value, label in Tier.choices
        ]
        return context
