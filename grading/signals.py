"""Signals the grading app sends; other apps (progress) listen without grading knowing them."""

from django.dispatch import Signal

# Sent after a submission's grade is saved as final (status graded).
# kwargs: user, exercise, submission, grade, passed (bool: full marks on every autograded test),
#         lesson_page_id (int | None: the lesson the learner submitted from).
exercise_graded = Signal()
