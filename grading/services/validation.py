"""Running a stored source version's reference solution (the ``validate_version`` task's work)."""

from __future__ import annotations

import logging

from grading.models import ExerciseVersion
from grading.services.exercises import claim_validation, load_source, record_validation
from grading.validation import reference_report

logger = logging.getLogger(__name__)


def validate_version_now(version_id: int, executor: object = None) -> str:
    if not claim_validation(version_id):
        return "nothing"
    version = ExerciseVersion.objects.select_related("exercise").get(pk=version_id)
    exercise = version.exercise
    try:
        reference = reference_report(
            load_source(version),
            cell_timeout_s=exercise.cell_timeout_seconds,
            notebook_timeout_s=exercise.notebook_timeout_seconds,
            executor=executor,
        )
    except Exception as error:
        logger.exception("validating version %s failed", version_id)
        reference = {"passed": False, "error": f"{type(error).__name__}: {error}", "failures": []}
    record_validation(version_id, {"passed": reference["passed"], "reference": reference})
    return "passed" if reference["passed"] else "failed"
