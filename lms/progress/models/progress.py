"""What each learner did: written only through ``lms.progress.services``.

Pages a learner has progress on are protected from deletion (``on_delete=PROTECT``, with a friendly
refusal in the CMS): trainers unpublish a course instead, and no learner's record is lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Enrolment(models.Model):
    """A learner taking a course; ``completed_at`` is set once, by the one completion rule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("user"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    # The learner's municipality when they enrolled: HR reports scope by it.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("organisation"),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"))
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last lesson"),
    )
    last_activity_at = models.DateTimeField(_("last activity at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]
        indexes = [
            # HR reports: an organisation's enrolments in some courses, who completed them. The user
            # column lets completion per person and the funnel read the index alone (index-only scans).
            models.Index(
                fields=["organisation", "course", "completed_at", "user"],
                name="enrolment_org_course_done",
            ),
            models.Index(fields=["user", "last_activity_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.course_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class CompletedVia(models.TextChoices):
    MARKED_DONE = "marked_done", _("Marked as done")
    REQUIREMENTS = "requirements", _("Quiz or exercise passed")


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
        verbose_name=_("user"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.PROTECT,
        related_name="progress",
        verbose_name=_("lesson"),
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("enrolment")
    )
    started_at = models.DateTimeField(_("started at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_via = models.CharField(
        _("completed via"), max_length=20, choices=CompletedVia.choices, blank=True
    )
    # Requirements passed so far ("quiz:<block id>", "exercise:<id>"): see LessonPage.requirements().
    passed_requirements = models.JSONField(_("passed requirements"), default=list, blank=True)

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")
        ]
        indexes = [models.Index(fields=["enrolment", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("user"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.PROTECT,
        related_name="quiz_attempts",
        verbose_name=_("lesson"),
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("enrolment"),
    )
    quiz_block_id = models.CharField(_("quiz block id"), max_length=64)
    answers = models.JSONField(_("answers"), default=dict)
    correct_count = models.PositiveIntegerField(_("correct answers"))
    question_count = models.PositiveIntegerField(_("questions"))
    score_percent = models.PositiveSmallIntegerField(_("score (%)"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(pgettext_lazy("quiz attempt", "submitted at"))

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["user", "lesson", "quiz_block_id"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id}/{self.quiz_block_id}: {self.score_percent}%"


class ProgressEventKind(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    LESSON_STARTED = "lesson_started", _("Lesson started")
    LESSON_COMPLETED = "lesson_completed", _("Lesson completed")
    QUIZ_PASSED = "quiz_passed", _("Quiz passed")
    QUIZ_FAILED = "quiz_failed", _("Quiz failed")
    EXERCISE_PASSED = "exercise_passed", _("Exercise passed")
    COURSE_COMPLETED = "course_completed", _("Course completed")


class ProgressEvent(models.Model):
    """The append-only trail of learning events (HR funnels read it); never updated or deleted."""

    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="progress_events",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_events",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ProgressEventKind.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="progress_events",
        verbose_name=_("course"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_events",
        verbose_name=_("lesson"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("progress event")
        verbose_name_plural = _("progress events")
        indexes = [
            models.Index(fields=["organisation", "kind", "occurred_at"]),
            models.Index(fields=["course", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind} {self.user_id}"
