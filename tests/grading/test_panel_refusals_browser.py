"""The exercise panel in a real browser when the server does not take the answers: a learner
whose session ended, or whose page's CSRF token is stale, is told what to do, not that "the
server could not be reached"."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import expect

from grading.models import Submission
from tests.browser.conftest import browser_page  # noqa: F401 (fixture)
from tests.factories import PASSWORD, StaffProfileFactory
from tests.grading.factories import published_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_panel(live_server, page):
    assert finders.find("grading/dist/editor.js"), "run `make install` to build the editor bundle"
    learner = StaffProfileFactory().user
    exercise = published_exercise("python-basics.ipynb")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", learner.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/exercises/{exercise.pk}/")
    return page.locator("[data-exercise-panel]")


def test_signed_out_learner_is_told_to_sign_in_again(live_server, browser_page) -> None:  # noqa: F811
    page = browser_page
    panel = open_panel(live_server, page)
    page.context.clear_cookies(name="sessionid")
    panel.get_by_role("button", name="提出", exact=True).click()
    status = panel.locator("[data-status]")
    expect(status).to_contain_text("ログインの有効期限が切れています")
    expect(panel.get_by_role("button", name="提出", exact=True)).to_be_enabled()
    assert not Submission.objects.exists()


def test_stale_page_is_told_to_reload(live_server, browser_page) -> None:  # noqa: F811
    page = browser_page
    panel = open_panel(live_server, page)
    page.evaluate(
        "document.querySelectorAll('input[name=csrfmiddlewaretoken]')"
        ".forEach((input) => { input.value = 'x'.repeat(64); })"
    )
    panel.get_by_role("button", name="テストを実行").click()
    expect(panel.locator("[data-status]")).to_contain_text("このページは古くなっています")
    assert not Submission.objects.exists()
