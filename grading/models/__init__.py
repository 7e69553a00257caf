"""Exercise, ExerciseVersion, Submission, ManualScore and Grade (one module per noun)."""

from .exercise import Exercise, ExerciseVersion, LatePolicy, ValidationStatus
from .grade import FINAL_STATUSES, PENDING_STATUSES, SCORED_STATUSES, Grade, GradeStatus
from .submission import Channel, ManualScore, Purpose, Submission

__all__ = [
    "FINAL_STATUSES",
    "PENDING_STATUSES",
    "SCORED_STATUSES",
    "Channel",
    "Exercise",
    "ExerciseVersion",
    "Grade",
    "GradeStatus",
    "LatePolicy",
    "ManualScore",
    "Purpose",
    "Submission",
    "ValidationStatus",
]
