"""A learner's own holdings, read where holdings live (``lms.certification.queries``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

import lms.progress.queries
from lms.certification.models import HoldingState
from lms.certification.queries import certificates_of
from lms.certification.services import award_internal
from tests.certification.factories import (
    CertificationFactory,
    HoldingFactory,
    InternalCertificationFactory,
)
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_certificates_of_splits_awarded_and_declared_newest_first():
    """Does a learner get their awarded certificates as internal and every declared one (pending too)
    as external, newest first, and nothing of another learner's? Does a visitor get nothing?"""
    profile = StaffProfileFactory()
    awarded = award_internal(
        staff=profile, certification=InternalCertificationFactory(), awarded_on=dt.date(2025, 5, 1)
    )
    older = HoldingFactory(staff=profile, issued_on=dt.date(2024, 4, 1))
    newer = HoldingFactory(staff=profile, issued_on=dt.date(2025, 4, 1), state=HoldingState.PENDING)
    HoldingFactory(certification=CertificationFactory(), issued_on=dt.date(2025, 6, 1))

    assert certificates_of(profile.user) == {"internal": [awarded], "external": [newer, older]}
    assert certificates_of(UserFactory()) == {"internal": [], "external": []}
    assert certificates_of(AnonymousUser()) == {"internal": [], "external": []}


def test_progress_no_longer_keeps_its_own_copy():
    """Is there one place for reading holdings: not a second ``certificates_of`` in progress?"""
    assert not hasattr(lms.progress.queries, "certificates_of")
