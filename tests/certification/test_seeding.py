import pytest

from lms.certification.models import Certification
from lms.certification.seeding import ensure_external_catalogue

pytestmark = pytest.mark.django_db


def test_catalogue_is_restored_without_touching_edited_rows() -> None:
    """After the catalogue is emptied (as a test flush does), does it come back, keeping an admin's edit?"""
    az305 = Certification.objects.get(code="AZ-305")
    az305.name = "AZ-305（編集済み）"
    az305.save()
    Certification.objects.exclude(code="AZ-305").filter(kind="external").delete()

    restored = ensure_external_catalogue()

    assert restored == 8
    codes = set(Certification.objects.filter(kind="external").values_list("code", flat=True))
    assert {
        "AZ-900",
        "AI-900",
        "AZ-104",
        "AI-102",
        "DP-100",
        "AZ-305",
        "IPA-IP",
        "IPA-SG",
        "IPA-FE",
    } <= codes
    assert Certification.objects.get(code="AZ-305").name == "AZ-305（編集済み）"
    assert ensure_external_catalogue() == 0


@pytest.mark.parametrize(
    ("code", "tiers"),
    [
        ("AZ-900", ["managers", "practitioners"]),
        ("AI-900", ["all_staff", "managers", "practitioners"]),
        ("AZ-305", ["practitioners"]),
        ("IPA-IP", ["all_staff", "managers"]),
        ("IPA-SG", ["managers", "practitioners"]),
        ("IPA-FE", ["practitioners"]),
    ],
)
def test_seeded_certifications_serve_their_tiers(code, tiers) -> None:
    """Does each seeded certification name exactly the tiers it serves, all of them known tiers?"""
    certification = Certification.objects.get(code=code)
    assert certification.tiers == tiers
    certification.full_clean()
