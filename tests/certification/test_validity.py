"""Validity of holdings: dates in, status out — one function, checked at its edges."""

import datetime as dt

import pytest

from lms.certification.models import Certification, Holding, HoldingState
from lms.certification.validity import (
    ValidityStatus,
    add_months,
    counts_on,
    default_expiry,
    renewal_window_opens,
    validity_status,
)

from .factories import CertificationFactory, HoldingFactory

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 8, 31), -6, D(2025, 2, 28)),
        (D(2024, 8, 31), -6, D(2024, 2, 29)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
    ],
)
def test_add_months_clamps_to_the_last_day(day, months, expected) -> None:
    """Does moving by months keep the day, or clamp it to the month's end (29 February included)?"""
    assert add_months(day, months) == expected


def test_role_based_certification_issued_on_29_february() -> None:
    """Does a 12-month certification earned on 29 Feb 2024 expire on 28 Feb 2025, renewable from 28 Aug?"""
    expires = default_expiry(D(2024, 2, 29), 12)
    assert expires == D(2025, 2, 28)
    assert renewal_window_opens(expires, 6) == D(2024, 8, 28)
    status = lambda day: validity_status(expires_on=expires, renewal_window_months=6, on=day)  # noqa: E731
    assert status(D(2024, 8, 27)) == ValidityStatus.VALID
    assert status(D(2024, 8, 28)) == ValidityStatus.RENEWAL_WINDOW
    assert status(D(2025, 2, 27)) == ValidityStatus.RENEWAL_WINDOW
    assert status(D(2025, 2, 28)) == ValidityStatus.EXPIRED


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 10, 31), ValidityStatus.VALID),  # the day before the window opens
        (D(2025, 11, 1), ValidityStatus.RENEWAL_WINDOW),  # the window opens 6 months before
        (D(2026, 4, 30), ValidityStatus.RENEWAL_WINDOW),  # the last valid day
        (D(2026, 5, 1), ValidityStatus.EXPIRED),  # the expiry date itself: no longer counts
        (D(2026, 5, 2), ValidityStatus.EXPIRED),  # expired yesterday
    ],
)
def test_renewal_window_boundaries(today, expected) -> None:
    """Is a holding expiring on 1 May 2026 valid, renewable or expired exactly on the right days?"""
    assert validity_status(expires_on=D(2026, 5, 1), renewal_window_months=6, on=today) == expected


def test_no_expiry_is_always_valid() -> None:
    """Do fundamentals and IPA exams (no validity period) stay valid forever?"""
    assert default_expiry(D(2010, 4, 1), None) is None
    assert (
        validity_status(expires_on=None, renewal_window_months=None, on=D(2099, 1, 1))
        == ValidityStatus.VALID
    )


@pytest.mark.django_db
def test_database_rule_agrees_with_the_python_rule() -> None:
    """Does ``counts_on`` (the SQL form) select exactly the verified holdings the status calls unexpired?"""
    certification = CertificationFactory(validity_months=12, renewal_window_months=6)
    forever = CertificationFactory(validity_months=None, renewal_window_months=None)
    today = D(2026, 5, 1)
    holdings = [
        HoldingFactory(certification=certification, issued_on=D(2025, 5, 1)),  # expires today
        HoldingFactory(certification=certification, issued_on=D(2025, 5, 2)),  # last valid day
        HoldingFactory(certification=certification, issued_on=D(2025, 4, 30)),  # expired yesterday
        HoldingFactory(certification=certification, issued_on=D(2026, 1, 10)),
        HoldingFactory(certification=certification, issued_on=D(2026, 5, 2)),  # not yet issued
        HoldingFactory(certification=forever, issued_on=D(2001, 1, 1)),
        HoldingFactory(
            certification=certification, issued_on=D(2026, 2, 1), state=HoldingState.PENDING
        ),
        HoldingFactory(
            certification=certification, issued_on=D(2026, 2, 2), state=HoldingState.REJECTED
        ),
    ]
    in_database = set(Holding.objects.filter(counts_on(today)).values_list("pk", flat=True))
    in_python = {
        h.pk
        for h in holdings
        if h.state == HoldingState.VERIFIED
        and h.issued_on <= today
        and h.status_on(today) != ValidityStatus.EXPIRED
    }
    assert in_database == in_python
    assert len(in_database) == 3


@pytest.mark.django_db
def test_the_seeded_catalogue_has_the_validity_rules() -> None:
    """Are Microsoft and IPA certifications seeded with their levels, validity and renewal windows?"""
    rules = {
        c.code: (c.level, c.validity_months, c.renewal_window_months)
        for c in Certification.objects.filter(kind="external")
    }
    assert rules == {
        "AZ-900": ("fundamentals", None, None),
        "AI-900": ("fundamentals", None, None),
        "AZ-104": ("associate", 12, 6),
        "AI-102": ("associate", 12, 6),
        "DP-100": ("associate", 12, 6),
        "AZ-305": ("expert", 12, 6),
        "IPA-IP": ("national_exam", None, None),
        "IPA-SG": ("national_exam", None, None),
        "IPA-FE": ("national_exam", None, None),
    }
    assert Certification.objects.get(code="IPA-IP").name == "ITパスポート試験"
    assert all(Certification.objects.get(code=code).tiers for code in rules)
