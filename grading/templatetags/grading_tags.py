"""Template tags for the exercise panel (the lesson page includes it without a view of ours)."""

from __future__ import annotations

from django import template
from django.contrib.staticfiles import finders
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from grading import conf, learner
from grading.models import Exercise

register = template.Library()


@register.simple_tag
def exercise_panel_state(exercise: Exercise | None, user: object) -> learner.PanelState | None:
    if exercise is None:
        return None
    return learner.panel_state(exercise, user)


@register.simple_tag
def editor_bundle_built() -> bool:
    """The CodeMirror bundle exists (``make install`` builds it); without it textareas remain."""
    return finders.find("grading/dist/editor.js") is not None


@register.simple_tag
def notebook_upload_limit() -> str:
    """The largest notebook the server accepts (``GRADING_MAX_UPLOAD_BYTES``), e.g. "20.0 MB"."""
    return filesizeformat(conf.get("GRADING_MAX_UPLOAD_BYTES"))


@register.filter
def points(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


TEST_STATUS_LABELS = {
    "passed": _("Passed"),
    "failed": _("Failed"),
    "error": _("Error"),
    "timeout": _("Timed out"),
    "not_run": _("Not run"),
}


@register.filter
def test_status(value: str) -> str:
    """A test's status in a validation report, in the reader's language."""
    return str(TEST_STATUS_LABELS.get(value, value))
