"""The tiers a certification serves: only known tiers are stored, and staff see them where they choose."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lms.certification.models import Certification
from lms.people.roles import Role
from tests.factories import UserFactory

from .factories import CertificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        (["practitioners", "directors"], "directors"),
        (["managers", "managers"], "2回"),
        ("practitioners", "リスト"),
        ([["practitioners"]], "リスト"),
    ],
)
def test_unknown_or_malformed_tiers_are_refused(tiers, message) -> None:
    """Is a certification naming an unknown tier, one tier twice, or not a list refused with a reason?"""
    certification = CertificationFactory.build(code="X-1", tiers=tiers)
    with pytest.raises(ValidationError, match=message) as refused:
        certification.full_clean()
    assert list(refused.value.message_dict) == ["tiers"]


def test_the_admin_offers_a_box_per_tier_and_refuses_others(client) -> None:
    """Does the admin store the ticked tiers in the usual order, and refuse a forged tier value?"""
    client.force_login(UserFactory(is_superuser=True, is_staff=True, roles=(Role.PLATFORM_ADMIN,)))
    certification = Certification.objects.get(code="DP-100")
    url = reverse("admin:certification_certification_change", args=[certification.pk])
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" name="tiers"') == 3
    fields = {
        "code": certification.code,
        "name": certification.name,
        "kind": certification.kind,
        "issuer": certification.issuer,
        "level": certification.level,
        "validity_months": "12",
        "renewal_window_months": "6",
        "sort_order": "4",
        "is_active": "on",
    }
    response = client.post(url, {**fields, "tiers": ["practitioners", "all_staff"]})
    assert response.status_code == 302
    certification.refresh_from_db()
    assert certification.tiers == ["all_staff", "practitioners"]
    response = client.post(url, {**fields, "tiers": ["practitioners", "directors"]})
    assert response.status_code == 200
    assert "directors" in response.content.decode()
    certification.refresh_from_db()
    assert certification.tiers == ["all_staff", "practitioners"]


def test_the_catalogue_and_the_declaration_show_the_tiers(client, learner) -> None:
    """Do the catalogue (both tables) and the declaration's choice of certification name the tiers?"""
    internal = CertificationFactory(
        code="MANABI-X",
        name="DX推進リーダー",
        kind="internal",
        level="internal",
        tiers=["managers"],
    )
    page = client.get(reverse("certification:catalogue")).content.decode()
    az305 = page.split("(AZ-305)", 1)[1].split("</tr>", 1)[0]
    assert "クラウド・AI実践者" in az305
    assert "全職員" not in az305
    ai900 = page.split("(AI-900)", 1)[1].split("</tr>", 1)[0]
    assert "全職員 / 管理職・現場リーダー / クラウド・AI実践者" in ai900
    dx = page.split(internal.name, 1)[1].split("</tr>", 1)[0]
    assert "管理職・現場リーダー" in dx
    client.force_login(learner.user)
    form = client.get(reverse("certification:declare")).content.decode()
    assert "ITパスポート試験（対象：全職員 / 管理職・現場リーダー）" in form
