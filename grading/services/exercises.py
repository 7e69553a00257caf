"""A trainer's writes: new source versions, their validation, publishing, re-grading, manual scores."""

from __future__ import annotations

import copy
import functools

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from nbformat import NotebookNode

from grading.execution import ExecutorFailed, make_limits
from grading.models import (
    SCORED_STATUSES,
    Exercise,
    ExerciseVersion,
    Grade,
    ManualScore,
    Purpose,
    Submission,
    ValidationStatus,
)
from grading.notebook_errors import describe
from grading.sandbox import SandboxUnavailableError
from grading.services.grades import apply_totals, request_grade
from grading.sources import inspect_source, read_valid_source
from lms.audit import record_event
from notebooks import cells
from notebooks.errors import NotebookError


class SourceRejected(Exception):
    """The source notebook cannot be used; ``messages`` lists every problem, translated."""

    def __init__(self, messages: list[str], codes: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
        self.codes = codes


class ActionRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@functools.lru_cache(maxsize=64)
def _parsed_source(version_id: int, sha256: str, path: str) -> NotebookNode:
    version = ExerciseVersion.objects.get(pk=version_id)
    return read_valid_source(version.read_source_bytes())


def load_source(version: ExerciseVersion) -> NotebookNode:
    """The version's source notebook (parsed once per process; versions never change)."""
    return copy.deepcopy(_parsed_source(version.pk, version.sha256, version.source_file.name))


def add_version(
    exercise: Exercise,
    data: bytes,
    *,
    actor: object = None,
    note: str = "",
    queue_validation: bool = True,
    autotests: bytes | None = None,
    executor: object = None,
) -> ExerciseVersion:
    """Store a new source notebook (if it reads and follows nbgrader's rules) and queue the
    reference-solution run. Raises :class:`SourceRejected`; nothing is stored then.

    AUTOTEST directives are turned into tests first, in the sandbox, with ``autotests`` (the
    trainer's autotests.yml; nbgrader's own when ``None``); the version stores the result."""
    limits = make_limits(
        cell_timeout_s=exercise.cell_timeout_seconds,
        notebook_timeout_s=exercise.notebook_timeout_seconds,
    )
    try:
        info = inspect_source(data, autotests=autotests, limits=limits, executor=executor)
    except NotebookError as error:
        raise SourceRejected([describe(error)], [error.code.value]) from None
    except (ExecutorFailed, SandboxUnavailableError) as error:
        message = _(
            "The sandbox could not run the notebook to generate its AUTOTEST tests (%(reason)s). "
            "Nothing was stored; please try again later."
        ) % {"reason": error}
        raise SourceRejected([message], ["sandbox_unavailable"]) from None
    if not info.is_valid:
        raise SourceRejected(
            [describe(p) for p in info.problems], [p.code.value for p in info.problems]
        )
    with transaction.atomic():
        Exercise.objects.select_for_update().filter(pk=exercise.pk).first()
        number = (exercise.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ExerciseVersion(
            exercise=exercise,
            number=number,
            sha256=info.sha256,
            tests_digest=info.tests_digest,
            summary=info.summary,
            note=note[:300],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        version.source_file.save("source.ipynb", ContentFile(info.data), save=False)
        try:
            version.save()
        except BaseException:
            version.source_file.storage.delete(version.source_file.name)
            raise
        record_event(
            "grading.version_uploaded",
            actor=actor,
            organisation=exercise.organisation,
            target=version,
            data={"exercise": exercise.pk, "number": number, "sha256": info.sha256},
        )
        if queue_validation:
            transaction.on_commit(lambda: enqueue_validation(version.pk))
    return version


def enqueue_validation(version_id: int) -> None:
    from grading.tasks import validate_version

    validate_version.apply_async(args=[version_id], queue="grading")


def revalidate(version: ExerciseVersion, *, actor: object = None) -> None:
    with transaction.atomic():
        ExerciseVersion.objects.filter(pk=version.pk).update(
            validation_status=ValidationStatus.PENDING
        )
        transaction.on_commit(lambda: enqueue_validation(version.pk))


def claim_validation(version_id: int) -> bool:
    updated = ExerciseVersion.objects.filter(
        pk=version_id,
        validation_status__in=[ValidationStatus.PENDING, ValidationStatus.RUNNING],
    ).update(validation_status=ValidationStatus.RUNNING)
    return updated == 1


def record_validation(version_id: int, report: dict) -> None:
    status = ValidationStatus.PASSED if report.get("passed") else ValidationStatus.FAILED
    ExerciseVersion.objects.filter(pk=version_id).update(
        validation_status=status, validation_report=report, validated_at=timezone.now()
    )


def publish_version(version: ExerciseVersion, *, actor: object = None) -> int:
    """Make ``version`` the one learners get. Re-grades every submission if its tests changed;
    returns how many submissions were queued again."""
    if not version.can_publish:
        raise ActionRefused(
            _(
                "This version cannot be published: its reference solution has not scored full marks in the sandbox."
            )
        )
    with transaction.atomic():
        exercise = Exercise.objects.select_for_update().get(pk=version.exercise_id)
        previous = exercise.published_version
        exercise.published_version = version
        exercise.save(update_fields=["published_version", "updated_at"])
        record_event(
            "grading.version_published",
            actor=actor,
            organisation=exercise.organisation,
            target=version,
            data={"previous": previous.pk if previous else None},
        )
        regraded = 0
        if previous is not None and previous.tests_digest != version.tests_digest:
            regraded = regrade_exercise(exercise, actor=actor, reason="tests_changed")
    return regraded


def regrade_exercise(exercise: Exercise, *, actor: object = None, reason: str = "regrade") -> int:
    """Queue every submission of the exercise again against the published version. Manual scores
    are kept (they belong to the submission, not to a grade)."""
    version = exercise.published_version
    if version is None:
        raise ActionRefused(_("Publish a version before re-grading."))
    count = 0
    with transaction.atomic():
        submissions = Submission.objects.filter(exercise=exercise, purpose=Purpose.SUBMISSION)
        for submission in submissions.select_related("exercise"):
            request_grade(submission, version, reason=reason)
            count += 1
        record_event(
            "grading.regraded",
            actor=actor,
            organisation=exercise.organisation,
            target=exercise,
            data={"version": version.pk, "submissions": count, "reason": reason},
        )
    return count


def current_grade(submission: Submission) -> Grade | None:
    """The newest final grade; while none exists, the pending one."""
    grades = sorted(submission.grades.all(), key=lambda g: (g.queued_at, g.pk), reverse=True)
    final = next((grade for grade in grades if grade.is_final), None)
    return final or (grades[0] if grades else None)


def graded_version(submission: Submission) -> ExerciseVersion:
    """The version the submission's current grade used: after a re-grade against a newer version,
    the manual cells to score are that version's, which may add or rename some."""
    grade = current_grade(submission)
    return grade.exercise_version if grade is not None else submission.exercise_version


def set_manual_score(
    submission: Submission,
    grade_id: str,
    score: float,
    *,
    comment: str = "",
    actor: object = None,
) -> ManualScore:
    """A trainer's score for a manually graded cell; totals and feedback follow."""
    source = load_source(graded_version(submission))
    cell = next(
        (c for gid, c in cells.graded_cells(source) if gid == grade_id and cells.is_manual(c)),
        None,
    )
    if cell is None:
        raise ActionRefused(
            _("“%(grade_id)s” is not a manually graded cell.") % {"grade_id": grade_id}
        )
    maximum = cells.points(cell)
    if not 0 <= score <= maximum:
        raise ActionRefused(
            _("The score must be between 0 and %(maximum)s.") % {"maximum": f"{maximum:g}"}
        )
    with transaction.atomic():
        manual, _created = ManualScore.objects.update_or_create(
            submission=submission,
            grade_id=grade_id,
            defaults={"score": score, "comment": comment, "graded_by": actor},
        )
        for grade in Grade.objects.select_for_update().filter(
            submission=submission, status__in=SCORED_STATUSES
        ):
            apply_totals(grade)
            grade.save()
        record_event(
            "grading.manual_score",
            actor=actor,
            organisation=submission.organisation,
            target=submission,
            data={"grade_id": grade_id, "score": score},
        )
    return manual
