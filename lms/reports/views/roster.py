"""Roster import: upload (file errors at once), preview (every row error), apply or discard."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lms.certification.access import IMPORT_ROSTER, hr_view
from lms.people.scoping import get_scoped_or_404, scope_to_organisation

from ..forms import ApplyImportForm, RosterUploadForm
from ..models import ImportState, RosterImport
from ..roster.applying import apply, plan_for
from ..roster.checking import check, records_from_table
from ..roster.columns import HeaderError, ignored_columns
from ..roster.reading import RosterFileError, read_table
from ..roster.retention import PREVIEW_KEPT_DAYS, discard_stale_previews

PREVIEW_LIMIT = 500


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@hr_view(IMPORT_ROSTER)
def upload(request, organisation):
    form = (
        RosterUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else RosterUploadForm()
    )
    if request.method == "POST":
        discard_stale_previews()  # every municipality's: personal data is kept no longer than needed
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            table = read_table(upload_file)
            records = records_from_table(table)
        except (RosterFileError, HeaderError) as error:
            form.add_error("file", str(error))
        else:
            effective_date = form.cleaned_data["effective_date"]
            plan = check(organisation, records, effective_date=effective_date, actor=request.user)
            roster_import = RosterImport.objects.create(
                organisation=organisation,
                uploaded_by=request.user,
                filename=(upload_file.name or "")[:255],
                sha256=_sha256(upload_file),
                encoding=table.encoding,
                effective_date=effective_date,
                rows=records,
                errors=[{"row": error.row, "message": error.message} for error in plan.errors],
                summary={"ignored_columns": ignored_columns(table.header)},
            )
            return redirect("reports:roster_preview", org=organisation.slug, pk=roster_import.pk)
    recent = scope_to_organisation(RosterImport.objects.all(), request.user).defer(
        "rows", "errors"
    )[:10]
    return render(
        request,
        "reports/roster_upload.html",
        {"organisation": organisation, "form": form, "recent": recent},
    )


@hr_view(IMPORT_ROSTER)
def preview(request, organisation, pk: int):
    roster_import = get_scoped_or_404(RosterImport.objects.all(), request.user, pk=pk)
    form = ApplyImportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and roster_import.state == ImportState.PREVIEWED:
        if "discard" in request.POST:
            roster_import.state = ImportState.DISCARDED
            # Keep no copy of a roster nobody applied: neither its rows nor errors quoting its cells.
            roster_import.rows = []
            roster_import.errors = []
            roster_import.save(update_fields=["state", "rows", "errors"])
            messages.info(request, _("The import was discarded; nothing was changed."))
            return redirect("reports:roster", org=organisation.slug)
        if form.is_valid():
            try:
                apply(
                    roster_import,
                    deactivate_missing=form.cleaned_data["deactivate_missing"],
                    actor=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:  # the preview page now states what was applied
                return redirect("reports:roster_preview", org=organisation.slug, pk=pk)
    plan = (
        plan_for(roster_import, request.user)
        if roster_import.state == ImportState.PREVIEWED
        else None
    )
    return render(
        request,
        "reports/roster_preview.html",
        {
            "organisation": organisation,
            "roster_import": roster_import,
            "plan": plan,
            "form": form,
            "changes": [row for row in plan.rows if row.action != "unchanged"][:PREVIEW_LIMIT]
            if plan
            else [],
            "preview_limit": PREVIEW_LIMIT,
            "preview_kept_days": PREVIEW_KEPT_DAYS,
        },
    )
