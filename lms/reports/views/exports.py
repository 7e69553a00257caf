"""Export pages: people, progress and holdings of the organisation as CSV or XLSX."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lms.certification.access import EXPORT_DATA, hr_view
from lms.certification.models import Holding
from lms.people.models import StaffProfile
from lms.people.scoping import scope_to_organisation

from .. import exports, progress_source

KINDS = ("people", "progress", "holdings")


@hr_view(EXPORT_DATA)
def index(request, organisation):
    return render(
        request,
        "reports/exports.html",
        {"organisation": organisation, "kinds": KINDS},
    )


@hr_view(EXPORT_DATA)
def download(request, organisation, kind: str, file_format: str):
    people = scope_to_organisation(StaffProfile.objects.all(), request.user)
    if kind == "people":
        export = exports.people_export(people)
    elif kind == "holdings":
        holdings = scope_to_organisation(Holding.objects.all(), request.user)
        export = exports.holdings_export(holdings, timezone.localdate())
    elif kind == "progress":
        export = progress_source.progress_export(request.user)
    else:
        raise Http404
    return exports.respond(export, file_format)
