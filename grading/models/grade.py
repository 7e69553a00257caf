"""The result of grading one submission against one exercise version."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GradeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    GRADED = "graded", _("Graded")
    FAILED = "failed", _("Grading failed")
    TIMED_OUT = "timed_out", _("Timed out")


PENDING_STATUSES = (GradeStatus.QUEUED, GradeStatus.RUNNING)
FINAL_STATUSES = (GradeStatus.GRADED, GradeStatus.FAILED, GradeStatus.TIMED_OUT)
SCORED_STATUSES = (GradeStatus.GRADED, GradeStatus.TIMED_OUT)


class Grade(models.Model):
    """Scores, feedback and the executor's record. Re-grading adds a new Grade; the newest final
    one counts. At most one grade per submission is pending at a time (so a re-grade request or a
    duplicate task delivery never grades twice)."""

    submission = models.ForeignKey(
        "grading.Submission",
        on_delete=models.CASCADE,
        related_name="grades",
        verbose_name=_("submission"),
    )
    exercise_version = models.ForeignKey(
        "grading.ExerciseVersion",
        on_delete=models.PROTECT,
        related_name="grades",
        verbose_name=_("exercise version"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GradeStatus.choices,
        default=GradeStatus.QUEUED,
        db_index=True,
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    raw_score = models.FloatField(_("score before late penalty"), null=True, blank=True)
    max_score = models.FloatField(_("maximum score"), null=True, blank=True)
    passed = models.BooleanField(_("all tests passed"), default=False)
    needs_manual_grade = models.BooleanField(_("needs a manual grade"), default=False)
    results = models.JSONField(_("per-cell results"), default=dict, blank=True)
    notices = models.JSONField(_("notices"), default=list, blank=True)
    feedback_html = models.TextField(_("feedback"), blank=True)
    executor_log = models.TextField(_("executor log"), blank=True)
    timings = models.JSONField(_("timings"), default=dict, blank=True)
    executor_version = models.CharField(_("executor version"), max_length=100, blank=True)
    sandboxed = models.BooleanField(_("sandboxed"), null=True)
    error_message = models.TextField(_("error"), blank=True)
    deliveries = models.PositiveIntegerField(
        _("runs started"), default=0, help_text=_("More than one after a worker was lost.")
    )
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_by = models.CharField(_("worker"), max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, default="submitted")
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        get_latest_by = "queued_at"
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=Q(status__in=["queued", "running"]),
                name="grading_one_pending_grade_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.get_status_display()}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES
