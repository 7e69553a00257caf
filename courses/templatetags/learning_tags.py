"""Template tags of the learning pages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

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


def content_language() -> str:
    """The language trainers write learning pages in: Wagtail's one content locale (``LANGUAGE_CODE``,
    Japanese; ``WAGTAIL_I18N_ENABLED`` is off)."""
    return settings.LANGUAGE_CODE.split("-")[0]


@register.simple_tag
def content_lang() -> SafeString:
    """`` lang="ja"`` for an element holding trainers' text (titles, summaries, lesson blocks) when the
    interface is in another language, so that screen readers read the Japanese in Japanese on an
    English page (WCAG 3.1.2, language of parts); nothing when both agree."""
    language = content_language()
    if (get_language() or language).split("-")[0] == language:
        return mark_safe("")
    return format_html(' lang="{}"', language)
