"""Learning progress: enrolments, lesson progress, quiz attempts, the event trail, required training."""

from .assignment import TrainingAssignment
from .progress import Enrolment, LessonProgress, ProgressEvent, QuizAttempt

__all__ = ["Enrolment", "LessonProgress", "ProgressEvent", "QuizAttempt", "TrainingAssignment"]
