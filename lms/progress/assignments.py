"""Assigning required training (trainers and HR): validated, atomic, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit import record_event

from .models import TrainingAssignment


@transaction.atomic
def assign_training(
    *,
    actor,
    organisation,
    due_date: dt.date,
    curriculum=None,
    course=None,
    tier: str = "",
    department=None,
    note: str = "",
) -> TrainingAssignment:
    """Assigns a curriculum or a course to the organisation's staff of a tier and/or department."""
    if (curriculum is None) == (course is None):
        raise ValidationError(_("Choose either a curriculum or a course."))
    if course is not None and course.organisation_id not in (None, organisation.pk):
        raise ValidationError(_("This course belongs to another organisation."))
    if department is not None and department.organisation_id != organisation.pk:
        raise ValidationError(_("The department belongs to another organisation."))
    if due_date < timezone.localdate():
        raise ValidationError(_("The due date cannot be in the past."))
    assignment = TrainingAssignment(
        organisation=organisation,
        curriculum=curriculum,
        course=course,
        tier=tier or "",
        department=department,
        due_date=due_date,
        note=note,
        assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assignment.full_clean()
    assignment.save()
    record_event(
        "training.assigned",
        actor=actor,
        organisation=organisation,
        target=assignment,
        data={
            "target": assignment.target_title,
            "tier": assignment.tier,
            "department": department.path if department else None,
            "due_date": due_date.isoformat(),
        },
    )
    return assignment


@transaction.atomic
def withdraw_assignment(assignment: TrainingAssignment, *, actor) -> None:
    record_event(
        "training.withdrawn",
        actor=actor,
        organisation=assignment.organisation,
        target=assignment,
        data={"target": assignment.target_title, "due_date": assignment.due_date.isoformat()},
    )
    assignment.delete()
