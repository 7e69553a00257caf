"""Every change to holdings goes through these functions: atomic, checked, audited."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit import record_event
from lms.people.models import StaffProfile

from .evidence import check_evidence
from .models import (
    Certification,
    CertificationKind,
    CertificationPolicy,
    Holding,
    HoldingSource,
    HoldingState,
)
from .validity import add_months, default_expiry

SERIAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: serials are read aloud


REVIEW_COMMENT_MAX_LENGTH = 2000


def check_verification_url(url: str) -> str:
    """An issuer's page HR opens: http(s) only, no user name or password in it; "" when none."""
    url = url.strip()
    if not url:
        return ""
    message = _(
        "Enter the address of the issuer's page, starting with https:// (or http://), "
        "without a user name or password."
    )
    try:
        URLValidator(schemes=["http", "https"])(url)
        parts = urlsplit(url)
    except (ValidationError, ValueError):
        raise ValidationError({"verification_url": message}) from None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationError({"verification_url": message})
    return url


def _check_dates(
    certification: Certification, issued_on: dt.date, expires_on: dt.date | None
) -> dt.date | None:
    today = timezone.localdate()
    if issued_on > today:
        raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})
    if issued_on.year < 1990:
        raise ValidationError({"issued_on": _("The issue date is too far in the past.")})
    if expires_on is None:
        return default_expiry(issued_on, certification.validity_months)
    if not certification.expires:
        raise ValidationError({"expires_on": _("This certification does not expire.")})
    if expires_on <= issued_on:
        raise ValidationError({"expires_on": _("The expiry date must be after the issue date.")})
    # A renewal is declared with its own date as the issue date and the new expiry printed on it: a
    # renewal in the window (the last 6 months) adds 12 months to the old expiry, so the furthest
    # legitimate expiry is the validity plus the renewal window after the issue date.
    latest = add_months(
        issued_on, certification.validity_months + (certification.renewal_window_months or 0)
    )
    if expires_on > latest:
        raise ValidationError(
            {
                "expires_on": _(
                    "%(name)s is valid for %(months)s months (a renewal adds at most %(window)s "
                    "more): with the issue date %(issued)s, the expiry date can be %(latest)s at "
                    "the latest."
                )
                % {
                    "name": certification.name,
                    "months": certification.validity_months,
                    "window": certification.renewal_window_months or 0,
                    "issued": issued_on.isoformat(),
                    "latest": latest.isoformat(),
                }
            }
        )
    return expires_on


@transaction.atomic
def declare_holding(
    *,
    staff: StaffProfile,
    certification: Certification,
    issued_on: dt.date,
    credential_id: str = "",
    verification_url: str = "",
    expires_on: dt.date | None = None,
    evidence: UploadedFile | None = None,
    actor: Any = None,
) -> Holding:
    """A member of staff declares an external certification; it waits for HR's verification.

    ``expires_on`` defaults to what the certification's validity rule gives (e.g. 12 months); a renewed
    Microsoft certification is declared with the new expiry date printed on it.
    """
    if certification.kind != CertificationKind.EXTERNAL or not certification.is_active:
        raise ValidationError({"certification": _("Choose an external certification.")})
    expires_on = _check_dates(certification, issued_on, expires_on)
    verification_url = check_verification_url(verification_url)
    duplicate = (
        Holding.objects.filter(staff=staff, certification=certification, issued_on=issued_on)
        .exclude(state=HoldingState.REJECTED)
        .exists()
    )
    if duplicate:
        raise ValidationError(_("You have already declared this certification with this date."))
    holding = Holding(
        organisation_id=staff.organisation_id,
        staff=staff,
        certification=certification,
        credential_id=credential_id.strip(),
        verification_url=verification_url,
        issued_on=issued_on,
        expires_on=expires_on,
    )
    if evidence is not None:
        checked = check_evidence(evidence)
        holding.evidence_content_type = checked.content_type
        evidence.name = f"evidence.{checked.extension}"
        holding.evidence = evidence
    holding.save()
    record_event(
        "certification.declared",
        actor=actor,
        organisation=staff.organisation,
        target=holding,
        data={"certification": certification.code, "issued_on": issued_on.isoformat()},
    )
    return holding


@transaction.atomic
def review_holding(holding: Holding, *, approve: bool, comment: str = "", actor: Any) -> Holding:
    """HR verifies or rejects a declared holding; a rejection needs a comment the holder will read.

    Only a declaration still waiting is decided: the row is locked and its state read inside this
    transaction, so a stale page, a second tab or a colleague deciding at the same moment cannot turn
    a rejection into a verification (or back). Raises ValidationError with code "already_decided".
    """
    holding = Holding.objects.select_for_update().get(pk=holding.pk)
    if holding.source != HoldingSource.DECLARED:
        raise ValidationError(_("Certificates awarded by Manabi need no verification."))
    if holding.state != HoldingState.PENDING:
        raise ValidationError(
            _(
                "This declaration has already been decided (%(state)s); a decision cannot be "
                "changed. The holder can declare the certification again."
            )
            % {"state": holding.get_state_display()},
            code="already_decided",
        )
    if holding.staff.user_id == getattr(actor, "pk", None):
        raise ValidationError(_("Another HR member must review your own declaration."))
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the declaration is rejected.")})
    if len(comment) > REVIEW_COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _("Keep the comment to %(limit)d characters (it has %(count)d).")
                % {"limit": REVIEW_COMMENT_MAX_LENGTH, "count": len(comment)}
            }
        )
    holding.state = HoldingState.VERIFIED if approve else HoldingState.REJECTED
    holding.review_comment = comment
    holding.reviewed_by = actor
    holding.reviewed_at = timezone.now()
    holding.save(update_fields=["state", "review_comment", "reviewed_by", "reviewed_at"])
    record_event(
        "certification.verified" if approve else "certification.rejected",
        actor=actor,
        organisation=holding.organisation,
        target=holding,
        data={"comment": comment},
    )
    return holding


def new_serial(issued_on: dt.date) -> str:
    """``MNB-2025-7K3Q9XZP``: the year, and 8 random characters nobody can guess."""
    random_part = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))
    return f"MNB-{issued_on.year}-{random_part}"


@transaction.atomic
def award_internal(
    *, staff: StaffProfile, certification: Certification, awarded_on: dt.date
) -> Holding | None:
    """Awards an internal certificate once; returns None if the holder already has a valid one."""
    if certification.kind != CertificationKind.INTERNAL:
        raise ValidationError(_("Only internal certificates are awarded by Manabi."))
    existing = (
        Holding.objects.select_for_update()
        .filter(staff=staff, certification=certification, state=HoldingState.VERIFIED)
        .order_by("-issued_on")
        .first()
    )
    if existing is not None and (existing.expires_on is None or existing.expires_on > awarded_on):
        return None
    holding = Holding.objects.create(
        organisation_id=staff.organisation_id,
        staff=staff,
        certification=certification,
        source=HoldingSource.AWARDED,
        issued_on=awarded_on,
        expires_on=default_expiry(awarded_on, certification.validity_months),
        state=HoldingState.VERIFIED,
        serial=new_serial(awarded_on),
        reviewed_at=timezone.now(),
    )
    record_event(
        "certification.awarded",
        organisation=staff.organisation,
        target=holding,
        data={"certification": certification.code, "serial": holding.serial},
    )
    return holding


@transaction.atomic
def set_public_verification(organisation: Any, *, enabled: bool, actor: Any) -> None:
    policy = CertificationPolicy.for_organisation(organisation)
    if policy.public_verification != enabled:
        policy.public_verification = enabled
        policy.save(update_fields=["public_verification"])
        record_event(
            "certification.public_verification",
            actor=actor,
            organisation=organisation,
            data={"enabled": enabled},
        )
