"""Pure arithmetic of targets: holders over time, the forecast date and the status. No database here.

- A person counts once on a day if any of their verified holdings of the target's certifications is valid
  that day (``lms.certification.validity.counts_between``): the count drops on an expiry date.
- The forecast extends the trailing 90-day rate: holders gained (net) in the last 90 days, per day.
- Status: *on track* when reached or forecast on or before the deadline; *at risk* when the forecast
  misses the deadline by no more than the grace period (10 % of the plan, at least 30 days); *behind*
  otherwise, including no net progress in 90 days and a deadline that passed unreached.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from lms.certification.validity import counts_between

TRAILING_DAYS = 90
MIN_GRACE_DAYS = 30
GRACE_SHARE = 0.10

Interval = tuple[int, dt.date, dt.date | None]  # (person id, valid from, valid until — exclusive)


class TargetStatus(TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")


@dataclass(frozen=True)
class Forecast:
    current: int
    target: int
    rate_per_day: float  # net holders gained per day over the trailing window
    date: dt.date | None  # when the target is reached at that rate; None if never
    reached: bool

    @property
    def rate_per_month(self) -> float:
        return self.rate_per_day * 30.4375

    @property
    def percent(self) -> float:
        return 100.0 * self.current / self.target if self.target else 0.0


def merged_intervals(
    intervals: Iterable[Interval],
) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """Per person, their validity periods with overlaps joined (a renewal continues a holding)."""
    by_person: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for person, start, end in intervals:
        by_person[person].append((start, end))
    merged: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for person, periods in by_person.items():
        periods.sort(key=lambda period: period[0])
        joined: list[tuple[dt.date, dt.date | None]] = []
        for start, end in periods:
            if joined and (joined[-1][1] is None or start <= joined[-1][1]):
                last_start, last_end = joined[-1]
                new_end = None if last_end is None or end is None else max(last_end, end)
                joined[-1] = (last_start, new_end)
            else:
                joined.append((start, end))
        merged[person] = joined
    return merged


def holder_counts(intervals: Iterable[Interval], days: list[dt.date]) -> list[int]:
    """How many distinct people count on each of ``days`` (any order), in one sweep."""
    events: list[tuple[dt.date, int]] = []
    for periods in merged_intervals(intervals).values():
        for start, end in periods:
            events.append((start, 1))
            if end is not None:
                events.append((end, -1))
    events.sort()
    event_days = [day for day, _delta in events]
    running = []
    total = 0
    for _day, delta in events:
        total += delta
        running.append(total)
    counts = []
    for day in days:
        index = bisect_right(event_days, day)  # events on ``day`` itself apply (expiry day: gone)
        counts.append(running[index - 1] if index else 0)
    return counts


def holders_on(intervals: Iterable[Interval], day: dt.date) -> set[int]:
    return {
        person
        for person, periods in merged_intervals(intervals).items()
        if any(counts_between(start, end, day) for start, end in periods)
    }


def month_ends(start: dt.date, until: dt.date) -> list[dt.date]:
    """The last day of each month from ``start``'s month to ``until``'s, ``until`` itself closing it."""
    days = []
    year, month = start.year, start.month
    while True:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last >= until:
            days.append(until)
            return days
        days.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def forecast(
    *, current: int, earlier: int, target: int, today: dt.date, window_days: int = TRAILING_DAYS
) -> Forecast:
    """Extends the net gain over the last ``window_days`` (``earlier`` holders then, ``current`` now)."""
    rate = (current - earlier) / window_days
    if current >= target:
        return Forecast(current, target, rate, today, reached=True)
    if rate <= 0:
        return Forecast(current, target, rate, None, reached=False)
    days_needed = math.ceil((target - current) / rate)
    return Forecast(current, target, rate, today + dt.timedelta(days=days_needed), reached=False)


def grace_days(start: dt.date, deadline: dt.date) -> int:
    return max(MIN_GRACE_DAYS, math.ceil((deadline - start).days * GRACE_SHARE))


def status(
    prediction: Forecast, *, start: dt.date, deadline: dt.date, today: dt.date
) -> TargetStatus:
    if prediction.reached:
        return TargetStatus.ON_TRACK
    if today > deadline or prediction.date is None:
        return TargetStatus.BEHIND
    if prediction.date <= deadline:
        return TargetStatus.ON_TRACK
    if prediction.date <= deadline + dt.timedelta(days=grace_days(start, deadline)):
        return TargetStatus.AT_RISK
    return TargetStatus.BEHIND
