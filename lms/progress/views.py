"""My learning (every learner) and required-training assignments (trainers and HR)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.certification.queries import certificates_of
from lms.people.scoping import get_scoped_or_404, organisation_of, scope_to_organisation

from .assignments import assign_training, withdraw_assignment
from .forms import AssignmentForm
from .models import TrainingAssignment
from .queries import (
    assignment_completion,
    learning_overview,
    required_training_for,
)

ASSIGN_PERMISSION = "progress.add_trainingassignment"


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    overview = learning_overview(request.user)
    certificates = certificates_of(request.user)
    return render(
        request,
        "progress/my_learning.html",
        {
            "required": required_training_for(request.user),
            "in_progress": overview["in_progress"],
            "completed": overview["completed"],
            "resume": overview["continue"],
            "internal_certificates": certificates["internal"],
            "external_certifications": certificates["external"],
        },
    )


def _assigning_organisation(request: HttpRequest):
    organisation = organisation_of(request.user)
    if organisation is None or not request.user.has_perm(ASSIGN_PERMISSION):
        raise PermissionDenied
    return organisation


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    organisation = _assigning_organisation(request)
    assignments = list(
        scope_to_organisation(TrainingAssignment.objects.all(), request.user)
        .select_related("course", "curriculum", "department", "assigned_by")
        .order_by("due_date", "pk")
    )
    rows = []
    for assignment in assignments:
        completion = assignment_completion(assignment)
        done = sum(1 for completed_at in completion.values() if completed_at)
        rows.append({"assignment": assignment, "in_scope": len(completion), "completed": done})
    form = AssignmentForm(organisation=organisation)
    return render(
        request,
        "progress/assignments.html",
        {"rows": rows, "form": form, "organisation": organisation},
    )


@login_required
@require_POST
def assignment_create(request: HttpRequest) -> HttpResponse:
    organisation = _assigning_organisation(request)
    form = AssignmentForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            assign_training(
                actor=request.user,
                organisation=organisation,
                due_date=form.cleaned_data["due_date"],
                tier=form.cleaned_data["tier"],
                department=form.cleaned_data["department"],
                note=form.cleaned_data["note"],
                **form.target_kwargs(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The training was assigned."))
            return redirect("progress:assignments")
    return render(
        request,
        "progress/assignments.html",
        {"rows": [], "form": form, "organisation": organisation, "form_only": True},
        status=400,
    )


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _assigning_organisation(request)
    assignment = get_scoped_or_404(TrainingAssignment.objects.all(), request.user, pk=pk)
    withdraw_assignment(assignment, actor=request.user)
    messages.success(request, _("The assignment was withdrawn."))
    return redirect("progress:assignments")
