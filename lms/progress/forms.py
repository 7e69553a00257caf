"""The form trainers and HR use to assign required training."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Department
from lms.people.tiers import Tier


class AssignmentForm(forms.Form):
    # Invalid choices are named, not echoed back: a forged value may be anything, of any length.
    target = forms.ChoiceField(
        label=_("Curriculum or course"),
        error_messages={"invalid_choice": _("Choose a curriculum or course from the list.")},
    )
    tier = forms.ChoiceField(
        label=_("Tier"),
        required=False,
        choices=[("", _("Every tier")), *Tier.choices],
        error_messages={"invalid_choice": _("Choose a tier from the list.")},
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("Every department"),
        help_text=_("A department includes the ones below it."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import CoursePage, CurriculumPage

        self.organisation = organisation
        curricula = list(CurriculumPage.objects.live().order_by("path"))
        courses = list(
            CoursePage.objects.live()
            .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
            .order_by("path")
        )
        self._targets = {f"curriculum:{c.pk}": c for c in curricula}
        self._targets.update({f"course:{c.pk}": c for c in courses})
        self.fields["target"].choices = [
            ("", "—"),
            (_("Curricula"), [(f"curriculum:{c.pk}", c.title) for c in curricula]),
            (_("Courses"), [(f"course:{c.pk}", c.title) for c in courses]),
        ]
        self.fields["department"].queryset = Department.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("path")
        self.fields["department"].label_from_instance = lambda department: department.path

    def clean_target(self):
        value = self.cleaned_data["target"]
        if value not in self._targets:
            raise ValidationError(_("Choose a curriculum or course from the list."))
        return value

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due_date

    def target_kwargs(self) -> dict:
        kind, _pk = self.cleaned_data["target"].split(":", 1)
        return {kind: self._targets[self.cleaned_data["target"]]}
