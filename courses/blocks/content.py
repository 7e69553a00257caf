"""Reading blocks of a lesson: Markdown, rich text, image, video, callout, code sample, download.

Each block has its own template (``courses/blocks/<name>.html``) and a preview shown in the block picker.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from courses.rendering import CODE_LANGUAGES, highlight_code, render_markdown

PREVIEW_TEMPLATE = "courses/blocks/preview.html"
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]
# The video formats Documents accept (WAGTAILDOCS_EXTENSIONS) and browsers play.
VIDEO_EXTENSIONS = {"mp4", "webm"}
FILE_NAME_LIKE = re.compile(r"\.(jpe?g|png|gif|webp|svg|heic)$", re.IGNORECASE)


class MarkdownBlock(blocks.TextBlock):
    """Markdown, rendered and sanitised: nothing executable survives."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["html"] = render_markdown(value or "")
        return context

    class Meta:
        icon = "doc-full"
        label = _("Markdown")
        template = "courses/blocks/markdown.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "## 見出し\n\n本文は **Markdown** で書けます。\n\n- 箇条書き\n- 表やコードも使えます"
        )
        description = _("Text written in Markdown; scripts and embedded frames are removed.")


class LessonRichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "courses/blocks/rich_text.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = "<h2>見出し</h2><p>書式付きの文章を<b>エディタ</b>で書けます。</p>"
        description = _("Formatted text written in the editor.")


class ImageBlock(blocks.StructBlock):
    """An image that always has a text alternative: the admin refuses one without it."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        alt_text = (value.get("alt_text") or "").strip()
        if not alt_text:
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError(_("An image needs alternative text."))}
            )
        if FILE_NAME_LIKE.search(alt_text):
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Describe what the image shows, not its file name.")
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "alt_text": "窓口で職員が住民に説明している様子",
            "caption": "図1 窓口の様子",
        }
        description = _("An image with required alternative text and an optional caption.")


class VideoBlock(blocks.StructBlock):
    """A video with WebVTT captions and a full transcript (both required)."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video = DocumentChooserBlock(
        label=_("Video file"), help_text=_("An MP4 or WebM file uploaded to Documents.")
    )
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"), help_text=_("A .vtt file with the captions.")
    )
    captions_language = blocks.ChoiceBlock(
        label=_("Captions language"),
        choices=[("ja", "日本語"), ("en", "English")],
        default="ja",
    )
    transcript = blocks.TextBlock(
        label=_("Transcript"), help_text=_("Everything said and shown in the video, as text.")
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        video = value.get("video")
        if video is not None and video.file_extension.lower() not in VIDEO_EXTENSIONS:
            errors["video"] = ValidationError(_("The video must be an MP4 or WebM file."))
        captions = value.get("captions")
        if captions is not None and not _is_webvtt(captions):
            errors["captions"] = ValidationError(
                _("The captions must be a WebVTT file (.vtt starting with “WEBVTT”).")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "動画：パスワードの管理",
            "transcript": "パスワードは使い回さず、パスワード管理ツールを使いましょう。",
        }
        description = _("A video with captions and a transcript.")


def _is_webvtt(document) -> bool:
    if document.file_extension.lower() != "vtt":
        return False
    try:
        with document.open_file() as handle:
            head = handle.read(16)
    except (OSError, ValueError):
        return False
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="replace")
    return head.lstrip("\ufeff").startswith("WEBVTT")


CALLOUT_KINDS = [
    ("note", pgettext_lazy("callout", "Note")),
    ("tip", _("Tip")),
    ("warning", _("Warning")),
    ("important", _("Important")),
]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=CALLOUT_KINDS, default="note")
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    body = blocks.RichTextBlock(
        label=pgettext_lazy("callout", "Text"), features=["bold", "italic", "link", "ol", "ul"]
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = dict(CALLOUT_KINDS).get(value.get("kind"), CALLOUT_KINDS[0][1])
        return context

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "kind": "warning",
            "title": "個人情報の入力",
            "body": "<p>住民の個人情報を生成AIに入力してはいけません。</p>",
        }
        description = _("A highlighted note, tip, warning or important point.")


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(label=_("Language"), choices=CODE_LANGUAGES, default="python")
    code = blocks.TextBlock(label=_("Code"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["highlighted"] = highlight_code(value.get("code") or "", value.get("language"))
        context["language_label"] = dict(CODE_LANGUAGES).get(value.get("language"), "")
        return context

    class Meta:
        icon = "code"
        label = _("Code sample")
        template = "courses/blocks/code.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "language": "python",
            "code": 'import pandas as pd\n\ndf = pd.read_csv("population.csv")\nprint(df.head())',
            "caption": "CSV を読み込む",
        }
        description = _("Program code with syntax highlighting.")


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Defaults to the document's title."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "download"
        label = _("Downloadable file")
        template = "courses/blocks/download.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"title": "演習用データ（CSV）", "description": "市の人口統計の抜粋です。"}
        description = _("A file learners can download, with its type and size.")
