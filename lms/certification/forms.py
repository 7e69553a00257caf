"""Forms of certification: staff declare a holding, HR reviews it, HR sets the organisation's policy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .evidence import ALLOWED_TYPES
from .models import Certification, CertificationKind
from .services import REVIEW_COMMENT_MAX_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"


class CertificationChoiceField(forms.ModelChoiceField):
    """Each certification with the tiers it is meant for, so staff see which fits their role."""

    def label_from_instance(self, obj: Certification) -> str:
        if not obj.tier_labels:
            return obj.name
        return _("%(name)s (for %(tiers)s)") % {
            "name": obj.name,
            "tiers": " / ".join(obj.tier_labels),
        }


class DeclareHoldingForm(forms.Form):
    certification = CertificationChoiceField(
        label=_("Certification"),
        queryset=Certification.objects.filter(kind=CertificationKind.EXTERNAL, is_active=True),
        empty_label=_("Choose…"),
    )
    issued_on = forms.DateField(label=_("Date earned"), widget=DateInput)
    expires_on = forms.DateField(
        label=_("Expiry date (only for a renewed certification)"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty: Manabi works it out from the certification's validity rule."),
    )
    credential_id = forms.CharField(label=_("Credential ID"), max_length=100, required=False)
    verification_url = forms.URLField(
        label=_("Verification URL"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The issuer's page where HR can check the credential (e.g. Microsoft Learn)."),
    )
    evidence = forms.FileField(
        label=_("Evidence (PDF or image, optional)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for exts in ALLOWED_TYPES.values() for ext in exts)}
        ),
    )


class ReviewHoldingForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("Verify")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the holder"),
        required=False,
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting."),
    )


class PolicyForm(forms.Form):
    public_verification = forms.BooleanField(
        label=_("Allow anyone with the serial or QR code to verify our internal certificates"),
        required=False,
    )
