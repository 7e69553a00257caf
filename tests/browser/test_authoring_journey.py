"""The trainers' journey in /cms/ in a real browser: a trainer drafts a lesson, previews it (the preview
frame really renders, with the production X-Frame-Options), submits it for review; a lead trainer of the
same municipality approves it and a learner reads it, with the trainer's script removed."""

from __future__ import annotations

import pytest

from courses.setup import ensure_learning_site
from lms.people.roles import Role, sync_roles
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import PASSWORD, OrganisationFactory, StaffProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKDOWN = "## 申請の流れ\n\n窓口で受け付けます。<script>window.hacked = true</script>"


@pytest.fixture
def course(transactional_db):
    sync_roles()
    home = ensure_learning_site()
    city = OrganisationFactory(slug="author-city", name="作成市")
    for username, roles in (
        ("author-trainer", (Role.LEARNER, Role.TRAINER)),
        ("author-lead", (Role.LEARNER, Role.TRAINER, Role.LEAD_TRAINER)),
        ("author-learner", (Role.LEARNER,)),
    ):
        StaffProfileFactory(user=UserFactory(username=username, roles=roles), organisation=city)
    course = CoursePageFactory(
        parent=CurriculumPageFactory(parent=home), title="窓口業務", organisation=city
    )
    LessonPageFactory(parent=course, title="既存のレッスン")
    return course


def _log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def _footer_action(page, selector: str) -> None:
    page.click("footer [data-w-dropdown-target=toggle]")
    page.click(f"footer {selector}")
    page.wait_for_load_state()


def test_trainer_drafts_previews_and_submits_and_the_lead_publishes(
    live_server, browser_page, course, settings
):
    settings.X_FRAME_OPTIONS = "DENY"  # as in production: only Wagtail's preview may be framed
    page, base = browser_page, live_server.url

    _log_in(page, base, "author-trainer")
    page.goto(f"{base}/cms/pages/add/courses/lessonpage/{course.pk}/")
    page.fill("#id_title", "申請の受付")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Markdown").click()
    page.locator("textarea[name='body-0-value']").fill(MARKDOWN)
    page.locator("footer button[type=submit]").first.click()  # save the draft
    page.wait_for_url("**/edit/")
    lesson_edit_url = page.url

    page.click("[data-side-panel-toggle='preview']")
    preview = page.frame_locator("iframe[id*=preview]")
    assert preview.locator("h1").inner_text(timeout=30_000) == "申請の受付"
    assert preview.locator(".block-markdown h2").inner_text() == "申請の流れ"
    assert "<script" not in preview.locator(".block-markdown").inner_html()

    _footer_action(page, "button[name=action-submit]")
    assert "/cms/pages/" in page.url

    _log_in(page, base, "author-learner")
    page.goto(f"{base}{course.url}")
    assert page.locator(".lesson-list", has_text="申請の受付").count() == 0  # not yet published

    _log_in(page, base, "author-lead")
    page.goto(f"{base}/cms/")
    assert page.locator("main", has_text="申請の受付").count() == 1  # awaiting review
    page.goto(lesson_edit_url)
    _footer_action(page, "button[data-workflow-action-name=approve]")

    _log_in(page, base, "author-learner")
    page.goto(f"{base}{course.url}")
    page.click("text=申請の受付")
    assert page.locator("h1").inner_text() == "申請の受付"
    assert page.evaluate("window.hacked === undefined")
    assert page.locator(".pager__previous", has_text="既存のレッスン").count() == 1
