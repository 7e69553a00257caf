"""The quiz block: single- or multiple-choice questions, an explanation for every option, a pass mark.

Questions and options are list items, so each has a stable id stored with the page: answers name those
ids, and ``courses.quiz`` scores them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .content import PREVIEW_TEMPLATE

SINGLE = "single"
MULTIPLE = "multiple"


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        help_text=_("Shown after answering: why this answer is right or wrong."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Option")


class QuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"))
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            (SINGLE, _("Single choice (one correct answer)")),
            (MULTIPLE, _("Multiple choice (select all that apply)")),
        ],
        default=SINGLE,
    )
    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=2, max_num=8)

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["correct"])
        if value["kind"] == SINGLE and correct != 1:
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(
                        _("A single-choice question needs exactly one correct option.")
                    )
                }
            )
        if value["kind"] == MULTIPLE and correct < 1:
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(
                        _("A multiple-choice question needs at least one correct option.")
                    )
                }
            )
        return value

    class Meta:
        icon = "help"
        label = _("Question")


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120, default="理解度チェック")
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"),
        min_value=1,
        max_value=100,
        default=80,
        help_text=_("The share of questions answered correctly needed to pass."),
    )

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "courses/blocks/quiz.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "理解度チェック",
            "pass_mark": 80,
            "questions": [
                {
                    "prompt": "不審なメールの添付ファイルを開いてしまったとき、最初にすべきことは？",
                    "kind": SINGLE,
                    "options": [
                        {
                            "text": "ネットワークから切り離し、情報システム担当に連絡する",
                            "correct": True,
                            "explanation": "被害の拡大を防ぎ、速やかに報告することが最優先です。",
                        },
                        {
                            "text": "パソコンを再起動して様子を見る",
                            "correct": False,
                            "explanation": "再起動では解決せず、証拠が失われることもあります。",
                        },
                    ],
                }
            ],
        }
        description = _("Questions scored at once, with an explanation for each option.")
