"""The demo's internal certificates: linked to their curricula, awarded by the rule, in every funnel step.

Runs the people, courses and reports demo loaders, not the grading one (it starts kernels; its graded
attempts give no practitioner the whole curriculum, as a full ``load_demo`` run showed).
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.module_loading import import_string

from lms.certification import awards
from lms.certification.models import Certification, Holding, HoldingSource, HoldingState
from lms.people.models import StaffProfile
from lms.people.roles import sync_roles
from lms.people.tiers import Tier
from lms.reports import targets
from lms.reports.models import Target

pytestmark = pytest.mark.django_db

LOADERS = ["lms.demo.people.load", "courses.demo.load", "lms.reports.demo.load"]
INTERNAL = {
    "デジタル基礎修了": ("digital-basics", Tier.ALL_STAFF),
    "DX推進リーダー": ("dx-leadership", Tier.MANAGERS),
    "クラウド・AI実践者": ("cloud-ai-practice", Tier.PRACTITIONERS),
}


def _load() -> None:
    sync_roles()
    for dotted in LOADERS:
        import_string(dotted)(io.StringIO())


def test_demo_internal_certificates_have_holders_by_the_rule_and_funnels_every_step() -> None:
    """Do デジタル基礎修了, DX推進リーダー and クラウド・AI実践者 exist with their curricula and holders in
    both municipalities (awarded with a serial, each meeting the award rule)? For each practitioner
    target (AZ-305; AZ-900 / AI-900), is somebody enrolled in the curriculum, somebody through all of
    it, and somebody through it and certified whenever the target has a holder at all (the demo's
    AZ-305 holdings are random and may all have expired)? Does a second load award nobody more?
    (One test: loading the demo takes two minutes.)"""
    _load()
    for name, (curriculum, tier) in INTERNAL.items():
        certification = Certification.objects.get(name=name, kind="internal")
        assert [page.slug for page in certification.award_pages.all()] == [curriculum]
        holdings = Holding.objects.filter(certification=certification).select_related("staff")
        for organisation in ("sakura", "aoba"):
            assert holdings.filter(organisation__slug=organisation).exists(), (name, organisation)
        for holding in holdings:
            assert (holding.source, holding.state) == (HoldingSource.AWARDED, HoldingState.VERIFIED)
            assert holding.serial
            assert awards.rule_met(certification, holding.staff.user), (name, holding.staff)
        if tier == Tier.PRACTITIONERS:
            assert {holding.staff.tier for holding in holdings} == {Tier.PRACTITIONERS}

    today = timezone.localdate()
    for slug in ("sakura", "aoba"):
        hr = get_user_model().objects.get(username=f"{slug}-hr")
        people = StaffProfile.objects.filter(organisation__slug=slug)
        practitioner_targets = Target.objects.filter(
            organisation__slug=slug, tier=Tier.PRACTITIONERS
        )
        assert practitioner_targets.count() == 2
        certified = 0
        for target in practitioner_targets:
            report = targets.report(target, people, today, hr)
            funnel = report.funnel
            assert funnel.enrolled > funnel.completed > 0, (slug, target.name, funnel)
            if report.forecast.current:
                assert funnel.certified > 0, (slug, target.name, funnel)
            certified += funnel.certified
        assert certified > 0, slug

    count = Holding.objects.count()
    _load()
    assert Holding.objects.count() == count
