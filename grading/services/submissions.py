"""Receiving a learner's notebook: every check first, then one atomic write, then the queue.

Nothing is stored for a refused notebook. The stored file is exactly the bytes received (or, from
the browser editor, the learner version with the learner's answers in it); grading later takes
only the answers from it.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grading import conf
from grading.models import Channel, Exercise, GradeStatus, LatePolicy, Purpose, Submission
from grading.notebook_errors import describe
from grading.services.exercises import current_grade, load_source
from grading.services.grades import request_grade
from grading.sources import read_upload
from lms.people.scoping import organisation_of
from notebooks.errors import NotebookError
from notebooks.submission import prepare_submission


class SubmissionRefused(Exception):
    """Why a notebook was not accepted, for the page and the JSON API (``code`` is stable)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 400,
        retry_after: int | None = None,
        detail_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.detail_code = detail_code

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.detail_code:
            data["detail"] = self.detail_code
        if self.retry_after is not None:
            data["retry_after"] = self.retry_after
        return data


@dataclass(frozen=True)
class RateLimit:
    count: int
    window_seconds: int


def rate_limit() -> RateLimit:
    return RateLimit(
        conf.get("GRADING_RATE_LIMIT_COUNT"), conf.get("GRADING_RATE_LIMIT_WINDOW_SECONDS")
    )


def can_submit_to(exercise: Exercise, user: object) -> bool:
    """Shared exercises are open to every signed-in user; others to their municipality only."""
    if not getattr(user, "is_authenticated", False):
        return False
    return exercise.organisation_id is None or exercise.organisation == organisation_of(user)


def attempts_used(exercise: Exercise, learner: object) -> tuple[int, int]:
    """(attempts sent, attempts that count towards the limit): a submission whose grading failed
    on our side (status failed: the sandbox or the worker could not finish it) is not the learner's
    attempt, so it does not use one up; its number stays taken."""
    submissions = Submission.objects.filter(
        exercise=exercise, learner=learner, purpose=Purpose.SUBMISSION
    ).prefetch_related("grades")
    sent = counted = 0
    for submission in submissions:
        sent += 1
        counted += counts_as_attempt(submission)
    return sent, counted


def counts_as_attempt(submission: Submission) -> bool:
    grade = current_grade(submission)
    return grade is None or grade.status != GradeStatus.FAILED


def check_rate_limit(learner: object, now=None) -> None:
    limit = rate_limit()
    now = now or timezone.now()
    since = now - timedelta(seconds=limit.window_seconds)
    recent = list(
        Submission.objects.filter(learner=learner, submitted_at__gt=since)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[: limit.count]
    )
    if len(recent) < limit.count:
        return
    wait = math.ceil((recent[-1] + timedelta(seconds=limit.window_seconds) - now).total_seconds())
    wait = max(wait, 1)
    message = ngettext(
        "You have sent %(count)d notebooks in the last %(window)d seconds. Please wait "
        "%(wait)d second and try again.",
        "You have sent %(count)d notebooks in the last %(window)d seconds. Please wait "
        "%(wait)d seconds and try again.",
        wait,
    ) % {"count": limit.count, "window": limit.window_seconds, "wait": wait}
    raise SubmissionRefused("rate_limited", message, status=429, retry_after=wait)


def submit(
    *,
    exercise: Exercise,
    learner: object,
    data: bytes,
    purpose: str = Purpose.SUBMISSION,
    channel: str = Channel.UPLOAD,
    lesson_page_id: int | None = None,
    language: str = "ja",
    now=None,
    enforce_rate_limit: bool = True,
) -> Submission:
    """Check, store and queue one notebook. Raises :class:`SubmissionRefused`."""
    now = now or timezone.now()
    version = exercise.published_version
    if version is None:
        raise SubmissionRefused("not_published", _("This exercise is not open yet."))
    if not can_submit_to(exercise, learner):
        raise SubmissionRefused(
            "not_allowed", _("This exercise is not available to you."), status=403
        )
    if enforce_rate_limit:
        check_rate_limit(learner, now)
    is_practice = purpose == Purpose.PRACTICE
    is_late = exercise.is_past_due(now)
    if not is_practice:
        _check_attempts_and_due(exercise, learner, is_late)
    _check_notebook(data, load_source(version))

    with transaction.atomic():
        # One submission at a time per exercise, so attempt numbers and limits stay exact.
        Exercise.objects.select_for_update().filter(pk=exercise.pk).first()
        if enforce_rate_limit:
            # The rate limit spans exercises: one learner's submissions are counted one at a time
            # (their user row locked), so simultaneous requests cannot all pass the check above.
            get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
            check_rate_limit(learner, now)
        attempt = None
        if not is_practice:
            attempt = _check_attempts_and_due(exercise, learner, is_late) + 1
        submission = Submission(
            exercise=exercise,
            exercise_version=version,
            learner=learner,
            organisation=organisation_of(learner),
            purpose=purpose,
            channel=channel,
            attempt_number=attempt,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            lesson_page_id=lesson_page_id,
            language=(language or "ja")[:10],
            is_late=is_late and not is_practice,
            submitted_at=now,
        )
        submission.file.save("submission.ipynb", ContentFile(data), save=False)
        try:
            submission.save()
            request_grade(submission, version)
        except BaseException:
            submission.file.storage.delete(submission.file.name)
            raise
    return submission


def _check_attempts_and_due(exercise: Exercise, learner: object, is_late: bool) -> int:
    """The number of attempts sent so far (the next one's number is one more), or a refusal."""
    sent, used = attempts_used(exercise, learner)
    if exercise.attempts_allowed and used >= exercise.attempts_allowed:
        message = ngettext(
            "You have used your %(count)d attempt for this exercise.",
            "You have used all %(count)d attempts for this exercise.",
            exercise.attempts_allowed,
        ) % {"count": exercise.attempts_allowed}
        raise SubmissionRefused("attempts_used", message, status=409)
    if is_late and exercise.late_policy == LatePolicy.REJECT:
        raise SubmissionRefused(
            "past_due",
            _("The due date of this exercise has passed; submissions are closed."),
            status=409,
        )
    return sent


def _check_notebook(data: bytes, source_nb) -> None:
    try:
        prepare_submission(source_nb, read_upload(data))
    except NotebookError as error:
        raise SubmissionRefused(
            "invalid_notebook", describe(error), detail_code=error.code.value
        ) from None
