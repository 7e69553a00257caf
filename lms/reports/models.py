"""HR's certification targets and roster imports."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.tiers import Tier

# A plan starts in this century and runs at most this long: dates outside are typing mistakes.
START_YEARS = (2000, 2099)
LONGEST_PLAN_YEARS = 30


class TargetScope(models.TextChoices):
    ORGANISATION = "organisation", _("Whole organisation")
    DEPARTMENT = "department", _("Department (and the units below it)")
    TIER = "tier", _("Tier")


class Target(models.Model):
    """ "AZ-305 を保有する職員を 2028-03-31 までに 100 名": certifications × scope × number × deadline."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    certifications = models.ManyToManyField(
        "certification.Certification",
        related_name="targets",
        verbose_name=_("certifications"),
        help_text=_("A person counts once if they hold any of these."),
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=TargetScope.choices, default=TargetScope.ORGANISATION
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, blank=True)
    target_count = models.PositiveIntegerField(_("number of holders"))
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    deadline = models.DateField(_("deadline"))
    # The curriculum (a Wagtail page) that prepares for these certifications: the funnel's first steps.
    preparing_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preparing curriculum"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        permissions = [
            ("view_hr_dashboard", _("Can see the HR dashboard of their organisation")),
            ("export_hr_data", _("Can export people, progress and holdings")),
            ("import_roster", _("Can import the staff roster")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("start_date")),
                name="target_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(target_count__gt=0), name="target_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.scope == TargetScope.DEPARTMENT and self.department_id is None:
            errors["department"] = _("Choose the department.")
        if self.scope == TargetScope.TIER and not self.tier:
            errors["tier"] = _("Choose the tier.")
        if (
            self.department_id
            and self.organisation_id
            and self.department.organisation_id != self.organisation_id
        ):
            errors["department"] = _("The department belongs to another organisation.")
        if self.start_date and not START_YEARS[0] <= self.start_date.year <= START_YEARS[1]:
            errors["start_date"] = _("The start date must be between %(first)s and %(last)s.") % {
                "first": START_YEARS[0],
                "last": START_YEARS[1],
            }
        if self.start_date and self.deadline and self.deadline <= self.start_date:
            errors["deadline"] = _("The deadline must be after the start date.")
        elif (
            self.start_date
            and self.deadline
            and self.deadline.year - self.start_date.year > LONGEST_PLAN_YEARS
        ):
            errors["deadline"] = _("The deadline must be within %(years)s years of the start.") % {
                "years": LONGEST_PLAN_YEARS
            }
        if errors:
            raise ValidationError(errors)

    @property
    def scope_label(self) -> str:
        if self.scope == TargetScope.DEPARTMENT and self.department_id:
            return self.department.path
        if self.scope == TargetScope.TIER and self.tier:
            return Tier(self.tier).label
        return str(TargetScope.ORGANISATION.label)


class ImportState(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Applied")
    DISCARDED = "discarded", _("Discarded")


class RosterImport(models.Model):
    """One uploaded roster: parsed and checked into ``rows`` at upload; applied only when HR confirms."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="roster_imports",
        verbose_name=_("organisation"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    effective_date = models.DateField(_("transfers take effect on"))
    # Parsed rows as dicts (row number included); errors as [{"row": n, "message": "…"}].
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    state = models.CharField(
        max_length=10, choices=ImportState.choices, default=ImportState.PREVIEWED
    )
    summary = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.uploaded_at:%Y-%m-%d %H:%M})"
