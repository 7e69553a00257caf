"""A target's figures from the database: holders, burn-up, forecast, status, breakdowns, funnel, people.

Every function takes ``people``: the caller's StaffProfile queryset already passed through
``lms.people.scoping.scope_to_organisation``. Counting follows ``lms.certification.validity``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from lms.certification.models import Holding, HoldingState
from lms.certification.validity import counts_on, valid_on
from lms.organisations.models import PATH_SEPARATOR, Department
from lms.people.models import StaffProfile
from lms.people.tiers import Tier

from . import progress_source
from .forecast import (
    TRAILING_DAYS,
    Forecast,
    Interval,
    TargetStatus,
    forecast,
    holder_counts,
    month_ends,
    status,
)
from .models import Target, TargetScope

# The drill-down's ``group`` for the people without a department: the breakdown's "—" row links here
# (its key stays "" in the API). An empty ``group`` means no filter at all.
NO_DEPARTMENT = "—"


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    population: int
    holders: int

    @property
    def percent(self) -> float:
        return 100.0 * self.holders / self.population if self.population else 0.0


@dataclass(frozen=True)
class Summary:
    target: Target
    forecast: Forecast
    status: TargetStatus


@dataclass(frozen=True)
class Report(Summary):
    burnup: list[tuple[dt.date, int]] = field(default_factory=list)
    by_department: list[BreakdownRow] = field(default_factory=list)
    by_tier: list[BreakdownRow] = field(default_factory=list)
    funnel: progress_source.Funnel | None = None
    population: int = 0


def target_people(target: Target, people: QuerySet[StaffProfile]) -> QuerySet[StaffProfile]:
    """The active staff a target is about (its organisation, department subtree or tier)."""
    # No default ordering: it would join organisations into every count and group-by.
    return people.filter(_in_target_scope(target)).order_by()


def _in_target_scope(target: Target, prefix: str = "") -> Q:
    """``target_people`` as a filter (``prefix``: the path to the staff member, e.g. ``"staff__"``)."""
    condition = Q(
        **{f"{prefix}organisation_id": target.organisation_id, f"{prefix}is_active": True}
    )
    if target.scope == TargetScope.DEPARTMENT and target.department_id:
        condition &= Q(**{f"{prefix}department_id__in": target.department.descendant_ids()})
    elif target.scope == TargetScope.TIER and target.tier:
        condition &= Q(**{f"{prefix}tier": target.tier})
    return condition


def _certification_ids(target: Target) -> list[int]:
    cached = getattr(target, "_certification_ids", None)
    if cached is None:
        if "certifications" in getattr(target, "_prefetched_objects_cache", {}):
            cached = [certification.pk for certification in target.certifications.all()]
        else:
            cached = list(target.certifications.values_list("pk", flat=True))
        target._certification_ids = cached
    return cached


def _verified_holdings(target: Target) -> QuerySet[Holding]:
    """The verified holdings of the target's certifications in its organisation (anyone's)."""
    return Holding.objects.filter(
        organisation_id=target.organisation_id,
        certification_id__in=_certification_ids(target),
        state=HoldingState.VERIFIED,
    ).order_by()  # no default ordering: the dates index answers alone (index-only scans)


def _holdings(target: Target, people: QuerySet[StaffProfile]) -> QuerySet[Holding]:
    return _verified_holdings(target).filter(staff__in=target_people(target, people))


def intervals(target: Target, people: QuerySet[StaffProfile]) -> list[Interval]:
    return list(_holdings(target, people).values_list("staff_id", "issued_on", "expires_on"))


def summary(target: Target, people: QuerySet[StaffProfile], today: dt.date) -> Summary:
    """The figures of the overview's table: holders today and 90 days ago, counted by the database
    (verified and ``valid_on`` the day, i.e. ``counts_on``: the same count as
    ``forecast.holder_counts`` over the target's intervals)."""
    earlier = today - dt.timedelta(days=TRAILING_DAYS)
    counts = _holdings(target, people).aggregate(
        current=Count("staff_id", distinct=True, filter=valid_on(today)),
        earlier=Count("staff_id", distinct=True, filter=valid_on(earlier)),
    )
    return _summary(target, counts["current"], counts["earlier"], today)


def summaries(
    targets: list[Target], people: QuerySet[StaffProfile], today: dt.date
) -> list[Summary]:
    """``summary`` of several targets of one organisation in one query (the overview's table): one
    pass over the people joined to their verified holdings, two counts per target, each as
    ``summary`` counts it."""
    if not targets:
        return []
    earlier = today - dt.timedelta(days=TRAILING_DAYS)
    counts = {}
    for index, target in enumerate(targets):
        mine = Q(holdings__certification_id__in=_certification_ids(target)) & _in_target_scope(
            target
        )
        for name, day in (("current", today), ("earlier", earlier)):
            counts[f"{name}_{index}"] = Count(
                "pk", distinct=True, filter=mine & valid_on(day, "holdings__")
            )
    figures = (
        people.filter(
            is_active=True,
            holdings__organisation_id__in={target.organisation_id for target in targets},
            holdings__certification_id__in={
                pk for target in targets for pk in _certification_ids(target)
            },
            holdings__state=HoldingState.VERIFIED,
        )
        .order_by()
        .aggregate(**counts)
    )
    return [
        _summary(target, figures[f"current_{index}"], figures[f"earlier_{index}"], today)
        for index, target in enumerate(targets)
    ]


def _summary(target: Target, current: int, earlier: int, today: dt.date) -> Summary:
    prediction = forecast(current=current, earlier=earlier, target=target.target_count, today=today)
    return Summary(
        target=target,
        forecast=prediction,
        status=status(prediction, start=target.start_date, deadline=target.deadline, today=today),
    )


def report(target: Target, people: QuerySet[StaffProfile], today: dt.date, viewer) -> Report:
    periods = intervals(target, people)
    current, earlier = holder_counts(periods, [today, today - dt.timedelta(days=TRAILING_DAYS)])
    base = _summary(target, current, earlier, today)
    started = today >= target.start_date  # a target planned ahead has no burn-up yet
    days = month_ends(target.start_date, min(today, target.deadline)) if started else []
    scoped = target_people(target, people)
    # Who counts today (``counts_on``, as ``holder_counts`` above): a subquery of staff ids.
    counting = _verified_holdings(target).filter(counts_on(today)).values("staff_id")
    # People and holders per (department, tier) in one query: the breakdowns' figures.
    population = list(
        scoped.values_list("department_id", "tier").annotate(
            n=Count("id"), holders=Count("id", filter=Q(pk__in=counting))
        )
    )
    total = sum(n for _dept, _tier, n, _holders in population)
    holder_users = scoped.filter(pk__in=counting).values("user_id")
    return Report(
        target=target,
        forecast=base.forecast,
        status=base.status,
        burnup=list(zip(days, holder_counts(periods, days), strict=True)),
        by_department=_by_department(target, population),
        by_tier=_by_tier(population),
        funnel=progress_source.funnel(target.preparing_page, scoped, holder_users, viewer, total),
        population=total,
    )


def _group_of(path: str, depth: int) -> str:
    parts = path.split(PATH_SEPARATOR)
    return PATH_SEPARATOR.join(parts[: depth + 1])


def _by_department(target: Target, population) -> list[BreakdownRow]:
    """Per division (per unit below the scope for a department target)."""
    paths = dict(
        Department.objects.filter(organisation_id=target.organisation_id).values_list("pk", "path")
    )
    depth = 0
    if target.scope == TargetScope.DEPARTMENT and target.department_id:
        depth = target.department.path.count(PATH_SEPARATOR) + 1

    def group(department_id: int | None) -> str:
        return _group_of(paths[department_id], depth) if department_id in paths else ""

    people = Counter()
    holders = Counter()
    for department_id, _tier, n, n_holders in population:
        people[group(department_id)] += n
        holders[group(department_id)] += n_holders
    return [
        BreakdownRow(
            key=key, label=key or NO_DEPARTMENT, population=people[key], holders=holders[key]
        )
        for key in sorted(people)
    ]


def _by_tier(population) -> list[BreakdownRow]:
    people = Counter()
    holders = Counter()
    for _dept, tier, n, n_holders in population:
        people[tier] += n
        holders[tier] += n_holders
    return [
        BreakdownRow(
            key=tier.value,
            label=str(tier.label),
            population=people[tier.value],
            holders=holders[tier.value],
        )
        for tier in Tier
        if people[tier.value]
    ]


def drill_down(
    target: Target,
    people: QuerySet[StaffProfile],
    today: dt.date,
    *,
    holder: str = "",
    tier: str = "",
    group: str = "",
) -> QuerySet[StaffProfile]:
    """The people of a target with ``holds`` (counting today) and ``valid_until`` annotated."""
    counting = Holding.objects.filter(
        counts_on(today), staff_id=OuterRef("pk"), certification_id__in=_certification_ids(target)
    )
    queryset = (
        target_people(target, people)
        .select_related("department")
        .annotate(
            holds=Exists(counting),
            valid_until=Subquery(
                counting.order_by(F("expires_on").desc(nulls_first=True)).values("expires_on")[:1]
            ),
        )
        .order_by("department__path", "employee_number")
    )
    if holder == "yes":
        queryset = queryset.filter(holds=True)
    elif holder == "no":
        queryset = queryset.filter(holds=False)
    if tier in Tier.values:
        queryset = queryset.filter(tier=tier)
    if group == NO_DEPARTMENT:
        queryset = queryset.filter(department__isnull=True)
    elif group:
        queryset = queryset.filter(
            Q(department__path=group) | Q(department__path__startswith=group + PATH_SEPARATOR)
        )
    return queryset
