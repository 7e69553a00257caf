"""The course editing form: a trainer's course always belongs to the trainer's own organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from lms.organisations.models import Organisation
from lms.people.roles import Role, has_role
from lms.people.scoping import organisation_of

from .authoring import may_author
from .visibility import course_visibility_filter


class CoursePageForm(WagtailAdminPageForm):
    """Municipal trainers get their municipality fixed; platform-level trainers create shared courses.

    Platform admins (superusers included) choose freely. The prerequisite list offers only courses the user may see.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("organisation")
        if field is not None and user is not None and not has_role(user, Role.PLATFORM_ADMIN):
            organisation = organisation_of(user)
            field.disabled = True
            if organisation is None:
                field.queryset = Organisation.objects.none()
                self.initial["organisation"] = None
                field.help_text = _("Shared course: platform-level trainers edit shared courses.")
            else:
                field.queryset = Organisation.objects.filter(pk=organisation.pk)
                # A disabled field keeps its initial value, which for a new page comes from here.
                self.initial["organisation"] = self.instance.organisation_id or organisation.pk
                field.required = True
                field.help_text = _("Courses you create belong to your municipality.")
        prerequisites = self.fields.get("prerequisites")
        if prerequisites is not None and user is not None:
            from courses.models import CoursePage

            queryset = CoursePage.objects.filter(course_visibility_filter(user)).order_by("title")
            if self.instance.pk:
                queryset = queryset.exclude(pk=self.instance.pk)
            prerequisites.queryset = queryset

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        organisation = cleaned_data.get("organisation")
        if user is not None and not may_author(user, organisation.pk if organisation else None):
            raise ValidationError(_("You may only author courses of your own organisation."))
        return cleaned_data
