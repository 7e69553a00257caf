"""Internal certificates: awarded once with a serial, printed as a Japanese PDF, publicly verifiable."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lms.certification.models import CertificationPolicy, HoldingSource
from lms.certification.pdf import certificate_pdf
from lms.certification.services import award_internal, set_public_verification
from lms.people.roles import Role
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory

from .factories import InternalCertificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(learner):
    learner.family_name, learner.given_name = "髙﨑", "花子"
    learner.save()
    certification = InternalCertificationFactory(name="DX推進リーダー")
    return award_internal(
        staff=learner, certification=certification, awarded_on=dt.date(2026, 3, 31)
    )


def test_awarding_is_once_and_verified(learner, awarded) -> None:
    """Is an internal certificate verified at once, with a serial, and not awarded a second time?"""
    assert awarded.source == HoldingSource.AWARDED
    assert awarded.counts
    assert awarded.serial.startswith("MNB-2026-")
    assert len(awarded.serial) == 17
    again = award_internal(
        staff=learner, certification=awarded.certification, awarded_on=dt.date(2026, 4, 2)
    )
    assert again is None


def test_certificate_pdf_is_japanese_with_serial_and_url(awarded) -> None:
    """Is the PDF valid, and does its text hold the name (髙﨑), certificate, date, serial and URL?"""
    url = f"https://manabi.example.jp/verify/{awarded.serial}/"
    pdf = certificate_pdf(awarded, url)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    compact = "".join(reader.pages[0].extract_text().split())  # the title is letter-spaced
    for expected in (
        "髙﨑",
        "花子",
        "DX推進リーダー",
        "修了証",
        "2026年3月31日",
        awarded.serial,
        url,
    ):
        assert expected in compact, expected


def test_certificate_pdf_embeds_japanese_fonts(awarded) -> None:
    """Are the glyphs drawn with Noto CJK fonts (system package fonts-noto-cjk), not a fallback's boxes?"""
    reader = PdfReader(io.BytesIO(certificate_pdf(awarded, "https://manabi.example.jp/verify/x/")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+", 1)[-1] for font in fonts.values()}
    assert names
    assert all("CJK-JP" in name for name in names), names


def test_certificate_download_is_for_the_holder_and_their_hr(client, learner, hr, awarded) -> None:
    """Can the holder and their HR download the PDF, and is it 404 for another municipality's HR?"""
    url = reverse("certification:certificate_pdf", args=[awarded.pk])
    client.login(username=learner.user.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert awarded.serial in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    client.login(username=hr.user.username, password=PASSWORD)
    assert client.get(url).status_code == 200
    stranger = StaffProfileFactory(user=UserFactory(roles=(Role.HR,)))
    client.login(username=stranger.user.username, password=PASSWORD)
    assert client.get(url).status_code == 404


def test_public_verification_shows_only_four_facts(client, learner, awarded) -> None:
    """Does the public page show name, certificate, date and validity — and no employee number or department?"""
    response = client.get(reverse("certification:verify", args=[awarded.serial]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "髙﨑" in body
    assert "DX推進リーダー" in body
    assert "2026-03-31" in body
    assert learner.employee_number not in body
    assert learner.department.name not in body
    assert learner.user.email not in body
    assert (
        client.get(reverse("certification:verify", args=["MNB-2026-NOPE1234"])).status_code == 404
    )


def test_an_organisation_can_switch_public_verification_off(client, hr, awarded) -> None:
    """When HR switches the page off, is the certificate no longer verifiable by the public?"""
    url = reverse("certification:verify", args=[awarded.serial])
    client.login(username=hr.user.username, password=PASSWORD)
    response = client.post(reverse("certification:hr_policy", args=[hr.organisation.slug]), {})
    assert response.status_code == 302
    assert not CertificationPolicy.allows_public_verification(hr.organisation)
    client.logout()
    assert client.get(url).status_code == 404
    set_public_verification(hr.organisation, enabled=True, actor=hr.user)
    assert client.get(url).status_code == 200


def test_certificate_qr_code_reads_back_as_exactly_the_verification_url(awarded) -> None:
    """Rendered like a phone camera sees it, does the PDF's QR code decode to exactly the verification
    URL (one code, no other)? PDFium rasterises the page and zxing-cpp reads it: both are wheels
    without system libraries."""
    import pypdfium2 as pdfium  # both come with the "test" extra
    import zxingcpp

    url = f"https://manabi.example.jp/verify/{awarded.serial}/?lang=ja"
    document = pdfium.PdfDocument(certificate_pdf(awarded, url))
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    codes = zxingcpp.read_barcodes(image)
    assert [(code.format, code.text) for code in codes] == [(zxingcpp.BarcodeFormat.QRCode, url)]


@pytest.mark.parametrize(
    ("family", "given", "certificate", "municipality"),
    [
        (
            "寿" * 50,
            "長" * 50,
            "クラウド・AI実践者" * 20,
            "さくら" * 33,
        ),  # every field at its longest
        ("Wolfeschlegelsteinhausenbergerdorff", "Maximiliana" * 4, "A" * 200, "X" * 100),
        ("𠮷野", "髙﨑", "DX推進リーダー", "さくら市"),
    ],
    ids=["longest-japanese", "longest-latin", "rare-kanji"],
)
def test_certificate_pdf_with_the_longest_texts_stays_one_page(
    learner, family, given, certificate, municipality
) -> None:
    """With a 50 + 50 character name, a 200 character certificate and a 100 character municipality
    (unbroken Latin too), is the certificate still one page with every text on it? It ran onto a
    second page, the certificate's name cut in two."""
    learner.family_name, learner.given_name = family[:50], given[:50]
    learner.save()
    learner.organisation.name = municipality[:100]
    learner.organisation.save()
    certification = InternalCertificationFactory(name=certificate[:200])
    holding = award_internal(
        staff=learner, certification=certification, awarded_on=dt.date(2024, 2, 29)
    )
    url = f"https://manabi.example.jp/verify/{holding.serial}/"
    reader = PdfReader(io.BytesIO(certificate_pdf(holding, url)))
    assert len(reader.pages) == 1
    compact = "".join(reader.pages[0].extract_text().split())
    for expected in (
        "".join(learner.full_name.split()),
        certificate[:200],
        municipality[:100],
        "2024年2月29日",
        holding.serial,
        url,
    ):
        assert expected in compact, expected


def test_public_verification_is_not_indexed_and_echoes_no_long_address(client, awarded) -> None:
    """Is the page holding a staff member's name kept out of search engines (header and meta tag),
    and does a garbage address of 5 000 characters get a short 404 page, not the text echoed back?"""
    found = client.get(reverse("certification:verify", args=[awarded.serial]))
    assert found.status_code == 200
    assert found["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in found.content.decode()
    garbage = client.get(reverse("certification:verify", args=["A" * 5000]))
    assert garbage.status_code == 404
    assert garbage["X-Robots-Tag"] == "noindex, nofollow"
    body = garbage.content.decode()
    message = body[body.index('role="alert"') :].split("</p>", 1)[0]
    assert "A" * 40 in message
    assert "A" * 41 not in message
    assert "髙﨑" not in body
