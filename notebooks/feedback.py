"""The learner's feedback page as an HTML fragment: escaped, no scripts, no inline styles.

It is built only from a :class:`ScoreReport`, which never holds a hidden test's code or error, so the
page cannot show them: a hidden test shows that it passed or failed and the trainer's hint; a test
whose error text was withheld says so and points to "Run tests".
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from notebooks.feedback_messages import messages_for
from notebooks.report import CellScore, ScoreReport
from notebooks.scoring import DEAD_KERNEL
from notebooks.submission import SubmissionNotice


def render_feedback_html(
    report: ScoreReport,
    *,
    language: str = "ja",
    notices: Sequence[SubmissionNotice] = (),
    heading_level: int = 2,
    id_prefix: str = "manabi-feedback",
) -> str:
    """A ``<section>`` with a heading, a summary and a list of tests (and of manual answers)."""
    text = messages_for(language)
    level = min(max(heading_level, 1), 5)
    prefix = escape(id_prefix)
    title = text["visible_only_title"] if report.visible_only else text["title"]
    tests = [cell for cell in report.cells if cell.kind == "autograded"]
    manual = [cell for cell in report.cells if cell.kind == "manual"]
    parts = [
        f'<section class="manabi-feedback" lang="{escape(page_language(language))}" '
        f'aria-labelledby="{prefix}-title">',
        f'<h{level} id="{prefix}-title">{escape(title)}</h{level}>',
        _summary(report, tests, text),
    ]
    if tests:
        parts.append(_list(f"{prefix}-tests", text["tests_heading"], tests, level + 1, text))
    if manual:
        parts.append(_list(f"{prefix}-manual", text["manual_heading"], manual, level + 1, text))
    if notices:
        parts.append(_notices(f"{prefix}-notices", notices, level + 1, text))
    parts.append("</section>")
    return "\n".join(parts)


def _summary(report: ScoreReport, tests: list[CellScore], text: dict[str, str]) -> str:
    lines = [
        "<strong>"
        + escape(
            text["score"].format(score=_points(report.score), max_score=_points(report.max_score))
        )
        + "</strong>"
    ]
    if tests:
        passed = sum(1 for cell in tests if cell.status == "passed")
        lines.append(escape(text["tests_passed"].format(passed=passed, total=len(tests))))
    if not report.cells:
        lines.append(escape(text["no_graded_cells"]))
    html = '<div class="manabi-feedback-summary">\n<p>' + "<br>\n".join(lines) + "</p>"
    if report.needs_manual_grade:
        html += f"\n<p>{escape(text['manual_pending'])}</p>"
    if report.visible_only:
        html += f"\n<p>{escape(text['visible_only'])}</p>"
    return html + "\n</div>"


def _list(
    list_id: str, heading: str, items: list[CellScore], level: int, text: dict[str, str]
) -> str:
    entries = "\n".join(_item(cell, text) for cell in items)
    return (
        f'<h{level} id="{list_id}">{escape(heading)}</h{level}>\n'
        f'<ul class="manabi-feedback-list" aria-labelledby="{list_id}">\n{entries}\n</ul>'
    )


def _item(cell: CellScore, text: dict[str, str]) -> str:
    status = "failed" if cell.hidden and cell.status != "passed" else cell.status
    label = text[f"status_{status}"]
    hidden = (
        f' <span class="manabi-feedback-hidden">({escape(text["hidden_label"])})</span>'
        if cell.hidden
        else ""
    )
    points = text["points"].format(score=_points(cell.score), max_score=_points(cell.max_score))
    heading = (
        f'<p class="manabi-feedback-test"><span class="manabi-feedback-status">'
        f"{escape(label)}</span> <code>{escape(cell.grade_id)}</code>{hidden} "
        f'<span class="manabi-feedback-points">{escape(points)}</span></p>'
    )
    body = [heading, *_details(cell, text)]
    if cell.hint and cell.status != "passed" and cell.kind == "autograded":
        hint = "<br>".join(escape(line) for line in cell.hint.split("\n"))
        body.append(
            f'<p class="manabi-feedback-hint"><strong>{escape(text["hint"])}</strong> {hint}</p>'
        )
    return (
        f'<li class="manabi-feedback-item manabi-feedback-item--{escape(status)}">'
        + "\n".join(body)
        + "</li>"
    )


def _details(cell: CellScore, text: dict[str, str]) -> list[str]:
    if cell.status == "passed" or cell.kind == "manual":
        return []
    if cell.hidden:
        return [f"<p>{escape(text['hidden_failed'])}</p>"]
    if cell.status == "timeout":
        return [f"<p>{escape(text['timeout_detail'])}</p>"]
    if cell.status == "not_run":
        return [f"<p>{escape(text['not_run_detail'])}</p>"]
    error = cell.error
    if cell.withheld:
        details = [f"<p>{escape(text['withheld_detail'])}</p>"]
        if error is not None:
            details.insert(0, _error_line(error.name, text))
        return details
    if error is None:
        return []
    if error.name == DEAD_KERNEL:
        return [f"<p>{escape(text['dead_kernel_detail'])}</p>"]
    if not error.name:
        return [
            f"<p>{escape(text['stderr_detail'])}</p>",
            f'<pre class="manabi-feedback-output">{escape(error.message)}</pre>',
        ]
    summary = f"{error.name}: {error.message}" if error.message else error.name
    details = [_error_line(summary, text)]
    if error.traceback:
        details.append(
            f"<details><summary>{escape(text['traceback'])}</summary>"
            f'<pre class="manabi-feedback-traceback">{escape(error.traceback)}</pre></details>'
        )
    return details


def _error_line(summary: str, text: dict[str, str]) -> str:
    return (
        f'<p class="manabi-feedback-error">{escape(text["error_detail"])} '
        f"<code>{escape(summary)}</code></p>"
    )


def _notices(
    list_id: str, notices: Sequence[SubmissionNotice], level: int, text: dict[str, str]
) -> str:
    entries = "\n".join(
        f"<li>{escape(text['notice_' + notice.code].format(grade_id=notice.grade_id))}</li>"
        for notice in notices
        if "notice_" + notice.code in text
    )
    return (
        f'<h{level} id="{list_id}">{escape(text["notices_heading"])}</h{level}>\n'
        f'<ul class="manabi-feedback-notices" aria-labelledby="{list_id}">\n{entries}\n</ul>'
    )


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def page_language(language: str) -> str:
    """The language feedback is written in (Japanese or English): the page's ``lang``."""
    return "ja" if language.lower().startswith("ja") else "en"
