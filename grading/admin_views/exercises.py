"""Trainer views inside Wagtail admin: an exercise's dashboard, uploads, publishing, re-grading."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grading import gradebook, scoping
from grading.learner import display_cells
from grading.models import Exercise, ExerciseVersion
from grading.services.exercises import (
    ActionRefused,
    SourceRejected,
    add_version,
    publish_version,
    regrade_exercise,
    revalidate,
)
from notebooks.autotest_config import MAX_YML_BYTES

DASHBOARD = "grading_exercises:dashboard"


def scoped_exercise(request: HttpRequest, pk: int, *, edit: bool = False) -> Exercise:
    exercise = get_object_or_404(scoping.exercises_for(request.user), pk=pk)
    if edit and not scoping.can_edit(request.user, exercise):
        raise PermissionDenied
    return exercise


def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk)
    submissions = scoping.submissions_for(request.user, exercise)
    rows = gradebook.rows(submissions)
    return render(
        request,
        "grading/admin/dashboard.html",
        {
            "exercise": exercise,
            "can_edit": scoping.can_edit(request.user, exercise),
            "versions": exercise.versions.select_related("created_by").order_by("-number"),
            "gradebook": rows,
            "needs_manual": [row for row in rows if row.needs_manual_grade],
            "failure_rates": gradebook.failure_rates(submissions),
            "header_title": exercise.title,
        },
    )


@require_POST
def upload_version(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk, edit=True)
    upload = request.FILES.get("source")
    if upload is None:
        messages.error(request, _("Choose the source notebook (.ipynb) to upload."))
        return redirect(DASHBOARD, pk=pk)
    from grading import conf

    limit = conf.get("GRADING_MAX_UPLOAD_BYTES")
    if upload.size > limit:
        messages.error(
            request,
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)},
        )
        return redirect(DASHBOARD, pk=pk)
    autotests_upload = request.FILES.get("autotests")
    if autotests_upload is not None and autotests_upload.size > MAX_YML_BYTES:
        messages.error(
            request,
            _("The autotests.yml file is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(MAX_YML_BYTES)},
        )
        return redirect(DASHBOARD, pk=pk)
    try:
        version = add_version(
            exercise,
            upload.read(),
            actor=request.user,
            note=request.POST.get("note", ""),
            autotests=autotests_upload.read() if autotests_upload is not None else None,
        )
    except SourceRejected as rejected:
        messages.error(
            request,
            _("The notebook was not stored: %(problems)s")
            % {"problems": " / ".join(rejected.messages[:10])},
        )
        return redirect(DASHBOARD, pk=pk)
    messages.success(
        request,
        _(
            "Version %(number)s was stored. Its reference solution is being run in the sandbox; "
            "reload this page to see the report."
        )
        % {"number": version.number},
    )
    return redirect(DASHBOARD, pk=pk)


@require_POST
def publish(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk, edit=True)
    version = get_object_or_404(ExerciseVersion, pk=version_pk, exercise=exercise)
    try:
        regraded = publish_version(version, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect(DASHBOARD, pk=pk)
    message = _("Version %(number)s is now published.") % {"number": version.number}
    if regraded:
        message += " " + ngettext(
            "Its tests changed, so %(count)d submission is being re-graded.",
            "Its tests changed, so %(count)d submissions are being re-graded.",
            regraded,
        ) % {"count": regraded}
    messages.success(request, message)
    return redirect(DASHBOARD, pk=pk)


@require_POST
def validate_again(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk, edit=True)
    version = get_object_or_404(ExerciseVersion, pk=version_pk, exercise=exercise)
    revalidate(version, actor=request.user)
    messages.success(request, _("The reference solution is being run again."))
    return redirect(DASHBOARD, pk=pk)


@require_POST
def regrade(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk, edit=True)
    try:
        count = regrade_exercise(exercise, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect(DASHBOARD, pk=pk)
    messages.success(
        request,
        ngettext(
            "%(count)d submission is being re-graded; manual scores are kept.",
            "%(count)d submissions are being re-graded; manual scores are kept.",
            count,
        )
        % {"count": count},
    )
    return redirect(DASHBOARD, pk=pk)


def preview(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk)
    version = get_object_or_404(ExerciseVersion, pk=version_pk, exercise=exercise)
    if not scoping.can_edit(request.user, exercise) and version != exercise.published_version:
        raise Http404
    return render(
        request,
        "grading/admin/preview.html",
        {
            "exercise": exercise,
            "version": version,
            "cells": display_cells(version),
            "header_title": _("Learner version of %(title)s v%(number)s")
            % {"title": exercise.title, "number": version.number},
        },
    )


def gradebook_csv(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = scoped_exercise(request, pk)
    rows = gradebook.rows(scoping.submissions_for(request.user, exercise))
    response = HttpResponse(
        "\ufeff" + gradebook.as_csv(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="gradebook-exercise-{pk}.csv"'
    return response
