"""What HR reports read from learning progress (``lms.progress`` and ``courses``).

This module is the only place in reports that knows the progress models: the funnel, required-training
completion by department, overdue required training and the people-progress rows of exports and the API.
Who must take an assignment is ``lms.progress.scope.staff_in_scope``; which courses an assignment or a
preparing curriculum covers is ``lms.progress.queries.assignment_courses`` / ``page_courses`` (the
courses ``courses.visibility.courses_open_to_staff_of`` offers the viewer's organisation: live, visible to
it, nothing unpublished above), the same courses the learner's required training lists. Completion of a
course is an ``Enrolment`` with ``completed_at`` (set by progress's one rule); of an assignment,
``lms.progress.queries.users_who_completed``, the set-based form of
``lms.progress.completion.assignment_completed_at``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Window
from django.utils.translation import gettext as _

from lms.organisations.models import PATH_SEPARATOR
from lms.people.models import StaffProfile
from lms.people.scoping import organisation_of, scope_to_organisation
from lms.progress.queries import assignment_courses, page_courses, users_who_completed

OVERDUE_LIST_LIMIT = 50


@dataclass(frozen=True)
class Funnel:
    population: int
    enrolled: int
    completed: int
    certified: int  # completed the curriculum and hold a counting certification


@dataclass(frozen=True)
class DepartmentCompletion:
    department: str
    assigned: int
    completed: int

    @property
    def percent(self) -> float:
        return 100.0 * self.completed / self.assigned if self.assigned else 0.0


@dataclass(frozen=True)
class OverdueRow:
    employee_number: str
    name: str
    department: str
    training: str
    due_on: dt.date


def curriculum_pages():
    """The pages a target may name as its preparing curriculum: live curricula."""
    from courses.models import CurriculumPage

    return CurriculumPage.objects.live().order_by("path")


def _enrolments(course_ids: list[int], viewer):
    """Enrolments in these courses of the viewer's organisation (its index: organisation, course)."""
    from lms.progress.models import Enrolment

    return scope_to_organisation(Enrolment.objects.all(), viewer).filter(course_id__in=course_ids)


def _completed_users(course_ids: list[int], viewer):
    """A subquery of the user ids (of the viewer's organisation's enrolments) who completed training
    covering ``course_ids``."""
    return users_who_completed(_enrolments(course_ids, viewer), course_ids)


def _organisation_id(viewer) -> int | None:
    organisation = organisation_of(viewer)
    return organisation.pk if organisation is not None else None


def funnel(
    page, people: QuerySet[StaffProfile], holders, viewer, population: int | None = None
) -> Funnel | None:
    """Scope → enrolled in any course of the preparing page → completed all → also certified.

    ``holders`` are the *user* ids of the people who hold a counting certification: a subquery
    (``.values("user_id")``) or a collection. The database counts all three steps in one query, from
    the enrolments index alone: no row per person reaches Python.
    """
    if page is None:
        return None
    course_ids = [course.pk for course in page_courses(page, _organisation_id(viewer))]
    population = people.count() if population is None else population
    if not course_ids:
        return Funnel(population, 0, 0, 0)
    # Per person in scope, how many of the courses they completed; then the three counts over that.
    per_user = (
        _enrolments(course_ids, viewer)
        .filter(user_id__in=people.values("user_id"))
        .order_by()
        .values("user_id")
        .annotate(done=Count("completed_at"))  # completed ones (columns of the index only)
    )
    completed_all = Q(done__gte=len(course_ids))
    counts = {"enrolled": Count("user_id"), "completed": Count("user_id", filter=completed_all)}
    if not isinstance(holders, QuerySet):
        holders = list(holders)
    if isinstance(holders, QuerySet) or holders:  # ``user_id IN ()`` is no query
        counts["certified"] = Count("user_id", filter=completed_all & Q(user_id__in=holders))
    figures = per_user.aggregate(**counts)
    return Funnel(
        population, figures["enrolled"], figures["completed"], figures.get("certified", 0)
    )


def _division(path: str | None) -> str:
    return (path or "").split(PATH_SEPARATOR, 1)[0]


def assignments(viewer, **filters) -> list[tuple]:
    """[(assignment, the ids of the courses it covers)] of the viewer's organisation, by due date
    (three queries). The overview reads them once for both of the functions below."""
    from lms.progress.models import TrainingAssignment

    assignments = list(
        scope_to_organisation(TrainingAssignment.objects.all(), viewer)
        .filter(**filters)
        .select_related("course", "curriculum", "department")
        .order_by("due_date", "pk")
    )
    courses = assignment_courses(assignments, _organisation_id(viewer))
    return [(a, [course.pk for course in courses[a.pk]]) for a in assignments]


def _in_scope(assignment, viewer):
    """Everyone who must take it."""
    from lms.progress.scope import staff_in_scope

    return scope_to_organisation(staff_in_scope(assignment), viewer).order_by()


def required_completion_by_department(
    viewer, start: dt.date, end: dt.date, all_assignments: list[tuple] | None = None
) -> list[DepartmentCompletion]:
    """Per division: (person, assignment) pairs due in [start, end] and how many are complete.

    One pass over the organisation's active staff, grouped by department, counting per assignment
    who is in its scope (``lms.progress.scope.in_scope``) and who of them completed it.
    ``all_assignments``: what ``assignments(viewer)`` returns, when the caller has read it already."""
    from lms.organisations.models import Department
    from lms.progress.scope import in_scope

    counts = {}
    if all_assignments is None:
        all_assignments = assignments(viewer, due_date__gte=start, due_date__lte=end)
    for index, (assignment, course_ids) in enumerate(all_assignments):
        if not start <= assignment.due_date <= end:
            continue
        if not course_ids:
            continue  # nothing to take: left out, as from the learner's required training
        scope = in_scope(assignment)
        done = Q(user_id__in=_completed_users(course_ids, viewer))
        counts[f"assigned_{index}"] = Count("pk", filter=scope)
        counts[f"done_{index}"] = Count("pk", filter=scope & done)
    if not counts:
        return []
    staff = scope_to_organisation(StaffProfile.objects.filter(is_active=True), viewer).order_by()
    rows = list(staff.values("department_id").annotate(**counts))
    paths = dict(
        Department.objects.filter(pk__in={row["department_id"] for row in rows}).values_list(
            "pk", "path"
        )
    )
    assigned: dict[str, int] = defaultdict(int)
    completed: dict[str, int] = defaultdict(int)
    for row in rows:
        division = _division(paths.get(row["department_id"]))
        for key in counts:
            if key.startswith("assigned_") and row[key]:
                assigned[division] += row[key]
                completed[division] += row[key.replace("assigned_", "done_", 1)]
    return [
        DepartmentCompletion(
            department=key or "—", assigned=assigned[key], completed=completed[key]
        )
        for key in sorted(assigned)
    ]


def overdue(
    viewer, today: dt.date, all_assignments: list[tuple] | None = None
) -> tuple[int, list[OverdueRow]]:
    """How many (person, assignment) pairs are past due and incomplete, and the first of them.

    ``all_assignments``: what ``assignments(viewer)`` returns, when the caller has read it already."""
    total = 0
    rows: list[OverdueRow] = []
    if all_assignments is None:
        all_assignments = assignments(viewer, due_date__lt=today)
    for assignment, course_ids in all_assignments:
        if assignment.due_date >= today:
            continue
        if not course_ids:
            continue  # nothing to take: left out, as from the learner's required training
        people = _in_scope(assignment, viewer)
        late = people.exclude(user_id__in=_completed_users(course_ids, viewer))
        room = OVERDUE_LIST_LIMIT - len(rows)
        if room <= 0:
            total += late.count()
            continue
        # The first rows and, in the same query, how many there are in all (a window count).
        first = list(
            late.order_by("employee_number")
            .annotate(total=Window(Count("pk")))
            .values_list(
                "employee_number", "family_name", "given_name", "department__path", "total"
            )[:room]
        )
        total += first[0][4] if first else 0
        for number, family, given, path, _total in first:
            rows.append(
                OverdueRow(
                    employee_number=number,
                    name=f"{family}\u3000{given}".strip(),
                    department=path or "",
                    training=assignment.target_title,
                    due_on=assignment.due_date,
                )
            )
    return total, rows


def _scoped_enrolments(viewer):
    from lms.progress.models import Enrolment

    return scope_to_organisation(
        Enrolment.objects.all(), viewer, field="user__staff_profile__organisation"
    )


def progress_export(viewer):
    """An ``exports.Export``: one row per person and course enrolment, with lessons done."""
    from courses.models import CoursePage
    from lms.progress.queries import live_lesson_ids_by_course

    from .exports import CHUNK_SIZE, Export

    enrolments = _scoped_enrolments(viewer)
    courses = list(CoursePage.objects.filter(pk__in=enrolments.values("course_id")))
    totals = {pk: len(ids) for pk, ids in live_lesson_ids_by_course(courses).items()}
    rows = (
        enrolments.annotate(
            lessons_done=Count("lessons", filter=Q(lessons__completed_at__isnull=False))
        )
        .order_by("user__staff_profile__employee_number", "course_id")
        .values_list(
            "user__staff_profile__employee_number",
            "user__staff_profile__family_name",
            "user__staff_profile__given_name",
            "user__staff_profile__department__path",
            "course_id",
            "course__title",
            "enrolled_at",
            "completed_at",
            "lessons_done",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )

    def shaped():
        for number, family, given, path, course_id, title, enrolled, done_at, done in rows:
            total = totals.get(course_id, 0)
            yield (
                number,
                f"{family}\u3000{given}".strip(),
                path or "",
                title,
                enrolled.date() if enrolled else None,
                done_at.date() if done_at else None,
                done,
                total,
                100 if done_at else (100 * done // total if total else 0),
            )

    return Export(
        name="progress",
        header=[
            _("Employee number"),
            _("Name"),
            _("Department"),
            _("Course"),
            _("Enrolled"),
            _("Completed"),
            _("Lessons done"),
            _("Lessons"),
            _("Progress (%)"),
        ],
        rows=shaped(),
    )


def progress_by_person(viewer, staff_ids: list[int]) -> dict[int, dict[str, int]]:
    """For the API: {staff id: {"enrolled": n, "completed": n}}."""
    counts = (
        _scoped_enrolments(viewer)
        .filter(user__staff_profile__in=staff_ids)
        .values_list("user__staff_profile")
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
    )
    result = {staff_id: {"enrolled": 0, "completed": 0} for staff_id in staff_ids}
    for staff_id, enrolled, completed in counts:
        result[staff_id] = {"enrolled": enrolled, "completed": completed}
    return result
