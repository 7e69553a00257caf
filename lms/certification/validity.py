"""The one place that decides whether a holding is valid, in its renewal window, or expired.

Dates are calendar dates (Asia/Tokyo). A holding stops counting *on* its expiry date: it is valid on the
day before and expired from the expiry date on. A certification with no validity period never expires.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Exists, OuterRef, Q, TextChoices
from django.utils.translation import gettext_lazy as _


class ValidityStatus(TextChoices):
    VALID = "valid", _("Valid")
    RENEWAL_WINDOW = "renewal_window", _("In renewal window")
    EXPIRED = "expired", _("Expired")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months; the 29th–31st clamp to the month's last day.

    2024-02-29 + 12 months is 2025-02-28; 2025-08-31 - 6 months is 2025-02-28.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def default_expiry(issued_on: dt.date, validity_months: int | None) -> dt.date | None:
    """When a certification earned on ``issued_on`` expires, or None if it never does."""
    if validity_months is None:
        return None
    return add_months(issued_on, validity_months)


def renewal_window_opens(expires_on: dt.date | None, window_months: int | None) -> dt.date | None:
    if expires_on is None or not window_months:
        return None
    return add_months(expires_on, -window_months)


def validity_status(
    *, expires_on: dt.date | None, renewal_window_months: int | None, on: dt.date
) -> ValidityStatus:
    """Valid, in the renewal window (renewable, not yet expired) or expired, on the day ``on``."""
    if expires_on is not None and on >= expires_on:
        return ValidityStatus.EXPIRED
    opens = renewal_window_opens(expires_on, renewal_window_months)
    if opens is not None and on >= opens:
        return ValidityStatus.RENEWAL_WINDOW
    return ValidityStatus.VALID


def counts_on(on: dt.date, prefix: str = "") -> Q:
    """The database form of "a verified holding that is valid on ``on``" (renewal window included).

    ``prefix`` is the path to the holding from the queried model, e.g. ``"holdings__"``.
    """
    from .models import HoldingState

    return Q(**{f"{prefix}state": HoldingState.VERIFIED}) & valid_on(on, prefix)


def valid_on(on: dt.date, prefix: str = "") -> Q:
    """The dates half of ``counts_on``: issued on or before ``on`` and not expired on it. Only for
    querysets already limited to verified holdings (e.g. one aggregate counting several days, where
    repeating the state would keep the database from answering from a dates index alone)."""
    return Q(**{f"{prefix}issued_on__lte": on}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": on})
    )


def counts_between(issued_on: dt.date, expires_on: dt.date | None, on: dt.date) -> bool:
    """The Python form of ``counts_on`` for one verified holding's dates (used by the burn-up)."""
    return issued_on <= on and (expires_on is None or on < expires_on)


def renewed() -> Exists:
    """True for a holding that a verified holding of the same certification by the same person outlasts.

    A renewed Microsoft certification is declared as a new holding with the new expiry date; the old one
    then expires on its date but is no longer "expiring": no reminder, no line in the overview.
    """
    from .models import Holding, HoldingState

    later = Holding.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")),
        staff_id=OuterRef("staff_id"),
        certification_id=OuterRef("certification_id"),
        state=HoldingState.VERIFIED,
    )
    return Exists(later)
