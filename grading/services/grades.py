"""Every write to a Grade goes through these functions.

A grade's life: ``request_grade`` (queued; the task is sent when the transaction commits) →
``claim_grade`` (running, under a renewable lease, by a conditional update) → ``save_outcome`` or
``mark_failed`` (final; only the holder of the claim can do it). Two deliveries of the same task find
either no pending grade or one that is claimed, so one grade results.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from grading import conf
from grading.models import (
    PENDING_STATUSES,
    SCORED_STATUSES,
    ExerciseVersion,
    Grade,
    GradeStatus,
    LatePolicy,
    Purpose,
    Submission,
)
from grading.signals import exercise_graded
from grading.totals import compute_totals
from notebooks.feedback import render_feedback_html
from notebooks.report import ScoreReport
from notebooks.submission import SubmissionNotice

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    grade_id: int
    token: str
    submission_id: int
    version_id: int


@dataclass(frozen=True)
class Busy:
    """Another live worker holds the grade; look again after ``retry_after`` seconds."""

    retry_after: float


@dataclass(frozen=True)
class Outcome:
    """What one execution produced, ready to store."""

    report: ScoreReport
    feedback_html: str
    notices: tuple[SubmissionNotice, ...]
    timed_out: bool
    log: str
    timings: dict
    sandboxed: bool
    executor_version: str


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(submission_id: int) -> None:
    from grading.tasks import grade_submission

    grade_submission.apply_async(args=[submission_id], queue=conf.get("GRADING_QUEUE"))


def request_grade(
    submission: Submission, version: ExerciseVersion | None = None, *, reason: str = "submitted"
) -> Grade:
    """A queued grade for ``submission`` (the pending one if there is already one)."""
    version = version or submission.exercise_version
    with transaction.atomic():
        pending = (
            Grade.objects.select_for_update()
            .filter(submission=submission, status__in=PENDING_STATUSES)
            .first()
        )
        if pending is not None:
            if pending.exercise_version_id != version.pk:
                # Running against other tests: take the claim back, so the worker's result is
                # discarded and the next delivery grades against these tests.
                pending.exercise_version = version
                pending.status = GradeStatus.QUEUED
                pending.claim_token = ""
                pending.lease_expires_at = None
                pending.save(
                    update_fields=["exercise_version", "status", "claim_token", "lease_expires_at"]
                )
            grade = pending
        else:
            try:
                with transaction.atomic():
                    grade = Grade.objects.create(
                        submission=submission, exercise_version=version, reason=reason
                    )
            except IntegrityError:  # a concurrent request queued it first
                grade = Grade.objects.get(submission=submission, status__in=PENDING_STATUSES)
        transaction.on_commit(lambda: enqueue(submission.pk))
    return grade


def claim_grade(submission_id: int, worker: str | None = None) -> Claim | Busy | None:
    """Take the submission's pending grade, or say why not (``None``: nothing left to do)."""
    worker = worker or worker_identity()
    now = timezone.now()
    with transaction.atomic():
        grade = (
            Grade.objects.select_for_update()
            .filter(submission_id=submission_id, status__in=PENDING_STATUSES)
            .first()
        )
        if grade is None:
            return None
        if grade.status == GradeStatus.RUNNING and not is_abandoned(grade, now, worker):
            remaining = (grade.lease_expires_at - now).total_seconds()
            return Busy(retry_after=max(1.0, remaining))
        grade.status = GradeStatus.RUNNING
        grade.claim_token = uuid.uuid4().hex
        grade.claimed_by = worker
        grade.lease_expires_at = now + timedelta(seconds=conf.get("GRADING_LEASE_SECONDS"))
        grade.started_at = now
        grade.deliveries += 1
        grade.save(
            update_fields=[
                "status",
                "claim_token",
                "claimed_by",
                "lease_expires_at",
                "started_at",
                "deliveries",
            ]
        )
    return Claim(grade.pk, grade.claim_token, submission_id, grade.exercise_version_id)


def is_abandoned(grade: Grade, now, worker: str | None = None) -> bool:
    """A running grade nobody is working on: lease over, or its process on this host is gone."""
    if grade.lease_expires_at is None or grade.lease_expires_at <= now:
        return True
    host, _sep, pid = grade.claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if worker is not None and grade.claimed_by == worker:
        return True  # this very process claimed it before and is not running it now
    return not _process_alive(int(pid))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        # A killed process whose parent died too may linger as a zombie until init reaps it.
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def renew_lease(claim: Claim) -> bool:
    expires = timezone.now() + timedelta(seconds=conf.get("GRADING_LEASE_SECONDS"))
    updated = Grade.objects.filter(
        pk=claim.grade_id, claim_token=claim.token, status=GradeStatus.RUNNING
    ).update(lease_expires_at=expires)
    return updated == 1


def save_outcome(claim: Claim, outcome: Outcome) -> Grade | None:
    """Store the result if the claim still holds; send ``exercise_graded`` for a scored submission."""
    with transaction.atomic():
        grade = _held(claim)
        if grade is None:
            return None
        grade.results = outcome.report.as_dict()
        grade.notices = [{"code": n.code, "grade_id": n.grade_id} for n in outcome.notices]
        grade.executor_log = outcome.log
        grade.timings = outcome.timings
        grade.sandboxed = outcome.sandboxed
        grade.executor_version = outcome.executor_version
        grade.status = GradeStatus.TIMED_OUT if outcome.timed_out else GradeStatus.GRADED
        grade.error_message = ""
        _finish(grade)
        apply_totals(grade)
        grade.save()
        _announce(grade)
    return grade


def mark_failed(claim: Claim, message: str) -> Grade | None:
    with transaction.atomic():
        grade = _held(claim)
        if grade is None:
            return None
        grade.status = GradeStatus.FAILED
        grade.error_message = message[:5000]
        _finish(grade)
        grade.save()
    return grade


def release(claim: Claim) -> None:
    """Give a claim back (the task will retry): the grade is queued again."""
    Grade.objects.filter(
        pk=claim.grade_id, claim_token=claim.token, status=GradeStatus.RUNNING
    ).update(status=GradeStatus.QUEUED, claim_token="", lease_expires_at=None)


def apply_totals(grade: Grade) -> None:
    """Score, maximum, pass and feedback from the stored report, manual scores and late policy."""
    if grade.status not in SCORED_STATUSES or not grade.results:
        return
    submission = grade.submission
    exercise = submission.exercise
    manual = dict(submission.manual_scores.values_list("grade_id", "score"))
    penalty = (
        exercise.late_penalty_percent
        if submission.is_late and exercise.late_policy == LatePolicy.PENALTY
        else 0
    )
    totals = compute_totals(
        ScoreReport.from_dict(grade.results), manual, late_penalty_percent=penalty
    )
    grade.raw_score = totals.raw_score
    grade.score = totals.score
    grade.max_score = totals.max_score
    grade.passed = totals.passed
    grade.needs_manual_grade = totals.needs_manual_grade
    notices = tuple(SubmissionNotice(n["code"], n["grade_id"]) for n in grade.notices)
    html = render_feedback_html(totals.report, language=submission.language, notices=notices)
    if penalty:
        html = _with_late_note(html, submission.language, penalty, totals.score, totals.max_score)
    grade.feedback_html = html


def _with_late_note(html: str, language: str, percent: int, score: float, maximum: float) -> str:
    """The feedback's summary says why the score is lower than its tests add up to: without it, a
    late attempt's page said 5 / 5 while its history and the gradebook said 4 / 5."""
    with translation.override(language or "ja"):
        note = _(
            "Submitted after the due date: %(percent)s%% is taken off, so this attempt scores "
            "%(score)s / %(max_score)s."
        ) % {"percent": percent, "score": f"{score:g}", "max_score": f"{maximum:g}"}
    paragraph = f'<p class="manabi-feedback-late">{escape(note)}</p>'
    start = html.find('<div class="manabi-feedback-summary">')
    end = html.find("\n</div>", start) if start >= 0 else -1
    if end < 0:
        return html.replace("</section>", f"{paragraph}\n</section>", 1)
    return f"{html[:end]}\n{paragraph}{html[end:]}"


def _held(claim: Claim) -> Grade | None:
    grade = (
        Grade.objects.select_for_update(of=("self",))
        .select_related("submission__exercise")
        .filter(pk=claim.grade_id)
        .first()
    )
    if grade is None or grade.status != GradeStatus.RUNNING or grade.claim_token != claim.token:
        logger.info(
            "grade %s: claim %s no longer held; result discarded", claim.grade_id, claim.token
        )
        return None
    return grade


def _finish(grade: Grade) -> None:
    grade.finished_at = timezone.now()
    grade.lease_expires_at = None
    if grade.started_at:
        grade.timings = {
            **(grade.timings or {}),
            "queued_to_finished_ms": int(
                (grade.finished_at - grade.queued_at).total_seconds() * 1000
            ),
        }


def _announce(grade: Grade) -> None:
    submission = grade.submission
    if submission.purpose != Purpose.SUBMISSION or grade.status not in SCORED_STATUSES:
        return

    # Listeners (progress) write in the same transaction as the grade, inside a savepoint: one
    # that fails is logged and rolled back without losing the grade.
    try:
        with transaction.atomic():
            exercise_graded.send(
                sender=Grade,
                user=submission.learner,
                exercise=submission.exercise,
                submission=submission,
                grade=grade,
                passed=grade.passed,
                lesson_page_id=submission.lesson_page_id,
            )
    except Exception:
        logger.exception("exercise_graded listeners failed for grade %s", grade.pk)
