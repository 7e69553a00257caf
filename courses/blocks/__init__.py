"""The blocks a lesson is made of. ``LessonStreamBlock`` is the lesson page's body."""

from wagtail import blocks

from .content import (
    RICH_TEXT_FEATURES,
    CalloutBlock,
    CodeBlock,
    DownloadBlock,
    ImageBlock,
    LessonRichTextBlock,
    MarkdownBlock,
    VideoBlock,
)
from .exercise import ExerciseBlock
from .quiz import MULTIPLE, SINGLE, OptionBlock, QuestionBlock, QuizBlock

__all__ = [
    "MULTIPLE",
    "SINGLE",
    "CalloutBlock",
    "CodeBlock",
    "DownloadBlock",
    "ExerciseBlock",
    "ImageBlock",
    "LessonRichTextBlock",
    "LessonStreamBlock",
    "MarkdownBlock",
    "OptionBlock",
    "QuestionBlock",
    "QuizBlock",
    "VideoBlock",
]


class LessonStreamBlock(blocks.StreamBlock):
    markdown = MarkdownBlock()
    rich_text = LessonRichTextBlock(features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    code = CodeBlock()
    download = DownloadBlock()
    quiz = QuizBlock()
    exercise = ExerciseBlock()
