"""Staff of a municipality: who they are, where they work, and where they worked before."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Department, Organisation

from .tiers import Tier


class StaffProfile(models.Model):
    """One member of staff. Trainers and HR have a profile too: they belong to a municipality."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", verbose_name=_("organisation")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    employee_number = models.CharField(_("employee number"), max_length=20)
    family_name = models.CharField(_("family name"), max_length=50)
    given_name = models.CharField(_("given name"), max_length=50)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=100, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.ALL_STAFF)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation", "employee_number"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                name="employee_number_unique_in_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "tier", "is_active"]),
            # HR reports read an organisation's active staff by tier, department and user from this
            # index alone (index-only scans: no table read for 15 000 people).
            models.Index(
                fields=["organisation", "tier", "department", "user", "id"],
                condition=models.Q(is_active=True),
                name="staff_active_reporting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_number})"

    @property
    def full_name(self) -> str:
        # Japanese order: family name first, with an ideographic space.
        return f"{self.family_name}\u3000{self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana}\u3000{self.given_name_kana}".strip()

    def clean(self) -> None:
        if self.department_id and self.department.organisation_id != self.organisation_id:
            raise ValidationError(
                {"department": _("The department belongs to another organisation.")}
            )
        if not (self.family_name or "").strip():
            raise ValidationError({"family_name": _("The family name cannot be empty.")})


class DepartmentAssignment(models.Model):
    """A period in one department: the April transfers close one period and open the next."""

    staff = models.ForeignKey(
        StaffProfile, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("staff")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("department"),
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["staff", "start_date"]
        verbose_name = _("department assignment")
        verbose_name_plural = _("department assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_assignment_per_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.department} from {self.start_date}"
