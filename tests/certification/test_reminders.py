"""Expiry reminders at 90, 30 and 7 days: due ones sent by the daily job, and never twice."""

import datetime as dt
import smtplib

import pytest
from celery.schedules import crontab
from django.core import mail
from django.utils import timezone

from lms.certification import reminders
from lms.certification.models import ExpiryReminder, HoldingState
from lms.certification.reminders import send_due_reminders, threshold_for
from lms.certification.tasks import send_expiry_reminders

from .factories import CertificationFactory, HoldingFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (120, None),
        (91, None),
        (90, 90),
        (31, 90),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, None),
        (-3, None),
    ],
)
def test_which_reminder_is_due(days_left, expected) -> None:
    """Is the smallest threshold reached the one due (a holding 25 days out gets its 30-day one)?"""
    assert threshold_for(days_left) == expected


def expiring_in(days: int, **kwargs):
    certification = CertificationFactory(validity_months=12, renewal_window_months=6)
    return HoldingFactory(
        certification=certification,
        issued_on=TODAY - dt.timedelta(days=365),
        expires_on=TODAY + dt.timedelta(days=days),
        **kwargs,
    )


def test_running_the_job_twice_sends_each_reminder_once() -> None:
    """Does a second run on the same day (or a duplicate beat) send nothing more?"""
    due_90 = expiring_in(90)
    due_30 = expiring_in(25)
    due_7 = expiring_in(7)
    expiring_in(120)  # too early
    expiring_in(0)  # expires today: too late for a reminder
    expiring_in(20, state=HoldingState.PENDING)  # not verified: not HR's count, no reminder
    first = send_due_reminders(TODAY)
    assert first.sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        h.staff.user.email for h in (due_90, due_30, due_7)
    )
    second = send_due_reminders(TODAY)
    assert second.sent == 0
    assert len(mail.outbox) == 3
    assert set(ExpiryReminder.objects.values_list("holding_id", "days_before")) == {
        (due_90.pk, 90),
        (due_30.pk, 30),
        (due_7.pk, 7),
    }


def test_the_next_threshold_is_sent_later_and_a_missed_day_is_caught_up() -> None:
    """After the 90-day reminder, is the 30-day one sent when due even if the job skipped that day?"""
    holding = expiring_in(90)
    send_due_reminders(TODAY)
    send_due_reminders(TODAY + dt.timedelta(days=30))  # 60 days left: nothing new
    assert len(mail.outbox) == 1
    send_due_reminders(TODAY + dt.timedelta(days=62))  # 28 days left: the 30-day reminder, late
    send_due_reminders(TODAY + dt.timedelta(days=63))
    assert len(mail.outbox) == 2
    assert "28" in mail.outbox[1].subject
    assert holding.certification.name in mail.outbox[1].subject


def test_a_failed_send_is_retried_the_next_run(monkeypatch) -> None:
    """If the mail server fails, is the reminder left unrecorded so that tomorrow's run sends it?"""
    expiring_in(30)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("lms.certification.reminders.send_mail", broken)
    assert send_due_reminders(TODAY).failed == 1
    assert not ExpiryReminder.objects.exists()
    monkeypatch.undo()
    assert send_due_reminders(TODAY + dt.timedelta(days=1)).sent == 1


def test_one_refused_address_does_not_stop_the_others(monkeypatch) -> None:
    """Does a reminder the mail server refuses leave the later holdings' reminders going out?"""
    refused = expiring_in(5)
    others = [expiring_in(6), expiring_in(20)]
    real_send = reminders.send_mail

    def picky(subject, body, sender, recipients):
        if recipients == [refused.staff.user.email]:
            raise smtplib.SMTPRecipientsRefused({recipients[0]: (550, b"no such user")})
        return real_send(subject, body, sender, recipients)

    monkeypatch.setattr("lms.certification.reminders.send_mail", picky)
    run = send_due_reminders(TODAY)
    assert (run.sent, run.failed) == (2, 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(h.staff.user.email for h in others)


def test_a_renewed_certification_gets_no_reminder() -> None:
    """Is no reminder sent for a holding that a verified renewal (same person, later expiry) outlasts?"""
    old = expiring_in(20)
    HoldingFactory(staff=old.staff, certification=old.certification,
                   issued_on=TODAY - dt.timedelta(days=10), expires_on=old.expires_on.replace(year=old.expires_on.year + 1))  # fmt: skip
    pending_renewal = expiring_in(25)
    HoldingFactory(staff=pending_renewal.staff, certification=pending_renewal.certification,
                   issued_on=TODAY, state=HoldingState.PENDING)  # fmt: skip
    assert send_due_reminders(TODAY).sent == 1
    assert [m.to[0] for m in mail.outbox] == [pending_renewal.staff.user.email]


def test_the_beat_task_is_scheduled_daily_and_thin(settings) -> None:
    """Is the task on the beat schedule once every day (at one hour and minute, every day of every
    month), and does calling it twice send once?"""
    schedule = settings.CELERY_BEAT_SCHEDULE["certification-expiry-reminders"]
    assert schedule["task"] == send_expiry_reminders.name
    when = schedule["schedule"]
    assert isinstance(when, crontab)
    assert (len(when.hour), len(when.minute)) == (1, 1)
    assert when.day_of_week == set(range(7))
    assert when.day_of_month == set(range(1, 32))
    assert when.month_of_year == set(range(1, 13))
    HoldingFactory(
        certification=CertificationFactory(),
        issued_on=timezone.localdate() - dt.timedelta(days=300),
        expires_on=timezone.localdate() + dt.timedelta(days=7),
    )
    assert send_expiry_reminders() == {
        "sent": 1, "skipped": 0, "failed": 0, "roster_previews_discarded": 0
    }  # fmt: skip
    assert send_expiry_reminders() == {
        "sent": 0, "skipped": 1, "failed": 0, "roster_previews_discarded": 0
    }  # fmt: skip
    assert len(mail.outbox) == 1


def test_the_reminder_says_when_a_short_renewal_window_opens() -> None:
    """A certification renewable only in its last month, reminded 90 days ahead: does the e-mail give
    the date the window opens instead of saying it can be renewed now (and say "now" on day 7)?"""
    certification = CertificationFactory(validity_months=12, renewal_window_months=1)
    expires_on = TODAY + dt.timedelta(days=90)  # 2026-08-30: renewable from 2026-07-30
    HoldingFactory(certification=certification, issued_on=expires_on.replace(year=2025),
                   expires_on=expires_on)  # fmt: skip
    send_due_reminders(TODAY)
    early = mail.outbox[-1].body
    assert "2026-07-30" in early
    assert "今から" not in early
    send_due_reminders(expires_on - dt.timedelta(days=7))
    late = mail.outbox[-1].body
    assert "今から無料で更新できます" in late
    assert "2026-07-30" not in late
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(("days", "english"), [(1, "expires in 1 day"), (7, "expires in 7 days")])
def test_the_subject_counts_days_in_the_sites_language(settings, days, english) -> None:
    """Is the subject Japanese by default and, on an English site, "1 day" but "7 days"?"""
    expiring_in(7)
    send_due_reminders(TODAY)
    assert "あと7日" in mail.outbox[0].subject
    settings.LANGUAGE_CODE = "en"
    holding = expiring_in(days)
    ExpiryReminder.objects.all().delete()
    mail.outbox.clear()
    send_due_reminders(TODAY)
    subjects = [m.subject for m in mail.outbox if m.to == [holding.staff.user.email]]
    assert len(subjects) == 1
    assert subjects[0].endswith(english)
