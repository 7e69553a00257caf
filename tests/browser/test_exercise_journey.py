"""A learner's notebook exercise in a real browser: edit an answer in the code editor, run the
visible tests, submit, and watch the live status reach "graded" with feedback, graded by a real
Celery worker in the sandbox."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import expect

from tests.factories import PASSWORD, StaffProfileFactory
from tests.grading.factories import published_exercise

WAIT_LABEL = (
    "def wait_label(minutes):\n"
    "    if minutes < 10:\n"
    "        return '短い'\n"
    "    if minutes < 30:\n"
    "        return '普通'\n"
    "    return '長い'\n"
)


def replace_editor_text(page, grade_id: str, text: str) -> None:
    editor = page.locator(f'.cm-content[data-grade-id="{grade_id}"]')
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


@pytest.mark.browser
@pytest.mark.kernel
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_learner_edits_runs_tests_and_submits_in_the_browser(
    live_server, browser_page, celery_worker_process
) -> None:
    """Edit an answer cell in CodeMirror, run tests, submit; the status turns to graded live."""
    assert finders.find("grading/dist/editor.js"), "run `make install` to build the editor bundle"
    learner = StaffProfileFactory().user
    exercise = published_exercise("python-basics.ipynb", title="Python の基本")
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", learner.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/exercises/{exercise.pk}/")

    panel = page.locator("[data-exercise-panel]")
    status = panel.locator("[data-status]")
    feedback = panel.locator("[data-feedback]")
    replace_editor_text(page, "wait_label", WAIT_LABEL)

    panel.get_by_role("button", name="テストを実行").click()
    try:
        expect(status).to_contain_text("採点済み", timeout=90_000)
    except AssertionError as error:  # say what the worker was doing
        raise AssertionError(celery_worker_process.log()[-5000:]) from error
    expect(feedback).to_contain_text("テスト実行の結果（公開テストのみ）")
    expect(feedback).to_contain_text("test_wait_label")

    panel.get_by_role("button", name="提出", exact=True).click()
    expect(status).to_contain_text(re.compile("採点待ち|採点中|採点済み"))
    expect(status).to_contain_text("採点済み", timeout=90_000)
    expect(feedback).to_contain_text("得点: 2 / 5")
    expect(feedback).to_contain_text("合格")
    history = panel.locator("[data-history] tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("2 / 5")
    expect(panel.locator("[data-best]")).to_contain_text("2 / 5")

    submission = exercise.submissions.get(purpose="submission")
    assert submission.channel == "editor"
    grade = submission.grades.get()
    assert grade.status == "graded"
    assert grade.sandboxed is True
