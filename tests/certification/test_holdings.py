"""Declaring, verifying and rejecting holdings; evidence files checked by content and kept private."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lms.certification.models import Certification, Holding, HoldingState
from lms.certification.services import declare_holding, review_holding
from lms.models import AuditEvent
from lms.people.roles import Role
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory

from .factories import HoldingFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def az104() -> Certification:
    return Certification.objects.get_or_create(
        code="AZ-104",
        defaults={"name": "AZ-104", "kind": "external", "issuer": "Microsoft",
                  "level": "associate", "validity_months": 12, "renewal_window_months": 6},
    )[0]  # fmt: skip


def test_declaring_computes_the_expiry_and_waits_for_verification(learner) -> None:
    """Does a declared AZ-104 get its 12-month expiry, wait for HR, and leave an audit row?"""
    holding = declare_holding(
        staff=learner, certification=az104(), issued_on=dt.date(2024, 2, 29), credential_id=" ABC "
    )
    assert holding.expires_on == dt.date(2025, 2, 28)
    assert holding.state == HoldingState.PENDING
    assert holding.credential_id == "ABC"
    assert not holding.counts
    assert AuditEvent.objects.filter(action="certification.declared").exists()


def test_bad_dates_and_duplicates_are_refused(learner) -> None:
    """Is a future date, an expiry before issue, or the same declaration twice refused with a reason?"""
    certification = az104()
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="未来"):
        declare_holding(staff=learner, certification=certification, issued_on=tomorrow)
    with pytest.raises(ValidationError, match="取得日より後"):
        declare_holding(
            staff=learner,
            certification=certification,
            issued_on=dt.date(2025, 1, 1),
            expires_on=dt.date(2024, 12, 31),
        )
    declare_holding(staff=learner, certification=certification, issued_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="申請済み"):
        declare_holding(staff=learner, certification=certification, issued_on=dt.date(2025, 1, 1))


def test_only_verified_unexpired_holdings_count(learner, hr) -> None:
    """Does a holding count only once HR verifies it, and never after a rejection or its expiry?"""
    holding = declare_holding(
        staff=learner, certification=az104(), issued_on=timezone.localdate() - dt.timedelta(days=10)
    )
    with pytest.raises(ValidationError):
        review_holding(holding, approve=False, comment="  ", actor=hr.user)
    review_holding(holding, approve=True, actor=hr.user)
    holding.refresh_from_db()
    assert holding.counts
    assert holding.reviewed_by == hr.user
    rejected = declare_holding(
        staff=learner, certification=az104(), issued_on=timezone.localdate() - dt.timedelta(days=20)
    )
    review_holding(
        rejected, approve=False, comment="ID not found on Microsoft Learn", actor=hr.user
    )
    rejected.refresh_from_db()
    assert rejected.state == HoldingState.REJECTED
    assert not rejected.counts
    expired = HoldingFactory(
        staff=learner,
        certification=az104(),
        issued_on=timezone.localdate() - dt.timedelta(days=400),
    )
    assert not expired.counts


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("certificate.pdf", b"just some text, not a PDF" * 10, "どちらでもありません"),
        ("photo.png", b"GIF89a" + b"\x00" * 100, "どちらでもありません"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "どちらでもありません"),
        ("certificate.png", PDF_BYTES, "中身は application/pdf"),
        ("empty.pdf", b"", "空です"),
        (
            "page.pdf",
            b"<html><script>alert(1)</script>%PDF-1.4\n%%EOF</html>",
            "どちらでもありません",
        ),
        ("drawing.svg", SVG_WITH_SCRIPT, "どちらでもありません"),
        ("drawing.png", SVG_WITH_SCRIPT, "どちらでもありません"),
        ("cut.pdf", PDF_BYTES[:-7], "どちらでもありません"),
    ],
)
def test_evidence_that_is_not_a_pdf_or_image_is_refused(learner, name, content, message) -> None:
    """Is evidence judged by its bytes (not its name), with a clear reason, and nothing stored?"""
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message):
        declare_holding(
            staff=learner, certification=az104(), issued_on=dt.date(2025, 1, 1), evidence=upload
        )
    assert not Holding.objects.exists()


def test_evidence_larger_than_the_limit_is_refused(learner, settings) -> None:
    """Does an oversized evidence file get a message naming its size and the limit?"""
    settings.CERTIFICATION_EVIDENCE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b" " * 2048)
    with pytest.raises(ValidationError, match=r"上限は 1\.0"):
        declare_holding(
            staff=learner, certification=az104(), issued_on=dt.date(2025, 1, 1), evidence=upload
        )


def test_evidence_is_private_and_served_only_to_the_owner_and_their_hr(client, learner, hr) -> None:
    """Is evidence stored outside MEDIA_ROOT, and downloadable only by its owner and their own HR?"""
    holding = declare_holding(
        staff=learner,
        certification=az104(),
        issued_on=dt.date(2025, 1, 1),
        evidence=SimpleUploadedFile("scan.PNG", png_bytes()),
    )
    stored = Path(settings.PRIVATE_STORAGE_ROOT) / holding.evidence.name
    assert stored.exists()
    assert not str(stored).startswith(str(Path(settings.MEDIA_ROOT)))
    assert "scan" not in holding.evidence.name
    with pytest.raises(ValueError, match="no URL"):
        _ = holding.evidence.url
    url = reverse("certification:evidence", args=[holding.pk])

    client.login(username=learner.user.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()

    client.login(username=hr.user.username, password=PASSWORD)
    assert client.get(url).status_code == 200

    colleague = StaffProfileFactory(organisation=learner.organisation)
    client.login(username=colleague.user.username, password=PASSWORD)
    assert client.get(url).status_code == 404

    other_hr = StaffProfileFactory(user=UserFactory(roles=(Role.HR,)))
    client.login(username=other_hr.user.username, password=PASSWORD)
    assert client.get(url).status_code == 404


def test_declare_page_shows_field_errors(client, learner) -> None:
    """Does the declaration form answer a text file posing as a PDF with an error, in Japanese?"""
    client.login(username=learner.user.username, password=PASSWORD)
    response = client.post(
        reverse("certification:declare"),
        {
            "certification": az104().pk,
            "issued_on": "2025-01-01",
            "evidence": SimpleUploadedFile("x.pdf", b"hello"),
        },
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert not Holding.objects.exists()
    ok = client.post(
        reverse("certification:declare"),
        {"certification": az104().pk, "issued_on": "2025-01-01",
         "evidence": SimpleUploadedFile("x.pdf", PDF_BYTES)},
    )  # fmt: skip
    assert ok.status_code == 302
    assert Holding.objects.get().evidence_content_type == "application/pdf"
    listing = client.get(reverse("certification:my_certifications")).content.decode()
    assert "AZ-104" in listing
    assert "確認待ち" in listing


def test_hr_reviews_from_the_queue(client, learner, hr) -> None:
    """Can HR open the queue, verify one declaration and reject another with a comment?"""
    first = declare_holding(staff=learner, certification=az104(), issued_on=dt.date(2025, 1, 1))
    second = declare_holding(staff=learner, certification=az104(), issued_on=dt.date(2025, 2, 1))
    client.login(username=hr.user.username, password=PASSWORD)
    slug = hr.organisation.slug
    queue = client.get(reverse("certification:hr_holdings", args=[slug]))
    assert queue.status_code == 200
    assert learner.employee_number in queue.content.decode()
    review = reverse("certification:hr_review", args=[slug, first.pk])
    assert client.post(review, {"decision": "verify"}).status_code == 302
    bad = client.post(
        reverse("certification:hr_review", args=[slug, second.pk]), {"decision": "reject"}
    )
    assert bad.status_code == 200
    assert "field-error" in bad.content.decode()
    client.post(
        reverse("certification:hr_review", args=[slug, second.pk]),
        {"decision": "reject", "comment": "証明書の日付が違います"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (HoldingState.VERIFIED, HoldingState.REJECTED)
    assert second.review_comment == "証明書の日付が違います"


def test_hr_cannot_verify_their_own_declaration(hr) -> None:
    """Is an HR member's own declaration left for a colleague to verify?"""
    holding = declare_holding(staff=hr, certification=az104(), issued_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="ご自身"):
        review_holding(holding, approve=True, actor=hr.user)
    holding.refresh_from_db()
    assert holding.state == HoldingState.PENDING


def test_a_decision_already_made_cannot_be_changed_by_the_service(learner, hr) -> None:
    """Is a rejected declaration refused a later verification (and a verified one a rejection),
    with a message, the state kept and no audit row added?"""
    rejected = declare_holding(staff=learner, certification=az104(), issued_on=dt.date(2025, 1, 1))
    review_holding(rejected, approve=False, comment="IDが見つかりません", actor=hr.user)
    verified = declare_holding(staff=learner, certification=az104(), issued_on=dt.date(2025, 2, 1))
    review_holding(verified, approve=True, actor=hr.user)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="判定済み") as refused:
        review_holding(rejected, approve=True, actor=hr.user)
    assert refused.value.code == "already_decided"
    with pytest.raises(ValidationError, match="判定済み"):
        review_holding(verified, approve=False, comment="やはり却下", actor=hr.user)
    rejected.refresh_from_db()
    verified.refresh_from_db()
    assert (rejected.state, verified.state) == (HoldingState.REJECTED, HoldingState.VERIFIED)
    assert rejected.review_comment == "IDが見つかりません"
    assert AuditEvent.objects.count() == events


def test_a_stale_review_page_cannot_flip_a_rejection_even_after_a_new_declaration(
    client, learner, hr
) -> None:
    """The holder re-declared the same date after a rejection; HR posts "verify" from the old page of
    the rejected one: is it a message on the review page (not a 500), with both holdings unchanged?"""
    old = declare_holding(staff=learner, certification=az104(), issued_on=dt.date(2025, 1, 1))
    review_holding(old, approve=False, comment="証明書の日付が違います", actor=hr.user)
    again = declare_holding(staff=learner, certification=az104(), issued_on=dt.date(2025, 1, 1))
    client.login(username=hr.user.username, password=PASSWORD)
    url = reverse("certification:hr_review", args=[hr.organisation.slug, old.pk])
    response = client.post(url, {"decision": "verify"})
    assert (response.status_code, response["Location"]) == (302, url)
    page = client.get(url).content.decode()
    assert "すでに判定済み" in page
    assert "却下" in page
    old.refresh_from_db()
    again.refresh_from_db()
    assert (old.state, again.state) == (HoldingState.REJECTED, HoldingState.PENDING)
    # the new declaration is still decided normally
    response = client.post(
        reverse("certification:hr_review", args=[hr.organisation.slug, again.pk]),
        {"decision": "verify"},
    )
    again.refresh_from_db()
    assert (response.status_code, again.state) == (302, HoldingState.VERIFIED)


def test_an_expiry_beyond_validity_and_renewal_window_is_refused(client, learner) -> None:
    """Is AZ-104 (12 months, renewable in the last 6) refused an expiry of 2099, or one day past issue
    + 18 months, with the latest allowed date named, while a renewal's new expiry is accepted?"""
    certification = az104()
    with pytest.raises(ValidationError, match="2026-07-01") as refused:
        declare_holding(staff=learner, certification=certification,
                        issued_on=dt.date(2025, 1, 1), expires_on=dt.date(2099, 1, 1))  # fmt: skip
    assert list(refused.value.message_dict) == ["expires_on"]
    with pytest.raises(ValidationError, match="12 か月"):
        declare_holding(staff=learner, certification=certification,
                        issued_on=dt.date(2025, 1, 1), expires_on=dt.date(2026, 7, 2))  # fmt: skip
    at_the_limit = declare_holding(staff=learner, certification=certification,
                                   issued_on=dt.date(2025, 1, 1), expires_on=dt.date(2026, 7, 1))  # fmt: skip
    assert at_the_limit.expires_on == dt.date(2026, 7, 1)
    # Renewed on 1 Nov 2025, two months before the old expiry: the new one is a year after that.
    renewal = declare_holding(staff=learner, certification=certification,
                              issued_on=dt.date(2025, 11, 1), expires_on=dt.date(2027, 1, 1))  # fmt: skip
    assert renewal.expires_on == dt.date(2027, 1, 1)
    client.force_login(learner.user)
    response = client.post(
        reverse("certification:declare"),
        {"certification": certification.pk, "issued_on": "2025-02-01", "expires_on": "2099-01-01"},
    )
    assert response.status_code == 200
    assert "2026-08-01" in response.content.decode()
    assert Holding.objects.filter(staff=learner).count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "ftp://learn.microsoft.com/credential",
        "https://user:secret@learn.microsoft.com/credential",
        "https://someone@evil.example/credential",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",
    ],
)
def test_a_verification_url_must_be_a_plain_web_address(client, learner, url) -> None:
    """Are other schemes and addresses with a user name or password refused, with a message?"""
    with pytest.raises(ValidationError) as refused:
        declare_holding(
            staff=learner,
            certification=az104(),
            issued_on=dt.date(2025, 1, 1),
            verification_url=url,
        )
    assert "verification_url" in refused.value.error_dict
    client.login(username=learner.user.username, password=PASSWORD)
    response = client.post(
        reverse("certification:declare"),
        {"certification": az104().pk, "issued_on": "2025-01-01", "verification_url": url},
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not Holding.objects.exists()


def test_a_verification_url_is_kept_as_given(learner) -> None:
    """Is an ordinary issuer address (with a query string) stored unchanged, trimmed?"""
    url = "https://learn.microsoft.com/api/credentials/share/ja-jp/Sakura/ABC?sharingId=1"
    holding = declare_holding(
        staff=learner,
        certification=az104(),
        issued_on=dt.date(2025, 1, 1),
        verification_url=f"  {url} ",
    )
    assert holding.verification_url == url


def test_a_review_comment_has_a_length_limit(client, learner, hr) -> None:
    """Is a 2 001-character rejection comment refused with its count, and the holding left pending?"""
    holding = declare_holding(staff=learner, certification=az104(), issued_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="2001"):
        review_holding(holding, approve=False, comment="あ" * 2001, actor=hr.user)
    client.login(username=hr.user.username, password=PASSWORD)
    review = reverse("certification:hr_review", args=[hr.organisation.slug, holding.pk])
    response = client.post(review, {"decision": "reject", "comment": "あ" * 2001})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    holding.refresh_from_db()
    assert holding.state == HoldingState.PENDING
    assert client.post(review, {"decision": "reject", "comment": "あ" * 2000}).status_code == 302
    holding.refresh_from_db()
    assert holding.state == HoldingState.REJECTED
