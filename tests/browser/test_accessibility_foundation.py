"""The pages every user meets first pass axe-core's WCAG 2.1 AA rules, in Japanese and English."""

import pytest

from tests.browser.a11y import assert_accessible
from tests.factories import PASSWORD, StaffProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_login_and_password_pages_are_accessible(live_server, browser_page) -> None:
    """Do the home, login and password-change pages have no WCAG 2.1 AA violations axe can find?"""
    page = browser_page
    profile = StaffProfileFactory()
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.fill("input[name=username]", "wrong")
    page.fill("input[name=password]", "wrong")
    page.click("main button[type=submit]")
    assert_accessible(page)  # with the error message shown
    page.fill("input[name=username]", profile.user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/password/change/")
    assert_accessible(page)
    page.select_option("#language-select", "en")
    page.click(".language-switch button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_a_deliberately_broken_page_is_caught(live_server, browser_page) -> None:
    """Does the check itself fail on a page with an unlabelled input and an image without alt?"""
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<input type=text><img src=/x.png>')"
    )
    with pytest.raises(AssertionError) as caught:
        assert_accessible(page)
    assert "image-alt" in str(caught.value)
    assert "label" in str(caught.value)
