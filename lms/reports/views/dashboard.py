"""The HR entry point, the overview of one organisation, and the platform admins' totals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.certification.access import hr_view, is_hr
from lms.certification.models import Holding, HoldingState
from lms.certification.validity import counts_on
from lms.organisations.models import Organisation
from lms.people.models import StaffProfile
from lms.people.roles import Role, has_role
from lms.people.scoping import organisation_of, scope_to_organisation

from .. import charts, overview, targets
from ..fiscal import FiscalYear, fiscal_year
from ..models import Target


@login_required
def index(request):
    """``/hr/``: HR goes to their organisation's overview, platform admins to the totals."""
    if is_hr(request.user):
        return redirect("reports:overview", org=organisation_of(request.user).slug)
    if has_role(request.user, Role.PLATFORM_ADMIN):
        return redirect("reports:platform")
    raise PermissionDenied


FISCAL_YEARS_AROUND = 10  # how far back or ahead of the current fiscal year ``?fy=`` may go


def _selected_fiscal_year(request, today) -> FiscalYear:
    """The fiscal year of ``?fy=2025`` (2025年度); the current one when absent.

    A value that is not a year, or more than ten years from now, falls back to the current fiscal
    year and says so in a message (a bookmark or a typed URL must not show an error page).
    """
    current = fiscal_year(today)
    value = request.GET.get("fy")
    if value is None:
        return current
    try:
        year = int(value.strip())
    except ValueError:
        year = None
    if year is None or abs(year - current.year) > FISCAL_YEARS_AROUND:
        messages.warning(
            request,
            _(
                "“%(value)s” is not a fiscal year the dashboard can show (a year such as %(year)s, "
                "at most %(around)s years from now); showing %(fy)s."
            )
            % {
                "value": value[:20],
                "year": current.year,
                "around": FISCAL_YEARS_AROUND,
                "fy": current.label,
            },
        )
        return current
    return FiscalYear(year)


@hr_view()
def overview_page(request, organisation):
    today = timezone.localdate()
    people = scope_to_organisation(StaffProfile.objects.all(), request.user)
    fy = _selected_fiscal_year(request, today)
    data = overview.build(request.user, today, fy)
    summaries = targets.summaries(
        list(
            scope_to_organisation(Target.objects.all(), request.user)
            .select_related("department")
            .prefetch_related("certifications")
        ),
        people,
        today,
    )
    tier_chart = charts.bar_svg(
        chart_id="tiers",
        title=_("People per tier"),
        description=", ".join(f"{row.label}: {row.people}" for row in data.tiers),
        rows=[
            (
                row.label,
                100.0 * row.people / data.active_people if data.active_people else 0,
                str(row.people),
            )
            for row in data.tiers
        ],
    )
    required_chart = None
    if data.required_by_department:
        required_chart = charts.bar_svg(
            chart_id="required",
            title=_("Completion of required training by department, %(fy)s") % {"fy": fy.label},
            description=", ".join(
                f"{row.department}: {row.percent:.0f}%" for row in data.required_by_department
            ),
            rows=[
                (row.department, row.percent, f"{row.percent:.0f}%")
                for row in data.required_by_department
            ],
        )
    return render(
        request,
        "reports/overview.html",
        {
            "organisation": organisation,
            "data": data,
            "summaries": summaries,
            "tier_chart": tier_chart,
            "required_chart": required_chart,
            "fiscal_years": [fy.previous(), fy, fy.next()],
        },
    )


@login_required
def platform(request):
    """Per-municipality totals only: no person, no name, no row of anyone's data."""
    if not has_role(request.user, Role.PLATFORM_ADMIN):
        raise PermissionDenied
    today = timezone.localdate()
    rows = Organisation.objects.order_by("local_government_code").annotate(
        people=Count("staff", filter=Q(staff__is_active=True), distinct=True),
    )
    holders = dict(
        Holding.objects.filter(counts_on(today), staff__is_active=True)
        .values_list("organisation_id")
        .annotate(n=Count("staff_id", distinct=True))
    )
    pending = dict(
        Holding.objects.filter(state=HoldingState.PENDING)
        .values_list("organisation_id")
        .annotate(n=Count("id"))
    )
    target_counts = dict(Target.objects.values_list("organisation_id").annotate(n=Count("id")))
    totals = [
        {
            "organisation": organisation,
            "people": organisation.people,
            "holders": holders.get(organisation.pk, 0),
            "pending": pending.get(organisation.pk, 0),
            "targets": target_counts.get(organisation.pk, 0),
        }
        for organisation in rows
    ]
    return render(request, "reports/platform.html", {"totals": totals, "today": today})
