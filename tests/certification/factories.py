"""factory_boy factories for certification: certifications and holdings."""

from __future__ import annotations

import datetime as dt

import factory

from lms.certification.models import (
    Certification,
    CertificationKind,
    CertificationLevel,
    Holding,
    HoldingSource,
    HoldingState,
)
from lms.certification.validity import default_expiry
from tests.factories import StaffProfileFactory


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    name = factory.LazyAttribute(lambda c: f"Test certification {c.code}")
    kind = CertificationKind.EXTERNAL
    issuer = "Test issuer"
    level = CertificationLevel.ASSOCIATE
    validity_months = 12
    renewal_window_months = 6
    tiers = factory.LazyFunction(lambda: ["practitioners"])


class InternalCertificationFactory(CertificationFactory):
    kind = CertificationKind.INTERNAL
    level = CertificationLevel.INTERNAL
    validity_months = None
    renewal_window_months = None
    name = factory.Sequence(lambda n: f"デジタル基礎修了{n}")


class HoldingFactory(factory.django.DjangoModelFactory):
    """A verified holding; its expiry follows the certification's rule unless given."""

    class Meta:
        model = Holding

    staff = factory.SubFactory(StaffProfileFactory)
    organisation = factory.SelfAttribute("staff.organisation")
    certification = factory.SubFactory(CertificationFactory)
    issued_on = dt.date(2025, 4, 1)
    expires_on = factory.LazyAttribute(
        lambda h: default_expiry(h.issued_on, h.certification.validity_months)
    )
    state = HoldingState.VERIFIED
    source = HoldingSource.DECLARED
