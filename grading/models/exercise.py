"""A notebook exercise and the versions of its trainer's source notebook."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_storage, source_notebook_path

# Below Celery's soft time limit for a task (CELERY_TASK_SOFT_TIME_LIMIT, 300 s by default), so a
# notebook's own limit always ends the run first and the grade says "timed out".
MAX_NOTEBOOK_SECONDS = 240


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", _("Accept late submissions")
    PENALTY = "penalty", _("Accept with a score penalty")
    REJECT = "reject", _("Refuse submissions after the due date")


class Exercise(models.Model):
    """A notebook exercise. Lesson pages reference it through the notebook-exercise block."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("organisation"),
        help_text=_("Empty for an exercise shared by all municipalities."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown to learners above the notebook.")
    )
    cell_timeout_seconds = models.PositiveIntegerField(
        _("time limit per cell (seconds)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_NOTEBOOK_SECONDS)],
    )
    notebook_timeout_seconds = models.PositiveIntegerField(
        _("time limit per notebook (seconds)"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_NOTEBOOK_SECONDS)],
    )
    attempts_allowed = models.PositiveIntegerField(
        _("attempts allowed"),
        default=0,
        help_text=_("How many times a learner may submit; 0 means no limit."),
    )
    due_at = models.DateTimeField(_("due date"), null=True, blank=True)
    late_policy = models.CharField(
        _("late policy"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.ACCEPT
    )
    late_penalty_percent = models.PositiveSmallIntegerField(
        _("late penalty (%)"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_("Taken off the score of a late submission when the policy is a penalty."),
    )
    published_version = models.ForeignKey(
        "grading.ExerciseVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
        help_text=_("The version learners download and are graded against."),
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("notebook exercise")
        verbose_name_plural = _("notebook exercises")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None

    def is_past_due(self, when: timezone.datetime | None = None) -> bool:
        return self.due_at is not None and (when or timezone.now()) > self.due_at


class ValidationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the sandbox")
    RUNNING = "running", _("Running the reference solution")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class ExerciseVersion(models.Model):
    """One uploaded source notebook (with solutions and hidden tests). Never changed once stored."""

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="versions", verbose_name=_("exercise")
    )
    number = models.PositiveIntegerField(_("version"))
    source_file = models.FileField(
        _("source notebook"), storage=private_storage, upload_to=source_notebook_path
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    tests_digest = models.CharField(
        _("tests digest"),
        max_length=64,
        help_text=_(
            "Changes when tests, points or grade ids change: then submissions are re-graded."
        ),
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    validation_status = models.CharField(
        _("validation"),
        max_length=10,
        choices=ValidationStatus.choices,
        default=ValidationStatus.PENDING,
    )
    validation_report = models.JSONField(_("validation report"), default=dict, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["exercise", "-number"]
        verbose_name = _("exercise version")
        verbose_name_plural = _("exercise versions")
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "number"], name="grading_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exercise} v{self.number}"

    @property
    def can_publish(self) -> bool:
        return self.validation_status == ValidationStatus.PASSED

    def read_source_bytes(self) -> bytes:
        with self.source_file.open("rb") as handle:
            return handle.read()
