"""The HR overview of one organisation: people per tier, required training, expiring certifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Window

from lms.certification.models import Certification, Holding, HoldingState
from lms.certification.validity import counts_on, renewed
from lms.people.models import StaffProfile
from lms.people.scoping import scope_to_organisation
from lms.people.tiers import Tier

from . import progress_source
from .fiscal import FiscalYear

EXPIRING_WITHIN_DAYS = 90
EXPIRING_LIST_LIMIT = 50


@dataclass(frozen=True)
class TierRow:
    tier: str
    label: str
    people: int


@dataclass(frozen=True)
class CertificationRow:
    code: str
    name: str
    holders: int


@dataclass(frozen=True)
class Overview:
    today: dt.date
    fiscal_year: FiscalYear
    tiers: list[TierRow]
    active_people: int
    holders_by_certification: list[CertificationRow]
    expiring_count: int
    expiring: list[Holding]
    required_by_department: list[progress_source.DepartmentCompletion]
    overdue: tuple[int, list[progress_source.OverdueRow]]


def people_per_tier(people: QuerySet[StaffProfile]) -> list[TierRow]:
    counts = dict(
        people.filter(is_active=True).order_by().values_list("tier").annotate(n=Count("id"))
    )
    return [TierRow(tier.value, str(tier.label), counts.get(tier.value, 0)) for tier in Tier]


def holders_by_certification(holdings: QuerySet[Holding], today: dt.date) -> list[CertificationRow]:
    counts = dict(
        holdings.filter(counts_on(today), staff__is_active=True)
        .values_list("certification_id")
        .annotate(n=Count("staff_id", distinct=True))
    )
    return [
        CertificationRow(code, name, counts.get(pk, 0))
        for pk, code, name in Certification.objects.filter(is_active=True).values_list(
            "pk", "code", "name"
        )
    ]


def expiring(holdings: QuerySet[Holding], today: dt.date) -> QuerySet[Holding]:
    """Verified holdings of active staff that expire in the next 90 days, unless renewed (soonest first)."""
    return (
        holdings.filter(
            state=HoldingState.VERIFIED,
            expires_on__gt=today,
            expires_on__lte=today + dt.timedelta(days=EXPIRING_WITHIN_DAYS),
            staff__is_active=True,
        )
        .exclude(renewed())
        .select_related("staff", "staff__department", "certification")
        .order_by("expires_on", "pk")
    )


def _first_and_count(queryset: QuerySet, limit: int) -> tuple[int, list]:
    """How many rows there are in all and the first ``limit`` of them, in one query (a window count)."""
    first = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return (first[0].total_rows if first else 0), first


def build(viewer, today: dt.date, fiscal_year: FiscalYear) -> Overview:
    """The overview of the viewer's organisation (every query scoped to it)."""
    people = scope_to_organisation(StaffProfile.objects.all(), viewer)
    # Scoped by the holding's and by its holder's organisation (the same one): the second lets the
    # database read only this organisation's staff when it checks who is still active.
    holdings = scope_to_organisation(
        scope_to_organisation(Holding.objects.all(), viewer), viewer, field="staff__organisation"
    )
    tiers = people_per_tier(people)
    # Read once for both required training figures: those due this fiscal year and those overdue.
    assignments = progress_source.assignments(
        viewer, due_date__lte=max(fiscal_year.end, today - dt.timedelta(days=1))
    )
    # The expiring holdings are few: scoped by the holding's organisation only, the database looks up
    # each holder by key rather than reading all the organisation's staff.
    soon_count, soon = _first_and_count(
        expiring(scope_to_organisation(Holding.objects.all(), viewer), today), EXPIRING_LIST_LIMIT
    )
    return Overview(
        today=today,
        fiscal_year=fiscal_year,
        tiers=tiers,
        active_people=sum(row.people for row in tiers),
        holders_by_certification=holders_by_certification(holdings, today),
        expiring_count=soon_count,
        expiring=soon,
        required_by_department=progress_source.required_completion_by_department(
            viewer, fiscal_year.start, fiscal_year.end, assignments
        ),
        overdue=progress_source.overdue(viewer, today, assignments),
    )
