"""Reading progress: course progress for pages, "My learning", and completion of required training.

Every function runs a fixed number of queries whatever the number of lessons or courses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone

from . import completion
from .models import Enrolment, LessonProgress, QuizAttempt, TrainingAssignment
from .scope import assignments_for, staff_in_scope

STEPLEN = 4  # Wagtail's tree path step: a lesson's course path is its path minus the last step


@dataclass(frozen=True)
class CourseProgress:
    course_id: int
    total_lessons: int
    completed_lessons: int
    enrolment: Enrolment | None = None

    @property
    def percent(self) -> int:
        if self.is_complete:
            return 100
        return completion.progress_percent(self.completed_lessons, self.total_lessons)

    @property
    def is_complete(self) -> bool:
        return self.enrolment is not None and self.enrolment.completed_at is not None

    @property
    def is_started(self) -> bool:
        return self.enrolment is not None

    @property
    def last_lesson_id(self) -> int | None:
        return self.enrolment.last_lesson_id if self.enrolment else None


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def lesson_completion_ids(user, lesson_ids: Iterable[int]) -> set[int]:
    """Which of these lessons the user has completed (one query)."""
    lesson_ids = list(lesson_ids)
    if not _authenticated(user) or not lesson_ids:
        return set()
    return set(
        LessonProgress.objects.filter(
            user=user, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )


def live_lesson_ids_by_course(courses: Sequence) -> dict[int, list[int]]:
    """{course id: [live lesson ids in order]} for these courses (one query)."""
    from courses.models import LessonPage

    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    rows = (
        LessonPage.objects.live()
        .annotate(parent_path=Substr("path", 1, Length("path") - STEPLEN))
        .filter(parent_path__in=list(by_path))
        .order_by("path")
        .values_list("pk", "parent_path")
    )
    result: dict[int, list[int]] = {course.pk: [] for course in courses}
    for lesson_id, parent_path in rows:
        result[by_path[parent_path]].append(lesson_id)
    return result


def course_progress_map(user, courses: Sequence) -> dict[int, CourseProgress]:
    """{course id: CourseProgress} for the user (three queries; empty for anonymous users)."""
    if not _authenticated(user) or not courses:
        return {}
    lessons = live_lesson_ids_by_course(courses)
    completed = lesson_completion_ids(user, [pk for ids in lessons.values() for pk in ids])
    enrolments = {
        e.course_id: e
        for e in Enrolment.objects.filter(user=user, course_id__in=[c.pk for c in courses])
    }
    return {
        course.pk: CourseProgress(
            course_id=course.pk,
            total_lessons=len(lessons[course.pk]),
            completed_lessons=sum(1 for pk in lessons[course.pk] if pk in completed),
            enrolment=enrolments.get(course.pk),
        )
        for course in courses
    }


def course_progress(
    user, course, lesson_ids: Sequence[int], completed_ids: set[int], enrolment=None
):
    """CourseProgress when the lessons and completions are already known (one query, or none when
    the enrolment is given)."""
    if not _authenticated(user):
        return None
    if enrolment is None:
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
    return CourseProgress(
        course_id=course.pk,
        total_lessons=len(lesson_ids),
        completed_lessons=sum(1 for pk in lesson_ids if pk in completed_ids),
        enrolment=enrolment,
    )


def passed_requirements(user, lesson) -> list[str]:
    """The lesson's quizzes and exercises the user has passed at some attempt (one query)."""
    if not _authenticated(user):
        return []
    found = (
        LessonProgress.objects.filter(user=user, lesson=lesson)
        .values_list("passed_requirements", flat=True)
        .first()
    )
    return list(found or [])


def latest_quiz_attempts(user, lesson) -> dict[str, QuizAttempt]:
    """{quiz block id: the user's latest attempt} for one lesson (one query)."""
    if not _authenticated(user):
        return {}
    latest: dict[str, QuizAttempt] = {}
    for attempt in QuizAttempt.objects.filter(user=user, lesson=lesson).order_by(
        "-submitted_at", "-pk"
    ):
        latest.setdefault(attempt.quiz_block_id, attempt)
    return latest


# --- Required training ----------------------------------------------------------------------------
@dataclass
class RequiredTraining:
    assignment: TrainingAssignment
    courses: list = field(default_factory=list)
    completed_courses: int = 0
    completed_at: dt.datetime | None = None

    @property
    def title(self) -> str:
        return self.assignment.target_title

    @property
    def due_date(self) -> dt.date:
        return self.assignment.due_date

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_complete and self.due_date < timezone.localdate()

    @property
    def percent(self) -> int:
        return completion.progress_percent(self.completed_courses, len(self.courses))


def _openable_courses_covering(organisation_id, course_ids, curriculum_paths):
    """The courses ``courses_open_to_staff_of`` offers that are one of ``course_ids`` or a child of one
    of the curricula at ``curriculum_paths``, by path, each annotated with its ``parent_path``."""
    from courses.visibility import courses_open_to_staff_of

    return (
        courses_open_to_staff_of(organisation_id)
        .annotate(parent_path=Substr("path", 1, Length("path") - STEPLEN))
        .filter(Q(pk__in=course_ids) | Q(parent_path__in=curriculum_paths))
        .order_by("path")
    )


def assignment_courses(assignments: Sequence[TrainingAssignment], organisation_id):
    """{assignment id: [courses it covers that the organisation's staff can open]} (two queries).

    A course assignment covers its course, a curriculum assignment the curriculum's courses; either
    way only courses ``courses_open_to_staff_of`` offers: live, visible to the organisation and below
    no unpublished page (an unpublished curriculum takes its courses with it). The learner's required
    training, HR's completion figures and HR reports all take their courses from here."""
    result: dict[int, list] = {a.pk: [] for a in assignments}
    course_ids = {a.course_id for a in assignments if a.course_id}
    curriculum_paths = {a.curriculum.path for a in assignments if a.curriculum_id}
    if not course_ids and not curriculum_paths:
        return result
    for course in _openable_courses_covering(organisation_id, course_ids, curriculum_paths):
        for assignment in assignments:
            if assignment.course_id == course.pk or (
                assignment.curriculum_id and assignment.curriculum.path == course.parent_path
            ):
                result[assignment.pk].append(course)
    return result


def page_courses(page, organisation_id) -> list:
    """The courses a course or curriculum page covers for an organisation's staff, by the same rule as
    ``assignment_courses`` (e.g. a target's preparing curriculum in HR's funnel; one or two queries)."""
    from courses.models import CoursePage, CurriculumPage

    if page is None:
        return []
    kind = page.specific_class
    if kind is not None and issubclass(kind, CoursePage):
        return list(_openable_courses_covering(organisation_id, {page.pk}, ()))
    if kind is not None and issubclass(kind, CurriculumPage):
        return list(_openable_courses_covering(organisation_id, (), {page.path}))
    return []


def users_who_completed(enrolments: QuerySet[Enrolment], course_ids: Collection[int]) -> QuerySet:
    """A subquery of the user ids among ``enrolments`` who completed an assigned training covering
    ``course_ids``: the set-based form of ``completion.assignment_completed_at`` (every course complete,
    never without a course), for reports over thousands of people. One enrolment per user and course
    (a constraint) makes counting completed enrolments the same as checking each course;
    ``tests/progress/test_completion_agreement.py`` checks the two agree."""
    course_ids = set(course_ids)
    if not course_ids:
        return Enrolment.objects.none().values("user_id")
    return (
        enrolments.filter(course_id__in=course_ids, completed_at__isnull=False)
        .order_by()
        .values("user_id")
        .annotate(completed_courses=Count("course_id"))  # index columns only: no table read
        .filter(completed_courses=len(course_ids))
        .values("user_id")
    )


def required_training_for(user) -> list[RequiredTraining]:
    """The user's required training with due dates and progress (overdue ones first).

    Training whose courses the user cannot open is left out: there is nothing to take (and its link
    would be a 404)."""
    profile = getattr(user, "staff_profile", None) if _authenticated(user) else None
    if profile is None:
        return []
    assignments = list(
        assignments_for(profile).select_related("course", "curriculum").order_by("due_date", "pk")
    )
    if not assignments:
        return []
    courses_by_assignment = assignment_courses(assignments, profile.organisation_id)
    course_ids = {c.pk for courses in courses_by_assignment.values() for c in courses}
    completed = dict(
        Enrolment.objects.filter(
            user=user, course_id__in=course_ids, completed_at__isnull=False
        ).values_list("course_id", "completed_at")
    )
    rows = []
    for assignment in assignments:
        courses = courses_by_assignment[assignment.pk]
        if not courses:
            continue  # nothing the learner could open (unpublished, or below an unpublished page)
        course_ids = [c.pk for c in courses]
        rows.append(
            RequiredTraining(
                assignment=assignment,
                courses=courses,
                completed_courses=sum(1 for pk in course_ids if pk in completed),
                completed_at=completion.assignment_completed_at(course_ids, completed),
            )
        )
    rows.sort(key=lambda row: (row.is_complete, not row.is_overdue, row.due_date))
    return rows


def assignment_completion(assignment: TrainingAssignment) -> dict[int, dt.datetime | None]:
    """{staff profile id: when they completed the assignment, or None} for everyone in scope.

    A curriculum is complete when every course of it that the staff member can open is complete: the
    same rule (``completion.assignment_completed_at``) and courses as their own required training.
    """
    staff = list(staff_in_scope(assignment).values_list("pk", "user_id"))
    courses = assignment_courses([assignment], assignment.organisation_id)[assignment.pk]
    course_ids = [c.pk for c in courses]
    done_by_user: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    for user_id, course_id, completed_at in Enrolment.objects.filter(
        course_id__in=course_ids,
        completed_at__isnull=False,
        user_id__in=[user_id for _pk, user_id in staff],
    ).values_list("user_id", "course_id", "completed_at"):
        done_by_user[user_id][course_id] = completed_at
    return {
        profile_id: completion.assignment_completed_at(course_ids, done_by_user.get(user_id, {}))
        for profile_id, user_id in staff
    }


def completion_by_department(assignment: TrainingAssignment) -> list[dict]:
    """[{department, in_scope, completed, percent}] for one assignment, departments by path."""
    completed_at = assignment_completion(assignment)
    rows: dict[str, dict] = {}
    for profile_id, department_path in (
        staff_in_scope(assignment)
        .annotate(department_path=F("department__path"))
        .values_list("pk", "department_path")
    ):
        row = rows.setdefault(
            department_path or "",
            {"department": department_path or "", "in_scope": 0, "completed": 0},
        )
        row["in_scope"] += 1
        row["completed"] += 1 if completed_at.get(profile_id) else 0
    for row in rows.values():
        row["percent"] = completion.progress_percent(row["completed"], row["in_scope"])
    return [rows[key] for key in sorted(rows)]


def learning_overview(user) -> dict:
    """Enrolments split into in progress / completed, with progress, for "My learning"."""
    if not _authenticated(user):
        return {"in_progress": [], "completed": [], "continue": None}
    from courses.visibility import courses_open_to

    enrolments = list(
        Enrolment.objects.filter(user=user, course__in=courses_open_to(user))
        .select_related("course", "last_lesson")
        .order_by("-last_activity_at")
    )
    courses = [e.course for e in enrolments]
    progress = course_progress_map(user, courses)
    in_progress = [(e, progress[e.course_id]) for e in enrolments if e.completed_at is None]
    completed = sorted(
        ((e, progress[e.course_id]) for e in enrolments if e.completed_at is not None),
        key=lambda row: row[0].completed_at,
        reverse=True,
    )
    resume = next(
        (e for e, _p in in_progress if e.last_lesson is not None and e.last_lesson.live), None
    )
    return {"in_progress": in_progress, "completed": completed, "continue": resume}
