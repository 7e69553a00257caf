"""What a lesson page shows around its blocks: course, neighbours, progress, quiz feedback.

A fixed number of queries whatever the course's size: the lesson list is one query (stream fields
deferred), progress three, quiz attempts one.
"""

from __future__ import annotations

from wagtail.models import Page

from lms.progress import services
from lms.progress.queries import course_progress, latest_quiz_attempts, lesson_completion_ids

from .models.lesson import quiz_requirement
from .quiz import QuizAnswerError, feedback_for, score_quiz


def lesson_context(request, lesson, course) -> dict:
    user = request.user
    lessons = list(course.live_lessons()) if course is not None else []
    position = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    previous_lesson = lessons[position - 1] if position else None
    next_lesson = (
        lessons[position + 1] if position is not None and position + 1 < len(lessons) else None
    )
    curriculum = (
        Page.objects.filter(path=course.path[: -Page.steplen])
        .only("pk", "title", "url_path")
        .first()
        if course is not None
        else None
    )
    is_preview = getattr(request, "is_preview", False)
    learner = user.is_authenticated and not is_preview and course is not None
    lesson_progress = services.record_lesson_visit(user, lesson, course) if learner else None
    lesson_ids = [item.pk for item in lessons]
    completed_ids = lesson_completion_ids(user, lesson_ids) if learner else set()
    progress = (
        course_progress(
            user, course, lesson_ids, completed_ids, enrolment=lesson_progress.enrolment
        )
        if learner
        else None
    )
    quiz_feedback = {}
    if learner:
        quizzes = lesson.quiz_blocks()
        for block_id, attempt in latest_quiz_attempts(user, lesson).items():
            if block_id in quizzes:
                try:
                    result = score_quiz(quizzes[block_id], attempt.answers)
                except QuizAnswerError:
                    continue  # the trainer changed the quiz since; show it fresh
                quiz_passed = quiz_requirement(block_id) in lesson_progress.passed_requirements
                quiz_feedback[block_id] = feedback_for(result, quiz_passed=quiz_passed)
    selected_options = {
        option.option_id
        for feedback in quiz_feedback.values()
        for question in feedback.questions
        for option in question.options
        if option.selected
    }
    requirements = lesson.requirements()
    return {
        "course": course,
        "curriculum": curriculum,
        "lessons": [(item, item.pk in completed_ids) for item in lessons],
        "lesson_number": (position + 1) if position is not None else None,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "lesson_progress": lesson_progress,
        "lesson_complete": bool(lesson_progress and lesson_progress.completed_at),
        "is_reading_lesson": not requirements,
        "progress": progress,
        "quiz_feedback": quiz_feedback,
        "selected_options": selected_options,
        "learner": learner,
    }
