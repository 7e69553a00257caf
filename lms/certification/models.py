"""Certifications (internal and external), the holdings staff declare or earn, and expiry reminders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.models import StaffProfile
from lms.people.tiers import Tier

from .storage import evidence_storage, evidence_upload_to
from .validity import ValidityStatus, renewal_window_opens, validity_status


class CertificationKind(models.TextChoices):
    INTERNAL = "internal", _("Internal certificate")
    EXTERNAL = "external", _("External certification")


class CertificationLevel(models.TextChoices):
    FUNDAMENTALS = "fundamentals", _("Fundamentals")
    ASSOCIATE = "associate", _("Associate")
    EXPERT = "expert", _("Expert")
    NATIONAL_EXAM = "national_exam", _("National exam")
    INTERNAL = "internal", _("Internal")


class Certification(models.Model):
    """One certification in the catalogue: an external exam or an internal certificate of this LMS."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=CertificationKind.choices)
    issuer = models.CharField(_("issuer"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=CertificationLevel.choices)
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"), null=True, blank=True, help_text=_("Empty: never expires.")
    )
    renewal_window_months = models.PositiveSmallIntegerField(
        _("renewal window (months)"),
        null=True,
        blank=True,
        help_text=_("How many months before expiry a renewal is possible."),
    )
    # Tier values (lms.people.tiers.Tier) this certification is meant for.
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    exam_url = models.URLField(_("exam information URL"), blank=True)
    # Internal certificates: awarded when every page listed (a course, or a curriculum meaning all its
    # courses) is completed with at least the minimum score. Evaluated in lms.certification.awards.
    award_pages = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("courses or curricula to complete"),
    )
    award_minimum_score = models.PositiveSmallIntegerField(
        _("minimum score (%)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "code"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        permissions = [("verify_holding", _("Can verify or reject declared certifications"))]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.tiers, list) or not all(isinstance(t, str) for t in self.tiers):
            raise ValidationError({"tiers": _('List the tiers, e.g. ["practitioners"].')})
        unknown = [tier for tier in self.tiers if tier not in Tier.values]
        if unknown:
            raise ValidationError(
                {
                    "tiers": _("Unknown tier “%(tier)s”; use one of: %(choices)s.")
                    % {"tier": unknown[0], "choices": ", ".join(Tier.values)}
                }
            )
        if len(set(self.tiers)) != len(self.tiers):
            raise ValidationError({"tiers": _("A tier is listed twice.")})

    @property
    def tier_labels(self) -> list[str]:
        """The tiers it is meant for, as staff read them (in the order of ``Tier``)."""
        return [str(tier.label) for tier in Tier if tier.value in (self.tiers or [])]

    @property
    def expires(self) -> bool:
        return self.validity_months is not None

    @property
    def is_internal(self) -> bool:
        return self.kind == CertificationKind.INTERNAL


class HoldingState(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class HoldingSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the holder")
    AWARDED = "awarded", _("Awarded by Manabi")


class Holding(models.Model):
    """A member of staff holds a certification from ``issued_on`` (until ``expires_on``, if any)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="holdings",
        verbose_name=_("organisation"),
    )
    staff = models.ForeignKey(
        StaffProfile, on_delete=models.CASCADE, related_name="holdings", verbose_name=_("staff")
    )
    certification = models.ForeignKey(
        Certification,
        on_delete=models.PROTECT,
        related_name="holdings",
        verbose_name=_("certification"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=HoldingSource.choices, default=HoldingSource.DECLARED
    )
    credential_id = models.CharField(_("credential ID"), max_length=100, blank=True)
    verification_url = models.URLField(_("verification URL"), max_length=500, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence"),
        storage=evidence_storage,
        upload_to=evidence_upload_to,
        max_length=300,
        blank=True,
    )
    evidence_content_type = models.CharField(max_length=50, blank=True, editable=False)
    state = models.CharField(
        _("verification"), max_length=10, choices=HoldingState.choices, default=HoldingState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)
    # Internal certificates carry a serial printed on the PDF and used by the public verification page.
    serial = models.CharField(_("serial"), max_length=40, unique=True, null=True, blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "certification", "issued_on"],
                condition=~models.Q(state="rejected"),
                name="holding_unique_unless_rejected",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("issued_on")),
                name="holding_expires_after_issue",
            ),
        ]
        indexes = [
            # Target dashboards: verified holdings of some certifications in one organisation.
            models.Index(
                fields=["organisation", "certification", "state"], name="holding_org_cert_state"
            ),
            # Burn-ups and holder counts read only these columns of verified holdings.
            models.Index(
                fields=["organisation", "certification", "issued_on", "expires_on", "staff"],
                condition=models.Q(state="verified"),
                name="holding_verified_dates",
            ),
            # Overview and reminders: verified holdings by expiry date.
            models.Index(fields=["organisation", "state", "expires_on"], name="holding_org_expiry"),
            models.Index(fields=["state", "expires_on"], name="holding_state_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.certification}"

    def status_on(self, day: dt.date) -> ValidityStatus:
        return validity_status(
            expires_on=self.expires_on,
            renewal_window_months=self.certification.renewal_window_months,
            on=day,
        )

    @property
    def status(self) -> ValidityStatus:
        return self.status_on(timezone.localdate())

    @property
    def renewal_opens_on(self) -> dt.date | None:
        return renewal_window_opens(self.expires_on, self.certification.renewal_window_months)

    @property
    def counts(self) -> bool:
        """Verified and not expired today: what targets count."""
        return self.state == HoldingState.VERIFIED and self.status != ValidityStatus.EXPIRED


class ExpiryReminder(models.Model):
    """A reminder e-mail that was sent; the unique constraint means it is never sent twice."""

    holding = models.ForeignKey(
        Holding, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("holding")
    )
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    expires_on = models.DateField(_("expiry date reminded of"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["holding", "days_before", "expires_on"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holding} ({self.days_before})"


class CertificationPolicy(models.Model):
    """An organisation's choices about certificates (one row per organisation, created on demand)."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="certification_policy",
        verbose_name=_("organisation"),
    )
    public_verification = models.BooleanField(
        _("public verification page"),
        default=True,
        help_text=_(
            "Anyone with a certificate's serial or QR code may check its name, date and validity."
        ),
    )

    class Meta:
        verbose_name = _("certification policy")
        verbose_name_plural = _("certification policies")

    def __str__(self) -> str:
        return str(self.organisation)

    @classmethod
    def allows_public_verification(cls, organisation) -> bool:
        enabled = (
            cls.objects.filter(organisation=organisation)
            .values_list("public_verification", flat=True)
            .first()
        )
        return True if enabled is None else enabled

    @classmethod
    def for_organisation(cls, organisation) -> CertificationPolicy:
        policy, _created = cls.objects.get_or_create(organisation=organisation)
        return policy
