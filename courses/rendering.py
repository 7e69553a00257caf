"""Trainer-written text turned into safe HTML: Markdown (sanitised with nh3) and highlighted code.

Whatever a trainer types, no script, iframe, event handler or ``javascript:`` URL reaches a learner's
browser: Markdown is rendered, then sanitised against an allow-list. Headings start at level 2 because the
lesson title is the page's only ``h1``. Images are not allowed in Markdown: they go in the image block,
which requires alternative text.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

ALLOWED_TAGS = {
    *("h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code"),
    *("strong", "em", "b", "i", "s", "del", "ins", "mark", "sub", "sup", "small", "kbd", "abbr"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "thead", "tbody", "tr", "th", "td", "caption"),
    *("a", "ruby", "rt", "rp", "span"),
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


class _TitleHeadingsBecomeSections(Treeprocessor):
    """``# Heading`` becomes ``<h2>`` like ``## Heading``: the lesson title is the page's one ``<h1>``,
    and trainers' ``##`` sections stay directly below it (no skipped heading level)."""

    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class _LessonHeadings(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_TitleHeadingsBecomeSections(md), "lesson_headings", 5)


MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "abbr", "def_list", _LessonHeadings()]


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=1024)
def render_markdown(source: str) -> SafeString:
    """Markdown → sanitised HTML (cached: the same lesson text is rendered for every learner)."""
    html = markdown.markdown(source or "", extensions=MARKDOWN_EXTENSIONS)
    return mark_safe(sanitise_html(html))  # noqa: S308 (sanitised by nh3 just above)


CODE_LANGUAGES = [
    ("python", "Python"),
    ("pycon", _("Python (console)")),
    ("sql", "SQL"),
    ("bash", _("Shell")),
    ("javascript", "JavaScript"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("html", "HTML"),
    ("r", "R"),
    ("text", _("Plain text")),
]
_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


@lru_cache(maxsize=1024)
def highlight_code(source: str, language: str) -> SafeString:
    """Pygments HTML for ``source``; an unknown language is shown as plain text, escaped."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return mark_safe(highlight(source or "", lexer, _FORMATTER))  # noqa: S308 (Pygments escapes the code)
