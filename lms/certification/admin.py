"""The certification catalogue is shared by every municipality: platform admins keep it in Django's admin.

Holdings are people's data and stay with each municipality's HR pages; they are not registered here.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.people.tiers import Tier

from .models import Certification


class CertificationForm(forms.ModelForm):
    # A box per tier instead of JSON typed by hand: only known tiers can be chosen.
    tiers = forms.TypedMultipleChoiceField(
        label=_("tiers"),
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Certification
        fields = ["tiers"]  # the admin adds the others, with its own form fields

    def clean_tiers(self) -> list[str]:
        chosen = self.cleaned_data["tiers"]
        return [tier for tier in Tier.values if tier in chosen]


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    form = CertificationForm
    list_display = ["code", "name", "kind", "level", "validity_months", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["code", "name"]
    filter_horizontal = ["award_pages"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
