"""One journey in a real browser (Debian's Chromium): a demo learner logs in, opens a lesson,
answers its quiz with the keyboard and mouse, and sees the course's progress bar move."""

from __future__ import annotations

import io
import os

import pytest

from courses.models import CoursePage, LessonPage
from courses.quiz import correct_answers

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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
    live_server, demo_lesson, monkeypatch
):
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM work above is finished.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    lesson, block_id, answers = demo_lesson
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(locale="ja-JP")
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
            expect(bar).to_have_attribute("value", "66")
            expect(page.locator("[data-lesson-status]")).to_have_class("status status--done")

            page.reload()
            expect(page.locator("[data-progress-bar]")).to_have_attribute("value", "66")
        finally:
            browser.close()
