"""One journey in a real browser (Debian's Chromium): a demo learner logs in, opens a lesson, answers
its quiz with the keyboard, sees the course's progress bar move, and finds the course in My learning;
when their session then ends, "Mark as done" says so instead of failing silently."""

from __future__ import annotations

import io

import pytest

from courses.models import CoursePage, LessonPage
from courses.quiz import correct_answers
from lms.progress.models import LessonProgress


@pytest.fixture
def demo_lesson(transactional_db):
    """The demo (people and learning content) and a quiz lesson the demo learner has not passed."""
    from courses.demo import load as load_courses
    from lms.demo.people import load as load_people
    from lms.people.roles import sync_roles

    sync_roles()
    out = io.StringIO()
    load_people(out)
    load_courses(out)
    course = CoursePage.objects.get(slug="generative-ai")
    lesson = LessonPage.objects.child_of(course).get(slug="verify-output")
    block_id, quiz = next(iter(lesson.quiz_blocks().items()))
    return lesson, block_id, correct_answers(quiz)


@pytest.mark.browser
def test_demo_learner_answers_a_quiz_and_the_progress_bar_moves(
    live_server, browser_page, demo_lesson
):
    from playwright.sync_api import expect

    lesson, block_id, answers = demo_lesson
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "sakura-learner")
    page.fill("input[name=password]", "manabi-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}{lesson.url}")
    expect(page.locator("h1")).to_have_text(lesson.title)
    bar = page.locator("[data-progress-bar]")
    assert bar.get_attribute("value") == "33"  # 1 of 3 lessons done in the demo

    # Answer with the keyboard: focus each correct option and press Space.
    for options in answers.values():
        for option_id in options:
            page.focus(f"#option-{block_id}-{option_id}")
            page.keyboard.press("Space")
    submit = page.locator(f"#quiz-{block_id} button[type=submit]")
    submit.focus()
    page.keyboard.press("Enter")

    feedback = page.locator(f"#quiz-{block_id} [data-quiz-feedback]")
    expect(feedback.locator(".quiz-result--passed")).to_be_visible()
    expect(feedback).to_be_focused()  # screen readers hear the result
    expect(feedback.locator(".quiz-result__explanation").first).to_be_visible()
    expect(bar).to_have_attribute("value", "66")
    expect(page.locator("[data-lesson-status]")).to_have_class("status status--done")

    page.reload()
    expect(page.locator("[data-progress-bar]")).to_have_attribute("value", "66")

    # My learning: the course in progress at 66%, and "continue" leads back to this lesson.
    page.goto(f"{live_server.url}/my/learning/")
    card = page.locator(".card", has_text="生成AIの安全な使い方")
    expect(card.locator("[data-progress-bar]")).to_have_attribute("value", "66")
    expect(page.locator(".resume a")).to_have_attribute("href", lesson.url)

    # The session ends (the cookie is gone); "Mark as done" on a reading lesson gets the server's 401
    # message in the page's live region, and nothing is recorded.
    reading = LessonPage.objects.child_of(lesson.get_parent()).get(slug="what-not-to-input")
    page.goto(f"{live_server.url}{reading.url}")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="完了にする").click()
    alert = page.locator("[data-action-feedback] [role=alert]")
    expect(alert).to_contain_text("もう一度ログイン")
    expect(page.locator("[data-action-feedback]")).to_be_focused()
    assert not LessonProgress.objects.filter(
        user__username="sakura-learner", lesson=reading, completed_at__isnull=False
    ).exists()
