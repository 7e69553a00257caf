"""Template tags of the learning pages."""

from __future__ import annotations

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def optional_include(context, template_name: str, **extra) -> SafeString:
    """Includes ``template_name`` if another app provides it, else nothing.

    Features that arrive later (the grading app's exercise panel) plug into learning pages this way.
    Errors inside an existing template are not hidden. A panel that must be there (My learning's
    certificates) is a plain ``{% include %}``, so a missing template is an error, not a blank.
    """
    try:
        included = get_template(template_name)
    except TemplateDoesNotExist:
        return mark_safe("")
    values = context.flatten()
    values.update(extra)
    return mark_safe(included.render(values, context.get("request")))  # noqa: S308 (a template's output)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None, for dictionaries keyed by block ids."""
    if not mapping:
        return None
    return mapping.get(key)


def progress_text(completed: int, total: int, percent: int) -> str:
    """ "3 of 10 lessons complete (30%)": the same words on the page and in the quiz script's updates."""
    return gettext("%(completed)s of %(total)s lessons complete (%(percent)s%%)") % {
        "completed": completed,
        "total": total,
        "percent": percent,
    }


@register.simple_tag
def progress_label(progress) -> str:
    return progress_text(progress.completed_lessons, progress.total_lessons, progress.percent)
