"""The trainer's numbers for one exercise: learner × score × attempts, and which tests fail most."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from grading.learner import current_grade
from grading.models import Submission
from lms.reports.exports import escape_cell


@dataclass
class GradebookRow:
    learner_id: int
    name: str
    employee_number: str
    department: str
    attempts: int
    best_score: float | None
    latest_score: float | None
    max_score: float | None
    latest_status: str
    needs_manual_grade: bool
    late: bool
    latest_submission_id: int
    manual_submission_id: int  # the newest attempt awaiting a manual grade, else the latest
    unsandboxed: bool = False  # a grade of these attempts was made with MANABI_SANDBOX=off


def display_name(user: object) -> str:
    """Family name first, as in the staff register; the username for someone without a profile."""
    return _profile_fields(user)[0]


def _profile_fields(user: object) -> tuple[str, str, str]:
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return user.get_full_name() or user.get_username(), "", ""
    name = f"{profile.family_name} {profile.given_name}".strip()
    department = getattr(profile.department, "path", "") if profile.department_id else ""
    return name or user.get_username(), profile.employee_number, department


def rows(submissions: QuerySet[Submission]) -> list[GradebookRow]:
    by_learner: dict[int, list[Submission]] = {}
    queryset = submissions.select_related("learner__staff_profile__department").prefetch_related(
        "grades"
    )
    for submission in queryset.order_by("learner_id", "-submitted_at", "-id"):
        by_learner.setdefault(submission.learner_id, []).append(submission)
    result = []
    for learner_submissions in by_learner.values():
        latest = learner_submissions[0]
        grades = [current_grade(s) for s in learner_submissions]
        scores = [g.score for g in grades if g is not None and g.is_final and g.score is not None]
        latest_grade = grades[0]
        name, number, department = _profile_fields(latest.learner)
        awaiting = next(
            (s for s, g in zip(learner_submissions, grades, strict=True) if _awaits_manual(g)),
            latest,
        )
        result.append(
            GradebookRow(
                learner_id=latest.learner_id,
                name=name,
                employee_number=number,
                department=department,
                attempts=len(learner_submissions),
                best_score=max(scores) if scores else None,
                latest_score=latest_grade.score if latest_grade and latest_grade.is_final else None,
                max_score=next(
                    (g.max_score for g in grades if g and g.max_score is not None), None
                ),
                latest_status=str(latest_grade.get_status_display()) if latest_grade else "",
                needs_manual_grade=any(_awaits_manual(g) for g in grades),
                late=latest.is_late,
                latest_submission_id=latest.pk,
                manual_submission_id=awaiting.pk,
                unsandboxed=any(g is not None and g.sandboxed is False for g in grades),
            )
        )
    return sorted(result, key=lambda row: (row.employee_number, row.name))


def _awaits_manual(grade) -> bool:
    return grade is not None and grade.is_final and grade.needs_manual_grade


def failure_rates(submissions: QuerySet[Submission]) -> list[dict]:
    """Per autograded test: how many current grades ran it and how many failed, worst first."""
    ran: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for submission in submissions.prefetch_related("grades"):
        grade = current_grade(submission)
        if grade is None or not grade.is_final or not grade.results:
            continue
        for cell in grade.results.get("cells", []):
            if cell.get("kind") != "autograded":
                continue
            ran[cell["grade_id"]] += 1
            if cell.get("status") != "passed":
                failed[cell["grade_id"]] += 1
    rates = [
        {"grade_id": gid, "runs": n, "failures": failed[gid], "rate": failed[gid] / n}
        for gid, n in ran.items()
    ]
    return sorted(rates, key=lambda r: (-r["rate"], r["grade_id"]))


def as_csv(gradebook: list[GradebookRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Employee number"),
            _("Name"),
            _("Department"),
            _("Attempts"),
            _("Best score"),
            _("Latest score"),
            _("Maximum score"),
            _("Status"),
            _("Needs a manual grade"),
            _("Late"),
        ]
    )
    for row in gradebook:
        writer.writerow(
            escape_cell(value)
            for value in [
                row.employee_number,
                row.name,
                row.department,
                row.attempts,
                _number(row.best_score),
                _number(row.latest_score),
                _number(row.max_score),
                row.latest_status,
                _("yes") if row.needs_manual_grade else _("no"),
                _("yes") if row.late else _("no"),
            ]
        )
    return buffer.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
