"""Expiry reminders: 90, 30 and 7 days before a verified holding expires, each sent at most once.

The daily job finds, for every verified holding expiring within 90 days, the smallest threshold that
has been reached (a holding 25 days from expiry is due its 30-day reminder). A missed day is caught up
the next; a reminder that has been sent is never sent again, because its ``ExpiryReminder`` row —
unique per holding, threshold and expiry date — is written in the same transaction as the e-mail goes.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from .models import ExpiryReminder, Holding, HoldingState
from .validity import renewed

REMINDER_DAYS = (90, 30, 7)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    skipped: int
    failed: int = 0


def threshold_for(days_left: int) -> int | None:
    """The reminder due for a holding ``days_left`` days from expiry, or None (too early, or expired)."""
    if days_left <= 0:
        return None
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return min(due) if due else None


def due_holdings(today: dt.date):
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    return (
        Holding.objects.filter(
            state=HoldingState.VERIFIED,
            expires_on__gt=today,
            expires_on__lte=horizon,
            staff__is_active=True,
        )
        .exclude(renewed())
        .exclude(staff__user__email="")
        .select_related("staff__user", "certification", "organisation")
        .order_by("expires_on", "pk")
    )


def send_due_reminders(today: dt.date) -> ReminderRun:
    sent = skipped = failed = 0
    for holding in due_holdings(today).iterator(chunk_size=500):
        days_left = (holding.expires_on - today).days
        threshold = threshold_for(days_left)
        if threshold is None or _already_sent(holding, threshold):
            skipped += 1
            continue
        try:
            delivered = _send_one(holding, threshold, today)
        except Exception:  # one refused address must not stop everyone else's reminder
            logger.exception("Expiry reminder for holding %s failed; retried next run", holding.pk)
            failed += 1
            continue
        if delivered:
            sent += 1
        else:
            skipped += 1
    return ReminderRun(sent=sent, skipped=skipped, failed=failed)


def _already_sent(holding: Holding, threshold: int) -> bool:
    return ExpiryReminder.objects.filter(
        holding=holding, days_before=threshold, expires_on=holding.expires_on
    ).exists()


def _send_one(holding: Holding, threshold: int, today: dt.date) -> bool:
    """Records and sends one reminder atomically; False if another run recorded it first."""
    try:
        with transaction.atomic():
            ExpiryReminder.objects.create(
                holding=holding, days_before=threshold, expires_on=holding.expires_on
            )
            _send_mail(holding, today)  # an exception rolls the record back: retried tomorrow
    except IntegrityError:
        return False
    return True


def _send_mail(holding: Holding, today: dt.date) -> None:
    user = holding.staff.user
    days_left = (holding.expires_on - today).days
    opens_on = holding.renewal_opens_on
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "holding": holding,
            "days_left": days_left,
            "name": holding.staff.full_name,
            "renewal_opens_on": opens_on,
            # A window shorter than the reminder (1 month, reminded 90 days ahead) is not open yet.
            "renewal_open": opens_on is not None and opens_on <= today,
        }
        subject = ngettext(
            "Your certification %(name)s expires in %(days)s day",
            "Your certification %(name)s expires in %(days)s days",
            days_left,
        ) % {"name": holding.certification.name, "days": days_left}
        body = render_to_string("certification/email/expiry_reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
