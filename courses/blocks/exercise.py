"""The notebook-exercise block: a lesson with one is complete when the learner's exercise passes.

The grading app renders the exercise itself through ``grading/exercise_panel.html`` when it exists;
until then the block shows the exercise's title in a placeholder panel.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.choosers import ExerciseChooserBlock
from courses.rendering import render_markdown

from .content import PREVIEW_TEMPLATE


class ExerciseBlock(blocks.StructBlock):
    exercise = ExerciseChooserBlock(label=_("Notebook exercise"))
    introduction = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        help_text=_("What the learner will practise (Markdown)."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["introduction_html"] = render_markdown(value.get("introduction") or "")
        return context

    class Meta:
        icon = "code"
        label = _("Notebook exercise")
        template = "courses/blocks/exercise.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"introduction": "Jupyter ノートブックで pandas の集計を練習します。"}
        description = _("A Jupyter notebook exercise graded automatically.")
