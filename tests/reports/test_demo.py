"""The demo: each municipality's HR sees a live dashboard with targets, forecasts and charts."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from lms.certification.models import Holding, HoldingState
from lms.reports.models import Target

pytestmark = pytest.mark.django_db


@pytest.mark.kernel  # the full load_demo: grading.demo runs reference solutions in sandbox kernels
def test_demo_hr_users_see_live_dashboards(client) -> None:
    """After load_demo, do sakura-hr and aoba-hr each see targets with forecasts and a burn-up chart?"""
    call_command("load_demo", stdout=io.StringIO())
    counts = (Holding.objects.count(), Target.objects.count())
    for slug in ("sakura", "aoba"):
        holdings = Holding.objects.filter(organisation__slug=slug)
        assert holdings.filter(state=HoldingState.PENDING).exists()
        assert holdings.filter(state=HoldingState.VERIFIED).count() > 100
        assert holdings.dates("issued_on", "year").count() >= 2  # spread over two years
        client.force_login(get_user_model().objects.get(username=f"{slug}-hr"))
        overview = client.get(reverse("reports:dashboard"), follow=True)
        body = overview.content.decode()
        assert overview.status_code == 200
        assert "資格取得の目標" in body
        assert "<svg" in body
        target = Target.objects.filter(organisation__slug=slug).first()
        detail = client.get(reverse("reports:target", args=[slug, target.pk])).content.decode()
        assert "<polyline" in detail
        assert "達成見込み" in detail
    soon = Holding.objects.filter(state=HoldingState.VERIFIED, expires_on__isnull=False)
    assert any(h.status == "renewal_window" for h in soon)
    call_command("load_demo", stdout=io.StringIO())
    assert (Holding.objects.count(), Target.objects.count()) == counts
