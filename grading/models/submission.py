"""A learner's submitted notebook (immutable) and the scores a trainer gives its manual cells."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_storage, submission_path


class Purpose(models.TextChoices):
    SUBMISSION = "submission", _("Submission")
    PRACTICE = "practice", _("Test run (visible tests only)")


class Channel(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")
    EDITOR = "editor", _("Browser editor")
    COMMAND = "command", _("Command line")
    DEMO = "demo", _("Demo data")


IMMUTABLE_FIELDS = ("file", "sha256", "learner_id", "exercise_id", "exercise_version_id")


class Submission(models.Model):
    """The learner's file exactly as received. Grading never trusts anything in it but answers."""

    exercise = models.ForeignKey(
        "grading.Exercise",
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("exercise"),
    )
    exercise_version = models.ForeignKey(
        "grading.ExerciseVersion",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("exercise version"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notebook_submissions",
        verbose_name=_("learner"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("The learner's municipality when they submitted (for scoping)."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.SUBMISSION
    )
    channel = models.CharField(
        _("sent from"), max_length=10, choices=Channel.choices, default=Channel.UPLOAD
    )
    attempt_number = models.PositiveIntegerField(
        _("attempt"), null=True, blank=True, help_text=_("Empty for test runs.")
    )
    file = models.FileField(_("notebook"), storage=private_storage, upload_to=submission_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    lesson_page_id = models.PositiveIntegerField(_("lesson page"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="ja")
    is_late = models.BooleanField(_("late"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [models.Index(fields=["learner", "exercise", "purpose"])]

    def __str__(self) -> str:
        return f"{self.exercise} / {self.learner} #{self.attempt_number or '-'}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding and self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*IMMUTABLE_FIELDS).first()
            if stored and any(stored[name] != _value(self, name) for name in IMMUTABLE_FIELDS):
                raise ValidationError(_("A stored submission cannot be changed."))
        super().save(*args, **kwargs)

    def read_bytes(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()

    @property
    def is_practice(self) -> bool:
        return self.purpose == Purpose.PRACTICE


def _value(submission: Submission, name: str) -> object:
    value = getattr(submission, name)
    return value.name if name == "file" else value


class ManualScore(models.Model):
    """A trainer's score for one manually graded cell. Re-grading never touches it."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="manual_scores",
        verbose_name=_("submission"),
    )
    grade_id = models.CharField(_("cell"), max_length=200)
    score = models.FloatField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("graded by"),
    )
    graded_at = models.DateTimeField(_("graded at"), auto_now=True)

    class Meta:
        verbose_name = _("manual score")
        verbose_name_plural = _("manual scores")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "grade_id"], name="grading_manual_score_unique_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.grade_id} = {self.score}"
