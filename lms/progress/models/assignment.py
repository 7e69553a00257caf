"""Required training: a curriculum or course assigned to a tier and/or department, with a due date.

Who is in scope is decided by ``lms.progress.scope`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.people.tiers import Tier


class TrainingAssignment(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="training_assignments",
        verbose_name=_("organisation"),
    )
    curriculum = models.ForeignKey(
        "courses.CurriculumPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("curriculum"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("course"),
    )
    tier = models.CharField(
        _("tier"),
        max_length=20,
        choices=Tier.choices,
        blank=True,
        help_text=_("Empty: staff of every tier."),
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_assignments",
        verbose_name=_("department"),
        help_text=_("Empty: every department. A department includes the ones below it."),
    )
    due_date = models.DateField(pgettext_lazy("training assignment", "due date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("training assignment")
        verbose_name_plural = _("training assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(curriculum__isnull=False, course__isnull=True)
                    | models.Q(curriculum__isnull=True, course__isnull=False)
                ),
                name="assignment_targets_one_curriculum_or_course",
            )
        ]
        indexes = [models.Index(fields=["organisation", "due_date"])]

    def __str__(self) -> str:
        return f"{self.target_title} ({self.due_date:%Y-%m-%d})"

    @property
    def target(self):
        return self.course if self.course_id else self.curriculum

    @property
    def target_title(self) -> str:
        target = self.target
        return target.title if target is not None else ""
