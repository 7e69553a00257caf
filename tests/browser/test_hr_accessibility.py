"""HR, certification and public verification pages pass axe-core's WCAG 2.1 AA rules, errors shown too."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lms.certification.models import Certification
from lms.certification.services import award_internal, declare_holding
from lms.people.roles import Role, sync_roles
from tests.browser.a11y import assert_accessible
from tests.certification.factories import HoldingFactory, InternalCertificationFactory
from tests.factories import PASSWORD, OrganisationFactory, StaffProfileFactory, UserFactory
from tests.reports.factories import TargetFactory, department_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD_ROSTER = (
    "職員番号,氏名,氏名（カナ）,メールアドレス,所属,職名,階層\r\n"
    "600001,髙﨑 花子,タカサキ ハナコ,,総務部/人事課/人事係,主任,全職員\r\n"
    "600001,山田 太郎,ヤマダ タロウ,,存在しない部,主事,社長\r\n"
    "600003,,,,総務部/人事課/人事係,主事,\r\n"
)


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("scan.png", buffer.getvalue())


@pytest.fixture
def city():
    """An organisation with HR, a learner holding certifications, a target with a burn-up."""
    sync_roles()
    organisation = OrganisationFactory(slug="a11y-city", name="アクセシブル市")
    units = department_tree(organisation)
    hr = StaffProfileFactory(organisation=organisation, department=units["人事係"],
                             user=UserFactory(username="a11y-hr", roles=(Role.LEARNER, Role.HR)))  # fmt: skip
    learner = StaffProfileFactory(organisation=organisation, department=units["DX推進係"],
                                  user=UserFactory(username="a11y-learner", roles=(Role.LEARNER,)))  # fmt: skip
    today = timezone.localdate()
    az104 = Certification.objects.get(code="AZ-104")
    declared = declare_holding(staff=learner, certification=az104, evidence=png_upload(),
                               issued_on=today - dt.timedelta(days=20), credential_id="ABC-1")  # fmt: skip
    HoldingFactory(staff=learner, certification=Certification.objects.get(code="AZ-900"),
                   issued_on=today - dt.timedelta(days=200))  # fmt: skip
    award = award_internal(staff=learner, certification=InternalCertificationFactory(),
                           awarded_on=today - dt.timedelta(days=3))  # fmt: skip
    target = TargetFactory(organisation=organisation, name="AZ-900 を10名",
                           certifications=[Certification.objects.get(code="AZ-900")],
                           start_date=today - dt.timedelta(days=400),
                           deadline=today + dt.timedelta(days=300))  # fmt: skip
    return {"organisation": organisation, "hr": hr, "learner": learner, "declared": declared,
            "award": award, "target": target}  # fmt: skip


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


DANGLING_REFERENCES = """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
    .flatMap(el => [el.getAttribute("aria-describedby"), el.getAttribute("aria-labelledby")])
    .filter(Boolean).flatMap(ids => ids.split(/\\s+/)).filter(id => !document.getElementById(id))"""


def check(page) -> None:
    """axe's WCAG 2.1 AA rules, and every help text or error a control points to really exists."""
    assert_accessible(page)
    assert page.evaluate(DANGLING_REFERENCES) == []


def visit(page, url: str) -> None:
    page.goto(url)
    check(page)


def submit(page, button: str = "main form.form button[type=submit]") -> None:
    page.click(button)
    page.wait_for_load_state()


def test_hr_pages_are_accessible(live_server, browser_page, city, tmp_path) -> None:
    """Do the dashboard, target, charts, forms with errors, import preview and queues pass axe?"""
    page = browser_page
    hr_url = f"{live_server.url}/hr/{city['organisation'].slug}"
    target = city["target"]
    log_in(page, live_server, "a11y-hr")

    visit(page, f"{hr_url}/")  # the HR dashboard: targets, people per tier, charts with tables
    assert page.locator("svg.chart[role=img]").count() >= 1
    visit(page, f"{hr_url}/targets/{target.pk}/")
    burnup = page.locator("svg.chart--burnup")
    assert (
        burnup.get_attribute("aria-labelledby")
        == f"burnup-{target.pk}-title burnup-{target.pk}-desc"
    )
    assert "AZ-900 を10名" in burnup.locator("title").text_content()
    assert page.locator("section[aria-labelledby=burnup-title] table tbody tr").count() >= 13
    visit(page, f"{hr_url}/targets/{target.pk}/people/?holder=yes")
    visit(page, f"{hr_url}/targets/{target.pk}/delete/")

    page.goto(f"{hr_url}/targets/new/")
    page.fill("input[name=target_count]", "0")
    page.fill("input[name=deadline]", "2020-03-31")
    submit(page)
    assert page.locator(".field-error").count() >= 3
    check(page)

    visit(page, f"{hr_url}/roster/")
    roster = tmp_path / "roster.csv"
    roster.write_bytes(BAD_ROSTER.encode("cp932"))
    page.set_input_files("input[type=file]", str(roster))
    submit(page)
    assert page.locator(".import-errors tbody tr").count() >= 4
    check(page)  # the preview listing every row error

    visit(page, f"{hr_url}/certifications/")
    visit(page, f"{hr_url}/certifications/{city['declared'].pk}/")
    page.check("input[value=reject]")
    submit(page)
    assert page.locator(".field-error").count() == 1
    check(page)
    visit(page, f"{hr_url}/certifications/settings/")
    visit(page, f"{hr_url}/exports/")
    visit(page, f"{hr_url}/api-token/")


def test_learner_and_public_certification_pages_are_accessible(
    live_server, browser_page, city, tmp_path
) -> None:
    """Do my certifications, the declaration form with errors and the verification page pass axe?"""
    page = browser_page
    visit(page, f"{live_server.url}/verify/{city['award'].serial}/")
    assert page.locator("dl.verification dd").count() == 4
    visit(page, f"{live_server.url}/verify/NO-SUCH-SERIAL/")
    visit(page, f"{live_server.url}/certifications/")

    log_in(page, live_server, "a11y-learner")
    visit(page, f"{live_server.url}/my/certifications/")
    page.goto(f"{live_server.url}/my/certifications/declare/")
    fake = tmp_path / "certificate.pdf"
    fake.write_text("<html>not a PDF</html>")
    page.select_option(
        "select[name=certification]",
        # Each choice names the tiers the certification serves.
        label="Microsoft Certified: Azure AI Engineer Associate (AI-102)（対象：クラウド・AI実践者）",
    )
    page.fill("input[name=issued_on]", "2030-01-01")
    page.set_input_files("input[type=file]", str(fake))
    submit(page)
    assert page.locator(".field-error, .form-errors").count() >= 1
    check(page)


def test_platform_totals_are_accessible(live_server, browser_page, city) -> None:
    """Does the platform admins' per-municipality totals page pass axe?"""
    UserFactory(username="a11y-platform", is_superuser=True, is_staff=True,
                roles=(Role.PLATFORM_ADMIN,))  # fmt: skip
    log_in(browser_page, live_server, "a11y-platform")
    visit(browser_page, f"{live_server.url}/platform/totals/")
    assert "アクセシブル市" in browser_page.content()
