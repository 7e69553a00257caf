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
