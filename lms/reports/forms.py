"""Forms of HR reports: a target, a roster upload, applying an import."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.certification.models import Certification
from lms.organisations.models import Department
from lms.people.tiers import Tier

from . import progress_source
from .models import Target, TargetScope


class DateInput(forms.DateInput):
    input_type = "date"


MAX_TARGET_COUNT = 1_000_000


class TargetForm(forms.ModelForm):
    certifications = forms.ModelMultipleChoiceField(
        label=_("Certifications"),
        queryset=Certification.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A person counts once if they hold any of the chosen certifications."),
        error_messages={"required": _("Choose at least one certification.")},
    )
    target_count = forms.IntegerField(
        label=_("Number of holders"),
        min_value=1,
        max_value=MAX_TARGET_COUNT,
        error_messages={
            "min_value": _("The number of holders must be at least 1."),
            "max_value": _("The number of holders must be at most %(limit_value)s."),
        },
    )

    class Meta:
        model = Target
        fields = [
            "name",
            "certifications",
            "scope",
            "department",
            "tier",
            "target_count",
            "start_date",
            "deadline",
            "preparing_page",
        ]
        widgets = {
            "scope": forms.RadioSelect,
            "start_date": DateInput,
            "deadline": DateInput,
        }
        help_texts = {
            "name": _("For example: AZ-305 holders by the end of FY2027."),
            "start_date": _("The burn-up chart starts here."),
        }

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["department"].queryset = Department.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["department"].required = False
        self.fields["tier"].choices = [("", "—"), *Tier.choices]
        self.fields["preparing_page"].queryset = progress_source.curriculum_pages()
        self.fields["preparing_page"].required = False
        if not self.instance.pk:
            self.initial.setdefault("start_date", timezone.localdate())
        self.fields["scope"].choices = TargetScope.choices

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        changed = self.instance._state.adding or "deadline" in self.changed_data
        if changed and deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline has already passed."))
        return deadline

    def clean(self) -> dict:
        data = super().clean()
        if data.get("scope") != TargetScope.DEPARTMENT:
            data["department"] = None
            self.instance.department = None
        if data.get("scope") != TargetScope.TIER:
            data["tier"] = ""
            self.instance.tier = ""
        return data


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        help_text=_(
            "Columns: employee number, name, kana, e-mail, department path, position, tier. "
            "CSV may be UTF-8 or Shift_JIS (as Excel saves it)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    effective_date = forms.DateField(
        label=_("Transfers take effect on"), widget=DateInput, initial=timezone.localdate
    )


class ApplyImportForm(forms.Form):
    deactivate_missing = forms.BooleanField(
        label=_("Also deactivate the people who are missing from the file"), required=False
    )
