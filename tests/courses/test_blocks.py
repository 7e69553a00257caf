"""Lesson blocks: each renders with its template, and nothing executable survives in trainer text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.blocks import (
    CalloutBlock,
    CodeBlock,
    DownloadBlock,
    ExerciseBlock,
    ImageBlock,
    LessonStreamBlock,
    MarkdownBlock,
    QuestionBlock,
    QuizBlock,
    VideoBlock,
)
from courses.rendering import render_markdown

HOSTILE_MARKDOWN = """
# Title

<script>alert("x")</script>
<iframe src="https://evil.example/"></iframe>
<img src="x" onerror="alert(1)">
<a href="javascript:alert(1)" onclick="steal()">click</a>
[link](javascript:alert(2))
<p style="color:red" onmouseover="alert(3)">styled</p>
<svg onload="alert(4)"></svg>
"""


def test_markdown_is_rendered_and_sanitised():
    """Does Markdown become HTML with no script, iframe, event handler or javascript: URL left?"""
    html = str(render_markdown(HOSTILE_MARKDOWN))
    lowered = html.lower()
    for forbidden in ("<script", "alert(\"x\")", "<iframe", "onerror", "onclick", "onmouseover",
                      "onload", "javascript:", "<svg", "<img", "style="):  # fmt: skip
        assert forbidden not in lowered, forbidden
    assert "<h2>Title</h2>" in html  # headings start below the lesson's h1
    assert ">click</a>" in html
    assert "styled" in html


def test_markdown_sections_sit_directly_below_the_lesson_title():
    """Do "#" and "##" both become <h2> (the lesson title is the h1), so no heading level is skipped?"""
    html = str(render_markdown("# 節A\n\n## 節B\n\n### 小節"))
    assert "<h2>節A</h2>" in html
    assert "<h2>節B</h2>" in html
    assert "<h3>小節</h3>" in html
    assert "<h1" not in html


def test_markdown_keeps_tables_lists_code_and_safe_links():
    html = str(
        render_markdown(
            "|a|b|\n|-|-|\n|1|2|\n\n- one\n- two\n\n```python\nprint(1)\n```\n\n"
            "[site](https://example.jp/)"
        )
    )
    assert "<table>" in html
    assert "<li>one</li>" in html
    assert "<code" in html
    assert 'href="https://example.jp/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_markdown_block_renders_through_its_template():
    html = MarkdownBlock().render("**太字** <script>x()</script>")
    assert 'class="block-markdown prose"' in html
    assert "<strong>太字</strong>" in html
    assert "<script" not in html


def test_code_block_is_highlighted_and_escaped():
    """Is code highlighted by Pygments, escaped, and in a focusable, labelled scroll region?"""
    block = CodeBlock()
    html = block.render(
        block.to_python({"language": "python", "code": 'print("<b>")', "caption": "例"})
    )
    assert 'class="highlight"' in html
    assert "&lt;b&gt;" in html
    assert '<span class="nb">print</span>' in html
    assert 'tabindex="0"' in html
    assert 'aria-label="例"' in html


def test_code_block_with_unknown_language_falls_back_to_plain_text():
    block = CodeBlock()
    html = block.render(block.to_python({"language": "klingon", "code": "<x>", "caption": ""}))
    assert "&lt;x&gt;" in html


def test_callout_block_has_a_text_label():
    block = CalloutBlock()
    html = block.render(
        block.to_python({"kind": "warning", "title": "注意", "body": "<p>本文</p>"})
    )
    assert 'class="callout callout--warning"' in html
    assert "注意" in html
    assert "本文" in html


@pytest.mark.django_db
def test_image_block_requires_alt_text():
    """Does the admin refuse an image without alternative text (or with only its file name)?"""
    image = Image.objects.create(title="窓口", file=get_test_image_file())
    block = ImageBlock()
    for alt_text in ("", "   ", "IMG_0001.JPG"):
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"image": image.pk, "alt_text": alt_text, "caption": ""}))
    value = block.clean(
        block.to_python({"image": image.pk, "alt_text": "窓口で説明する職員", "caption": "図1"})
    )
    html = block.render(value)
    assert 'alt="窓口で説明する職員"' in html
    assert "<figcaption>図1</figcaption>" in html


@pytest.mark.django_db
def test_video_block_requires_webvtt_captions_and_shows_the_transcript():
    video = Document.objects.create(title="動画", file=ContentFile(b"\x00\x00", name="movie.mp4"))
    captions = Document.objects.create(
        title="字幕",
        file=ContentFile("WEBVTT\n\n00:00.000 --> 00:01.000\nこんにちは\n".encode(), name="c.vtt"),
    )
    not_captions = Document.objects.create(
        title="偽字幕", file=ContentFile(b"hello", name="fake.vtt")
    )
    block = VideoBlock()
    raw = {
        "title": "動画",
        "video": video.pk,
        "captions": not_captions.pk,
        "captions_language": "ja",
        "transcript": "こんにちは",
    }
    with pytest.raises(ValidationError):
        block.clean(block.to_python(raw))
    value = block.clean(block.to_python({**raw, "captions": captions.pk}))
    html = block.render(value)
    assert '<track kind="captions"' in html
    assert 'srclang="ja"' in html
    assert "<summary>" in html
    assert "こんにちは" in html


@pytest.mark.django_db
def test_video_block_refuses_a_file_that_is_not_a_video():
    """Is a PDF chosen as the video refused, with a message naming the formats that play?"""
    pdf = Document.objects.create(title="資料", file=ContentFile(b"%PDF-1.4", name="slides.pdf"))
    captions = Document.objects.create(
        title="字幕", file=ContentFile(b"WEBVTT\n\n", name="captions.vtt")
    )
    block = VideoBlock()
    raw = {"title": "動画", "video": pdf.pk, "captions": captions.pk, "transcript": "書き起こし"}
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            block.clean(block.to_python(raw))
        assert "MP4 or WebM" in str(caught.value.block_errors["video"])


@pytest.mark.django_db
def test_download_block_shows_file_type_and_size():
    document = Document.objects.create(
        title="演習データ", file=ContentFile(b"a,b\n1,2\n" * 200, name="data.csv")
    )
    block = DownloadBlock()
    html = block.render(block.to_python({"document": document.pk, "title": "", "description": ""}))
    assert "演習データ" in html
    assert "(CSV" in html
    assert " download" in html


@pytest.mark.django_db
def test_exercise_block_shows_a_placeholder_with_the_exercise_title():
    from grading.models import Exercise

    exercise = Exercise.objects.create(title="Python の基本")
    block = ExerciseBlock()
    html = block.render(block.to_python({"exercise": exercise.pk, "introduction": "練習します"}))
    assert "Python の基本" in html
    assert "練習します" in html


def test_exercise_introduction_is_sanitised_markdown():
    """The introduction's help text says Markdown: is it rendered as Markdown, with scripts removed?"""
    block = ExerciseBlock()
    value = block.to_python(
        {"exercise": None, "introduction": "**集計**を練習<script>x()</script>"}
    )
    html = block.render(value)
    assert "<strong>集計</strong>" in html
    assert "<script" not in html


def _question(kind, corrects):
    return {
        "prompt": "Q",
        "kind": kind,
        "options": [
            {"text": f"option {n}", "correct": correct, "explanation": "because"}
            for n, correct in enumerate(corrects)
        ],
    }


def test_single_choice_question_needs_exactly_one_correct_option():
    block = QuestionBlock()
    for corrects in ([False, False], [True, True]):
        with pytest.raises(ValidationError):
            block.clean(block.to_python(_question("single", corrects)))
    block.clean(block.to_python(_question("single", [True, False])))


def test_multiple_choice_question_needs_a_correct_option():
    block = QuestionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(_question("multiple", [False, False])))
    block.clean(block.to_python(_question("multiple", [True, True, False])))


def test_every_block_is_previewable_in_the_block_picker():
    """Does each lesson block have a preview (template and value) and a description for editors?"""
    for name, block in LessonStreamBlock().child_blocks.items():
        assert block.is_previewable, name
        assert block.get_description(), name
        assert block.meta.template, name


@pytest.mark.django_db
def test_block_previews_render(admin_client):
    """Does the admin's block preview render every lesson block with its preview value?"""
    from django.urls import reverse

    from courses.models import LessonPage

    stream_block = LessonPage._meta.get_field("body").stream_block
    for name, block in stream_block.child_blocks.items():
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
        assert b"courses/css/learning" in response.content, name


def test_quiz_preview_renders_without_a_page():
    block = QuizBlock()
    html = block.render(block.get_preview_value(), context={"quiz_feedback": {}})
    assert "理解度チェック" in html
    assert 'type="radio"' in html
