"""Signals of learning progress; certification listens to award internal certificates."""

from django.dispatch import Signal

# Sent once when a learner's enrolment in a course becomes complete (decided in one place).
# kwargs: user, course_page (the Wagtail CoursePage), enrolment, completed_at (aware datetime).
course_completed = Signal()
