"""Targets: create, edit, delete, the report page with its charts, and the drill-down list of people."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit import record_event
from lms.certification.access import EXPORT_DATA, MANAGE_TARGETS, hr_view
from lms.people.models import StaffProfile
from lms.people.scoping import get_scoped_or_404, scope_to_organisation
from lms.people.tiers import Tier

from .. import charts, exports, targets
from ..forms import TargetForm
from ..models import Target


def _people(request):
    return scope_to_organisation(StaffProfile.objects.all(), request.user)


def _target(request, pk: int) -> Target:
    return get_scoped_or_404(
        Target.objects.select_related("department", "preparing_page"), request.user, pk=pk
    )


@hr_view(MANAGE_TARGETS)
def create(request, organisation):
    return _edit(request, organisation, Target(organisation=organisation))


@hr_view(MANAGE_TARGETS)
def edit(request, organisation, pk: int):
    return _edit(request, organisation, _target(request, pk))


def _edit(request, organisation, target: Target):
    form = TargetForm(
        request.POST if request.method == "POST" else None,
        instance=target,
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            is_new = target.pk is None
            target = form.save(commit=False)
            if is_new:
                target.created_by = request.user
            target.save()
            form.save_m2m()
            record_event(
                "target.created" if is_new else "target.changed",
                actor=request.user,
                organisation=organisation,
                target=target,
                data={
                    "name": target.name,
                    "count": target.target_count,
                    "deadline": target.deadline.isoformat(),
                },
            )
        messages.success(request, _("The target is saved."))
        return redirect("reports:target", org=organisation.slug, pk=target.pk)
    return render(
        request,
        "reports/target_form.html",
        {"organisation": organisation, "form": form, "target": target},
    )


@hr_view(MANAGE_TARGETS)
def delete(request, organisation, pk: int):
    """GET asks for confirmation; POST deletes (a target's history cannot be restored)."""
    target = _target(request, pk)
    if request.method != "POST":
        return render(
            request,
            "reports/target_delete.html",
            {"organisation": organisation, "target": target},
        )
    with transaction.atomic():
        record_event(
            "target.deleted",
            actor=request.user,
            organisation=organisation,
            target=target,
            data={"name": target.name},
        )
        target.delete()
    messages.success(request, _("The target is deleted."))
    return redirect("reports:overview", org=organisation.slug)


@hr_view()
def detail(request, organisation, pk: int):
    target = _target(request, pk)
    today = timezone.localdate()
    report = targets.report(target, _people(request), today, request.user)
    prediction = report.forecast
    description = _(
        "%(current)s of %(target)s holders today (%(percent).0f%%). Monthly counts since %(start)s "
        "are in the table beside the chart."
    ) % {
        "current": prediction.current,
        "target": target.target_count,
        "percent": prediction.percent,
        "start": target.start_date.isoformat(),
    }
    burnup = charts.burnup_svg(
        chart_id=f"burnup-{target.pk}",
        title=_("Burn-up: holders of %(name)s") % {"name": target.name},
        description=description,
        points=report.burnup,
        target=target.target_count,
        start=target.start_date,
        deadline=target.deadline,
        today=today,
        forecast_date=prediction.date,
        current=prediction.current,
    )
    department_chart = charts.bar_svg(
        chart_id=f"departments-{target.pk}",
        title=_("Holders by department"),
        description=", ".join(
            f"{row.label}: {row.holders}/{row.population}" for row in report.by_department
        ),
        rows=[
            (row.label, row.percent, f"{row.holders}/{row.population}")
            for row in report.by_department
        ],
    )
    return render(
        request,
        "reports/target_detail.html",
        {
            "organisation": organisation,
            "target": target,
            "report": report,
            "prediction": prediction,
            "burnup": burnup,
            "department_chart": department_chart,
            "certifications": target.certifications.all(),
            "today": today,
        },
    )


def _drill_down(request, target):
    return targets.drill_down(
        target,
        _people(request),
        timezone.localdate(),
        holder=request.GET.get("holder", ""),
        tier=request.GET.get("tier", ""),
        group=request.GET.get("group", ""),
    )


@hr_view()
def people(request, organisation, pk: int):
    target = _target(request, pk)
    page = Paginator(_drill_down(request, target), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/target_people.html",
        {
            "organisation": organisation,
            "target": target,
            "page": page,
            "tiers": Tier.choices,
            "filters": {key: request.GET.get(key, "") for key in ("holder", "tier", "group")},
        },
    )


@hr_view(EXPORT_DATA)
def people_export(request, organisation, pk: int, file_format: str):
    target = _target(request, pk)
    queryset = _drill_down(request, target)
    tiers = dict(Tier.choices)
    yes, no = _("yes"), _("no")
    rows = (
        (
            person.employee_number,
            person.full_name,
            person.department.path if person.department else "",
            str(tiers.get(person.tier, person.tier)),
            yes if person.holds else no,
            person.valid_until,
        )
        for person in queryset.iterator(chunk_size=exports.CHUNK_SIZE)
    )
    export = exports.Export(
        name=f"target-{target.pk}-people",
        header=[
            _("Employee number"),
            _("Name"),
            _("Department"),
            _("Tier"),
            _("Holder"),
            _("Valid until"),
        ],
        rows=rows,
    )
    return exports.respond(export, file_format)
