"""My learning shows the learner's certificates: internal ones Manabi awarded (with their PDF) and the
external ones they declared, each with its validity or verification status, in Japanese and English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.certification.models import HoldingState
from lms.certification.services import award_internal
from lms.certification.validity import add_months
from tests.certification.factories import (
    CertificationFactory,
    HoldingFactory,
    InternalCertificationFactory,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# Each holding's status on My learning: (Japanese, English).
EXPECTED = {
    "valid": ("有効", "Valid"),
    "renewal": ("更新期間中", "In renewal window"),
    "expired": ("期限切れ", "Expired"),
    "pending": ("確認待ち", "Waiting for verification"),
    "rejected": ("却下", "Rejected"),
}


@pytest.fixture
def holdings(sakura, staff_factory):
    """A learner's internal certificate and five declared certifications (12 months' validity, renewable
    in the last 6), one in each status; and another learner's holding."""
    learner = staff_factory(sakura)
    profile = learner.staff_profile
    today = timezone.localdate()
    internal = award_internal(
        staff=profile,
        certification=InternalCertificationFactory(name="デジタル基礎修了証"),
        awarded_on=today - dt.timedelta(days=3),
    )
    declared = {
        "valid": HoldingFactory(
            staff=profile,
            certification=CertificationFactory(name="AZ-900 有効"),
            issued_on=add_months(today, -1),
        ),
        "renewal": HoldingFactory(
            staff=profile,
            certification=CertificationFactory(name="AI-900 更新"),
            issued_on=add_months(today, -8),
        ),
        "expired": HoldingFactory(
            staff=profile,
            certification=CertificationFactory(name="DP-900 期限"),
            issued_on=add_months(today, -14),
        ),
        "pending": HoldingFactory(
            staff=profile,
            certification=CertificationFactory(name="PL-900 申請"),
            issued_on=add_months(today, -1),
            state=HoldingState.PENDING,
        ),
        "rejected": HoldingFactory(
            staff=profile,
            certification=CertificationFactory(name="SC-900 却下"),
            issued_on=add_months(today, -1),
            state=HoldingState.REJECTED,
            review_comment="証明書の画像が読めません",
        ),
    }
    other = HoldingFactory(
        staff=staff_factory(sakura).staff_profile,
        certification=CertificationFactory(name="他人の資格"),
    )
    return learner, internal, declared, other


def _row(html: str, holding) -> str:
    match = re.search(rf'<(tr|li) data-holding="{holding.pk}">(.*?)</\1>', html, re.DOTALL)
    assert match, f"holding {holding.pk} is not on the page"
    return match.group(2)


@pytest.mark.parametrize(("language", "index"), [("ja", 0), ("en", 1)])
def test_my_learning_lists_my_certificates_with_their_status(client, holdings, language, index):
    learner, internal, declared, _other = holdings
    client.login(username=learner.username, password=PASSWORD)
    client.cookies["django_language"] = language
    response = client.get(reverse("progress:my_learning"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="certificates-title"' in html

    internal_row = _row(html, internal)
    assert "デジタル基礎修了証" in internal_row
    assert reverse("certification:certificate_pdf", args=[internal.pk]) in internal_row
    assert ("修了証（PDF）", "Certificate (PDF)")[index] in internal_row

    for key, holding in declared.items():
        row = _row(html, holding)
        assert holding.certification.name in row
        assert EXPECTED[key][index] in row, key
        # Only awarded certificates have a PDF.
        assert reverse("certification:certificate_pdf", args=[holding.pk]) not in row
    assert 'status--renewal_window"' in _row(html, declared["renewal"])

    assert "他人の資格" not in html
    assert f'href="{reverse("certification:my_certifications")}"' in html
    assert f'href="{reverse("certification:declare")}"' in html


def test_a_learner_without_certificates_is_told_so(client, sakura, staff_factory):
    learner = staff_factory(sakura)
    client.login(username=learner.username, password=PASSWORD)
    html = client.get(reverse("progress:my_learning")).content.decode()
    assert "修了証はまだありません。" in html
    assert "登録された資格はまだありません。" in html
    assert f'href="{reverse("certification:my_certifications")}"' in html
