"""The Japanese fiscal year, and the arithmetic of targets: holders over time, forecast and status."""

import datetime as dt

import pytest

from lms.reports.charts import nice_ceiling
from lms.reports.fiscal import FiscalYear, fiscal_year
from lms.reports.forecast import (
    TargetStatus,
    forecast,
    grace_days,
    holder_counts,
    holders_on,
    month_ends,
    status,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2025, 4, 1), 2025),
        (D(2026, 3, 31), 2025),
        (D(2026, 1, 1), 2025),
        (D(2025, 3, 31), 2024),
        (D(2024, 2, 29), 2023),
        (D(2025, 12, 31), 2025),
    ],
)
def test_fiscal_year_runs_april_to_march(day, year) -> None:
    """Is a date in January–March part of the fiscal year that began the April before?"""
    assert fiscal_year(day) == FiscalYear(year)


def test_fiscal_year_bounds_and_label() -> None:
    """Does FY2025 run from 1 April 2025 to 31 March 2026 inclusive, labelled 2025年度 in Japanese?"""
    fy = FiscalYear(2025)
    assert (fy.start, fy.end) == (D(2025, 4, 1), D(2026, 3, 31))
    assert D(2026, 3, 31) in fy
    assert D(2026, 4, 1) not in fy
    assert D(2025, 3, 31) not in fy
    assert fy.next() == FiscalYear(2026)
    assert fy.previous() == FiscalYear(2024)
    from django.utils import translation

    with translation.override("ja"):
        assert fy.label == "2025年度"


def test_holder_counts_drop_on_the_expiry_date() -> None:
    """Does a holder leave the count on the expiry date itself, and count once with two certificates?"""
    periods = [
        (1, D(2025, 1, 10), D(2026, 1, 10)),
        (1, D(2025, 6, 1), None),  # same person, a second certification: still one person
        (2, D(2025, 3, 1), D(2025, 9, 1)),
        (3, D(2025, 8, 31), D(2025, 9, 1)),
    ]
    days = [
        D(2025, 1, 9),
        D(2025, 1, 10),
        D(2025, 3, 1),
        D(2025, 8, 31),
        D(2025, 9, 1),
        D(2027, 1, 1),
    ]
    assert holder_counts(periods, days) == [0, 1, 2, 3, 1, 1]
    assert holders_on(periods, D(2025, 8, 31)) == {1, 2, 3}
    assert holders_on(periods, D(2025, 9, 1)) == {1}


def test_a_renewal_continues_without_a_gap() -> None:
    """Do overlapping or back-to-back holdings of one person join into one period?"""
    periods = [(7, D(2024, 5, 1), D(2025, 5, 1)), (7, D(2025, 5, 1), D(2026, 5, 1))]
    assert holder_counts(periods, [D(2025, 4, 30), D(2025, 5, 1), D(2026, 5, 1)]) == [1, 1, 0]


def test_month_ends_close_with_today() -> None:
    """Are the burn-up's points the last day of each month from the start, ending with today?"""
    assert month_ends(D(2025, 11, 15), D(2026, 2, 10)) == [
        D(2025, 11, 30),
        D(2025, 12, 31),
        D(2026, 1, 31),
        D(2026, 2, 10),
    ]
    assert month_ends(D(2025, 4, 1), D(2025, 4, 30)) == [D(2025, 4, 30)]


def test_forecast_extends_the_trailing_90_day_rate() -> None:
    """30 → 48 holders in 90 days is 0.2 a day: are the 52 still missing for 100 reached in 260 days?"""
    today = D(2026, 1, 1)
    prediction = forecast(current=48, earlier=30, target=100, today=today)
    assert prediction.rate_per_day == pytest.approx(0.2)
    assert prediction.rate_per_month == pytest.approx(6.0875)
    assert prediction.date == today + dt.timedelta(days=260)
    assert prediction.percent == pytest.approx(48.0)
    # A fractional day rounds up: 1 missing at 0.3 a day takes 4 days, not 3.33.
    assert forecast(current=99, earlier=72, target=100, today=today).date == D(2026, 1, 5)


def test_forecast_without_progress_or_already_reached() -> None:
    """No net gain gives no date; a reached target is reached today whatever the rate."""
    today = D(2026, 1, 1)
    assert forecast(current=40, earlier=40, target=100, today=today).date is None
    assert forecast(current=35, earlier=40, target=100, today=today).date is None
    reached = forecast(current=100, earlier=100, target=100, today=today)
    assert reached.reached
    assert reached.date == today


def test_status_on_track_at_risk_behind() -> None:
    """On or before the deadline is on track, within the grace period at risk, later or never behind."""
    start, deadline, today = D(2025, 4, 1), D(2026, 3, 31), D(2025, 10, 1)
    grace = grace_days(start, deadline)
    assert grace == 37  # 10 % of 364 days, rounded up (at least 30)

    def at(date, reached=False):
        prediction = forecast(current=100 if reached else 10, earlier=0, target=100, today=today)
        return status(
            prediction.__class__(10, 100, 1.0, date, reached),
            start=start,
            deadline=deadline,
            today=today,
        )

    assert at(deadline) == TargetStatus.ON_TRACK
    assert at(deadline + dt.timedelta(days=1)) == TargetStatus.AT_RISK
    assert at(deadline + dt.timedelta(days=grace)) == TargetStatus.AT_RISK
    assert at(deadline + dt.timedelta(days=grace + 1)) == TargetStatus.BEHIND
    assert at(None) == TargetStatus.BEHIND
    assert at(None, reached=True) == TargetStatus.ON_TRACK
    late = forecast(current=10, earlier=0, target=100, today=D(2026, 4, 1))
    assert status(late, start=start, deadline=deadline, today=D(2026, 4, 1)) == TargetStatus.BEHIND


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (7, 10), (11, 20), (110, 200), (230, 250), (1, 1)]
)
def test_chart_axis_maximum_is_round(value, expected) -> None:
    assert nice_ceiling(value) == expected
