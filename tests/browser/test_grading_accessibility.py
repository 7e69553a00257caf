"""WCAG 2.1 AA (axe-core) on the grading pages, in the states people meet them: the learner's
exercise panel idle, refusing a file, running, graded with feedback; the trainer's dashboard with a
validation report and gradebook, the learner-version preview and manual grading."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from grading.services.submissions import submit
from lms.people.roles import Role, sync_roles
from tests.browser.a11y import assert_accessible
from tests.factories import PASSWORD, OrganisationFactory, StaffProfileFactory, UserFactory
from tests.grading.conftest import answers_file, wait_for_final_grade
from tests.grading.factories import FIXTURES, published_exercise

pytestmark = [
    pytest.mark.browser,
    pytest.mark.kernel,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


def settled(page) -> None:
    """Wait for CSS animations (Wagtail fades its messages in): axe measures contrast as drawn."""
    page.wait_for_function(
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )


def log_in(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_exercise_panel_is_accessible_in_every_state(
    live_server, browser_page, celery_worker_process, tmp_path
) -> None:
    """Idle, after a refused file (error message), while a submission runs, and graded with its
    feedback shown (and on the feedback page): no WCAG 2.1 AA violation."""
    learner = StaffProfileFactory().user
    # Its locked setup cell sleeps 6 s, so the "running" state lasts long enough to be checked.
    exercise = published_exercise("slow-source.ipynb", title="時間のかかる演習")
    page = browser_page
    log_in(page, live_server.url, learner)
    page.goto(f"{live_server.url}/exercises/{exercise.pk}/")
    panel = page.locator("[data-exercise-panel]")
    status = panel.locator("[data-status]")
    assert_accessible(page)

    junk = tmp_path / "not-a-notebook.ipynb"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    panel.locator("input[type=file]").set_input_files(str(junk))
    panel.get_by_role("button", name="アップロードして提出").click()
    expect(status).to_have_attribute("data-kind", "error")
    expect(status).to_contain_text("ノートブックではありません")
    assert_accessible(page)

    panel.get_by_role("button", name="提出", exact=True).click()
    expect(status).to_contain_text("採点中", timeout=60_000)
    assert_accessible(page)

    expect(status).to_contain_text("採点済み", timeout=90_000)
    expect(panel.locator("[data-feedback]")).to_contain_text("得点: 0 / 1")
    assert_accessible(page)

    panel.locator("[data-history] a").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("得点: 0 / 1")
    assert_accessible(page)


def test_feedback_page_of_a_pending_submission_updates_in_place(
    live_server, browser_page, celery_worker_process
) -> None:
    """Where an upload without JavaScript lands: while the grade is pending the page neither
    reloads itself on a timer (WCAG 2.2.1) nor fails axe, and the result appears in place."""
    learner = StaffProfileFactory().user
    exercise = published_exercise("slow-source.ipynb")
    answer = {"answer": "def answer():\n    return 42"}
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, answer))
    page = browser_page
    log_in(page, live_server.url, learner)
    page.goto(f"{live_server.url}/exercises/submissions/{submission.pk}/")
    status = page.locator("[data-status-url]")
    expect(status).to_contain_text(re.compile("採点待ち|採点中"))
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    expect(page.get_by_role("link", name="もう一度確認する")).to_be_visible()
    assert_accessible(page)
    expect(status).to_contain_text("採点済み", timeout=90_000)
    expect(page.locator("[data-feedback]")).to_contain_text("得点: 1 / 1")
    expect(page.get_by_role("link", name="もう一度確認する")).to_be_hidden()
    assert_accessible(page)


def test_trainer_grading_pages_are_accessible(
    live_server, browser_page, celery_worker_process
) -> None:
    """The exercise list, a dashboard with a failed validation report, gradebook and failure
    rates, the learner-version preview and the manual grading page: no WCAG 2.1 AA violation."""
    sync_roles()
    sakura = OrganisationFactory(name="さくら市")
    trainer = UserFactory(roles=(Role.LEARNER, Role.TRAINER))
    StaffProfileFactory(user=trainer, organisation=sakura)
    learner = StaffProfileFactory(organisation=sakura).user
    exercise = published_exercise("manual-cell-source.ipynb", organisation=sakura, title="手動採点")
    answers = {"double": "def double(x):\n    return x + x", "explain": "足して 2 倍にしました。"}
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, answers))
    wait_for_final_grade(submission, celery_worker_process)

    page = browser_page
    log_in(page, live_server.url, trainer)
    page.goto(f"{live_server.url}/cms/exercises/")
    expect(page.locator("main")).to_contain_text("手動採点")
    assert_accessible(page)

    page.goto(f"{live_server.url}/cms/exercises/{exercise.pk}/")
    page.set_input_files("#id_source", str(FIXTURES / "broken-solution-source.ipynb"))
    page.get_by_role("button", name=re.compile("アップロード")).click()
    page.wait_for_load_state()
    versions = page.locator("table.listing").first
    for _attempt in range(90):  # the worker runs the reference solution; the page says so on reload
        if "不合格" in versions.inner_text():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(versions).to_contain_text("test_triple")
    expect(page.locator("main")).to_contain_text("test_double")  # the failure rates
    settled(page)
    assert_accessible(page)

    page.get_by_role("link", name="受講者用をプレビュー").last.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("YOUR ANSWER HERE")
    assert_accessible(page)

    page.goto(f"{live_server.url}/cms/exercises/{exercise.pk}/submissions/{submission.pk}/")
    expect(page.locator("main")).to_contain_text("足して 2 倍にしました。")
    assert_accessible(page)
