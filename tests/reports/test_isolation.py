"""HR of one municipality sees, exports and queries only its own people.

Every HR page, export and API endpoint is listed here; HR of another municipality gets 404 or 403 on
each, while the municipality's own HR gets it. A test checks the list covers every HR URL pattern.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token

from lms.certification.models import Certification, CertificationPolicy, Holding, HoldingState
from lms.certification.services import award_internal, declare_holding
from lms.people.models import StaffProfile
from lms.people.roles import Role
from lms.reports.models import RosterImport, Target
from tests.certification.factories import HoldingFactory, InternalCertificationFactory
from tests.factories import StaffProfileFactory, UserFactory

from .factories import TargetFactory

pytestmark = pytest.mark.django_db

# (URL name, needs an object: "target" / "import" / "holding" / "award" / None, method)
HR_ENDPOINTS = [
    ("reports:overview", None, "get"),
    ("reports:target_create", None, "get"),
    ("reports:target_create", None, "post"),
    ("reports:target", "target", "get"),
    ("reports:target_edit", "target", "get"),
    ("reports:target_edit", "target", "post"),
    ("reports:target_delete", "target", "get"),
    ("reports:target_delete", "target", "post"),
    ("reports:target_people", "target", "get"),
    ("reports:target_people_export", "target+csv", "get"),
    ("reports:target_people_export", "target+xlsx", "get"),
    ("reports:roster", None, "get"),
    ("reports:roster", None, "post"),
    ("reports:roster_preview", "import", "get"),
    ("reports:roster_preview", "import", "post"),
    ("reports:exports", None, "get"),
    ("reports:export", "people+csv", "get"),
    ("reports:export", "people+xlsx", "get"),
    ("reports:export", "progress+csv", "get"),
    ("reports:export", "progress+xlsx", "get"),
    ("reports:export", "holdings+csv", "get"),
    ("reports:export", "holdings+xlsx", "get"),
    ("reports:api_token", None, "get"),
    ("reports:api_token", None, "post"),
    ("certification:hr_holdings", None, "get"),
    ("certification:hr_review", "holding", "get"),
    ("certification:hr_review", "holding", "post"),
    ("certification:hr_policy", None, "get"),
    ("certification:hr_policy", None, "post"),  # switching public verification off
    ("reports:api_targets", None, "api"),
    ("reports:api_target", "target", "api"),
    ("reports:api_counts", None, "api"),
    ("reports:api_people_progress", None, "api"),
]
# What a POST of another municipality's HR would have changed (it must change nothing).
POST_DATA = {
    "reports:target_edit": {"name": "乗っ取り", "target_count": 1},
    "reports:roster_preview": {"apply": "1", "deactivate_missing": "on"},
    "certification:hr_review": {"decision": "verify"},
    "certification:hr_policy": {},
}
# Staff URLs without the organisation in the path: checked by object ownership instead.
OBJECT_ENDPOINTS = [
    ("certification:evidence", "holding"),
    ("certification:certificate_pdf", "award"),
]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def world(organisation, units, hr):
    learner = StaffProfileFactory(organisation=organisation, department=units["窓口係"],
                                  employee_number="SECRET-001", family_name="秘密")  # fmt: skip
    az305 = Certification.objects.get(code="AZ-305")
    holding = declare_holding(
        staff=learner, certification=az305, issued_on=dt.date(2026, 1, 5),
        evidence=SimpleUploadedFile("x.png", png()),
    )  # fmt: skip
    award = award_internal(staff=learner, certification=InternalCertificationFactory(),
                           awarded_on=dt.date(2026, 2, 1))  # fmt: skip
    target = TargetFactory(organisation=organisation, certifications=[az305])
    roster_import = RosterImport.objects.create(
        organisation=organisation, uploaded_by=hr.user, filename="r.csv", sha256="x",
        effective_date=dt.date(2026, 4, 1), rows=[],
    )  # fmt: skip
    return {"target": target, "import": roster_import, "holding": holding, "award": award,
            "slug": organisation.slug, "organisation": organisation}  # fmt: skip


def snapshot(world: dict) -> tuple:
    """Everything an HR POST could change in the world."""
    target = (
        Target.objects.filter(pk=world["target"].pk).values_list("name", "target_count").first()
    )
    return (
        target,
        Target.objects.count(),
        Holding.objects.get(pk=world["holding"].pk).state,
        RosterImport.objects.get(pk=world["import"].pk).state,
        CertificationPolicy.allows_public_verification(world["organisation"]),
        StaffProfile.objects.filter(is_active=True).count(),
        Token.objects.count(),
    )


def url_for(name: str, needs: str | None, world: dict, slug: str | None = None) -> str:
    slug = slug or world["slug"]
    if needs is None:
        return reverse(name, args=[slug])
    kind, _, file_format = needs.partition("+")
    if name == "reports:export":
        return reverse(name, args=[slug, kind, file_format])
    args = [slug, world[kind].pk]
    if file_format:
        args.append(file_format)
    return reverse(name, args=args)


def call(client, method: str, url: str, user, name: str = ""):
    if method == "api":
        token, _ = Token.objects.get_or_create(user=user)
        return client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    client.force_login(user)
    return client.post(url, POST_DATA.get(name, {})) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "needs", "method"), HR_ENDPOINTS)
def test_hr_of_another_municipality_gets_404_or_403(client, world, other_hr, name, needs, method):
    """Does HR of another municipality get 404/403 on this page, export or API call, changing nothing?"""
    Token.objects.get_or_create(user=other_hr.user)
    before = snapshot(world)
    response = call(client, method, url_for(name, needs, world), other_hr.user, name)
    assert response.status_code in (403, 404)
    content = b"" if response.streaming else response.content
    assert b"SECRET-001" not in content
    assert snapshot(world) == before


OBJECT_KINDS = ("target", "import", "holding")


@pytest.mark.parametrize(
    ("name", "needs", "method"),
    [endpoint for endpoint in HR_ENDPOINTS if (endpoint[1] or "").split("+")[0] in OBJECT_KINDS],
)
def test_another_municipality_cannot_reach_our_objects_through_its_own_slug(
    client, world, other_hr, name, needs, method
):
    """With their own organisation in the URL but our target, import or holding, is it still 404?"""
    Token.objects.get_or_create(user=other_hr.user)
    before = snapshot(world)
    url = url_for(name, needs, world, slug=other_hr.organisation.slug)
    response = call(client, method, url, other_hr.user, name)
    assert response.status_code == 404
    assert snapshot(world) == before


@pytest.mark.parametrize(("name", "needs", "method"), HR_ENDPOINTS)
def test_own_hr_reaches_it(client, world, hr, name, needs, method):
    """The same URL answers the municipality's own HR (so the 404 above is about isolation)."""
    response = call(client, method, url_for(name, needs, world), hr.user, name)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "needs", "method"), HR_ENDPOINTS)
def test_a_learner_of_the_same_municipality_is_refused(
    client, world, learner_user, name, needs, method
):
    """Does a learner of the same municipality get 403 (no HR permission), changing nothing?"""
    Token.objects.get_or_create(user=learner_user)
    before = snapshot(world)
    response = call(client, method, url_for(name, needs, world), learner_user, name)
    assert response.status_code == 403
    assert snapshot(world) == before


@pytest.fixture
def learner_user(organisation):
    return StaffProfileFactory(
        organisation=organisation, user=UserFactory(roles=(Role.LEARNER,))
    ).user


@pytest.mark.parametrize(("name", "kind"), OBJECT_ENDPOINTS)
def test_private_files_are_404_for_another_municipality(client, world, other_hr, hr, name, kind):
    """Are evidence and certificate PDFs 404 for another municipality's HR, and served to our HR?"""
    url = reverse(name, args=[world[kind].pk])
    client.force_login(other_hr.user)
    assert client.get(url).status_code == 404
    client.force_login(hr.user)
    assert client.get(url).status_code == 200


def test_every_hr_url_pattern_is_in_the_list() -> None:
    """Is each HR or API URL of reports and certification covered by the isolation tests above?"""
    covered = {name for name, _needs, _method in HR_ENDPOINTS} | {n for n, _k in OBJECT_ENDPOINTS}
    found = set()
    for namespace in ("reports", "certification"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            route = str(pattern.pattern)
            if "<slug:org>" in route or "holdings/" in route:
                found.add(f"{namespace}:{pattern.name}")
    assert found
    assert found <= covered, found - covered


def test_anonymous_requests_are_refused(client, world) -> None:
    """Without a login or token, do HR pages redirect to the login and the API answer 401/403?"""
    page = client.get(reverse("reports:overview", args=[world["slug"]]))
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
    api = client.get(reverse("reports:api_targets", args=[world["slug"]]))
    assert api.status_code in (401, 403)


def test_platform_admin_sees_totals_only(client, world, organisation, other_hr) -> None:
    """Does the platform view list per-municipality totals and no person's name or number?"""
    # Not counted: a leaver's valid holding, an expired holding, another town's pending declaration.
    az104 = Certification.objects.get(code="AZ-104")
    leaver = StaffProfileFactory(organisation=organisation, is_active=False)
    HoldingFactory(staff=leaver, certification=az104, issued_on=timezone.localdate())
    HoldingFactory(staff=other_hr, certification=az104, issued_on=dt.date(2020, 1, 1))
    HoldingFactory(staff=other_hr, certification=az104, issued_on=dt.date(2026, 1, 5),
                   state=HoldingState.PENDING)  # fmt: skip
    admin = UserFactory(is_superuser=True, is_staff=True, roles=(Role.PLATFORM_ADMIN,))
    client.force_login(admin)
    assert client.get(reverse("reports:dashboard")).status_code == 302
    response = client.get(reverse("reports:platform"))
    body = response.content.decode()
    assert response.status_code == 200
    totals = {
        row["organisation"].slug: (row["people"], row["holders"], row["pending"], row["targets"])
        for row in response.context["totals"]
    }
    # Ours: HR and the learner active; the learner holds the internal certificate (the declared
    # AZ-305 waits); one target. Theirs: their HR, with an expired and a pending holding.
    assert totals == {organisation.slug: (2, 1, 1, 1), other_hr.organisation.slug: (1, 0, 1, 0)}
    for name, code, numbers in [
        (organisation.name, organisation.local_government_code, (2, 1, 1, 1)),
        (other_hr.organisation.name, other_hr.organisation.local_government_code, (1, 0, 1, 0)),
    ]:
        cells = "".join(f"<td>{number}</td>" for number in numbers)
        assert f'<th scope="row">{name}</th><td>{code}</td>{cells}' in body
    assert "SECRET-001" not in body
    assert "秘密" not in body
    assert client.get(reverse("reports:overview", args=[organisation.slug])).status_code == 404
    client.force_login(other_hr.user)
    assert client.get(reverse("reports:platform")).status_code == 403
    assert client.get(reverse("reports:dashboard"))["Location"].endswith(
        f"/hr/{other_hr.organisation.slug}/"
    )
