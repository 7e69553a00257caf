"""The learning pages pass axe-core's WCAG 2.1 AA rules in Japanese and English: catalogue (with search
results), curriculum, course, a lesson holding every kind of block (before and after a quiz is
answered), My learning (required, overdue, in progress, completed, certificates) and the assignment page
(with errors).
Quizzes work with the keyboard alone, with a visible focus."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from courses.setup import ensure_learning_site
from courses.stream_builders import LessonBody, question
from lms.certification.models import HoldingState
from lms.certification.services import award_internal
from lms.people.roles import Role, sync_roles
from lms.people.tiers import Tier
from lms.progress import services
from lms.progress.models import TrainingAssignment
from tests.browser.a11y import assert_accessible
from tests.certification.factories import (
    CertificationFactory,
    HoldingFactory,
    InternalCertificationFactory,
)
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    OrganisationFactory,
    StaffProfileFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _every_block_body(seed: str) -> list[dict]:
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    image = Image.objects.create(title="窓口", file=get_test_image_file())
    video = Document.objects.create(title="動画", file=ContentFile(b"\x00" * 64, name="intro.mp4"))
    captions = Document.objects.create(
        title="字幕",
        file=ContentFile("WEBVTT\n\n00:00.000 --> 00:02.000\nこんにちは\n".encode(), name="c.vtt"),
    )
    data = Document.objects.create(title="人口統計", file=ContentFile(b"a,b\n1,2\n", name="p.csv"))
    body = (
        LessonBody(seed)
        .markdown(
            "# 節\n\n本文と**強調**、[リンク](https://example.jp/)。\n\n| 列 | 値 |\n|---|---|\n| A | 1 |"
        )
        .rich_text("<h2>リッチテキスト</h2><p>書式付きの文章。</p>")
        .code("print('こんにちは')", caption="最初のプログラム")
        .callout("<p>個人情報を入力しない。</p>", kind="warning", title="注意点")
        .callout("<p>ヒントの本文。</p>", kind="tip")
        .exercise(None, introduction="ノートブックで練習します。")
        .quiz(
            [
                question(
                    "単一選択の問題",
                    [("正しい", True, "正解の理由"), ("誤り", False, "誤りの理由")],
                ),
                question(
                    "複数選択の問題",
                    [
                        ("A", True, "A は正しい"),
                        ("B", False, "B は誤り"),
                        ("C", True, "C も正しい"),
                    ],
                    multiple=True,
                ),
            ]
        )
        .data
    )
    body += [
        {"type": "image", "id": f"{seed}-image", "value": {"image": image.pk, "alt_text": "窓口で説明する職員", "caption": "図1"}},
        {"type": "video", "id": f"{seed}-video", "value": {"title": "紹介動画", "video": video.pk, "captions": captions.pk, "captions_language": "ja", "transcript": "書き起こしの本文。"}},
        {"type": "download", "id": f"{seed}-download", "value": {"document": data.pk, "title": "", "description": "市の人口統計"}},
    ]  # fmt: skip
    return body


@pytest.fixture
def learning(transactional_db):
    """A curriculum, a course with three lessons (the middle one holds every block), a learner with
    progress and required training (one overdue), and a trainer."""
    sync_roles()
    home = ensure_learning_site()
    city = OrganisationFactory(slug="a11y-city", name="アクセシビリティ市")
    department = DepartmentFactory(organisation=city, name="総務課")
    curriculum = CurriculumPageFactory(parent=home, title="全職員向け 基礎", tier=Tier.ALL_STAFF)
    course = CoursePageFactory(parent=curriculum, title="情報の基本", organisation=city)
    other = CoursePageFactory(parent=curriculum, title="データの基本")
    first = LessonPageFactory(parent=course, title="はじめに")
    lesson = LessonPageFactory(parent=course, title="すべての部品", body=_every_block_body("a11y"))
    LessonPageFactory(parent=course, title="まとめ")
    done = LessonPageFactory(parent=other, title="データとは")
    learner = UserFactory(username="a11y-learner", roles=(Role.LEARNER,))
    profile = StaffProfileFactory(
        user=learner, organisation=city, department=department, tier=Tier.ALL_STAFF
    )
    # Certificates on My learning: one awarded, one verified, one waiting for HR.
    award_internal(
        staff=profile, certification=InternalCertificationFactory(), awarded_on=timezone.localdate()
    )
    HoldingFactory(staff=profile, certification=CertificationFactory(name="AZ-900"))
    HoldingFactory(
        staff=profile, certification=CertificationFactory(name="AI-900"), state=HoldingState.PENDING
    )
    trainer = UserFactory(username="a11y-trainer", roles=(Role.LEARNER, Role.TRAINER))
    StaffProfileFactory(user=trainer, organisation=city, department=department)
    services.mark_lesson_done(learner, first, course)
    services.mark_lesson_done(learner, done, other)  # completes "データの基本"
    today = timezone.localdate()
    TrainingAssignment.objects.create(
        organisation=city, course=course, due_date=today - dt.timedelta(days=3), note="期限切れ"
    )
    TrainingAssignment.objects.create(
        organisation=city, curriculum=curriculum, due_date=today + dt.timedelta(days=30)
    )
    TrainingAssignment.objects.create(
        organisation=city, course=other, due_date=today + dt.timedelta(days=5)
    )
    return {"curriculum": curriculum, "course": course, "lesson": lesson}


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def _answer_quiz_with_the_keyboard(page) -> None:
    """Tab to the first option, choose with Space and arrows, submit with Enter (one wrong answer)."""
    page.locator(".quiz__form input[type=radio]").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # arrived by the keyboard: the focus must be visible
    assert page.evaluate("document.activeElement.type") == "radio"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused option has no visible outline"
    page.keyboard.press("ArrowDown")  # the wrong option of the single-choice question
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # A of the multiple-choice question
    page.locator(".quiz__form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".quiz-result")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_learning_pages_are_accessible(live_server, browser_page, learning, language):
    """Does every learning page, and the lesson in its answered state, pass WCAG 2.1 AA?"""
    page, base = browser_page, live_server.url
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    _log_in(page, base, "a11y-learner")
    pages = [
        "/catalogue/",
        "/catalogue/?q=基本",
        learning["curriculum"].url,
        learning["course"].url,
        learning["lesson"].url,
        "/my/learning/",
    ]
    for path in pages:
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    assert page.locator("tr.is-overdue").count() == 1
    assert page.locator(".my-certificates [data-holding]").count() == 3

    page.goto(f"{base}{learning['lesson'].url}")
    for block in (
        ".block-markdown h2",
        ".block-rich-text",
        ".block-code",
        ".callout--warning",
        ".block-exercise",
        ".quiz",
        "img[alt='窓口で説明する職員']",
        "video track[kind=captions]",
        ".block-video__transcript",
        ".block-download a",
    ):
        assert page.locator(block).count() >= 1, block
    _answer_quiz_with_the_keyboard(page)
    assert page.locator(".quiz-result--failed").is_visible()
    assert_accessible(page)
    page.reload()  # the last attempt's feedback, rendered by the server
    assert_accessible(page)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_assignment_page_is_accessible_with_and_without_errors(
    live_server, browser_page, learning, language
):
    page, base = browser_page, live_server.url
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    _log_in(page, base, "a11y-trainer")
    page.goto(f"{base}/training/assignments/")
    assert_accessible(page)
    page.click("main form.form button[type=submit]")  # nothing chosen
    page.wait_for_selector(".field-error")
    assert page.locator("#id_target").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
