"""Platform admins keep the shared certification catalogue in Django's admin; holdings are not there."""

import pytest
from django.urls import NoReverseMatch, reverse

from lms.certification.models import Certification
from lms.people.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_platform_admin_edits_the_catalogue(client) -> None:
    """Can a platform admin list and open certifications, and are holdings absent from the admin?"""
    client.force_login(UserFactory(is_superuser=True, is_staff=True, roles=(Role.PLATFORM_ADMIN,)))
    listing = client.get(reverse("admin:certification_certification_changelist"))
    assert listing.status_code == 200
    assert "AZ-305" in listing.content.decode()
    az305 = Certification.objects.get(code="AZ-305")
    assert (
        client.get(reverse("admin:certification_certification_change", args=[az305.pk])).status_code
        == 200
    )
    with pytest.raises(NoReverseMatch):
        reverse("admin:certification_holding_changelist")


def test_hr_cannot_open_the_admin(client, hr) -> None:
    """Is the catalogue admin closed to a municipality's HR?"""
    client.force_login(hr.user)
    response = client.get(reverse("admin:certification_certification_changelist"))
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]
