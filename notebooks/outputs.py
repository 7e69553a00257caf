"""Reading an executed cell's outputs the way nbgrader judges them.

nbgrader's rules (``nbgrader.utils.determine_grade``): an ``error`` output or anything written to
stderr means the test failed; otherwise the first ``execute_result`` that is a number gives partial
credit; otherwise the test passed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
# What no HTML page may hold (NUL, other C0 and C1 controls but tab and newlines, DEL) and no
# PostgreSQL text or jsonb value (NUL): a learner's error text is shown and stored, so they go.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_MESSAGE_CHARS = 1000
MAX_TRACEBACK_LINES = 12
MAX_TRACEBACK_CHARS = 4000


@dataclass(frozen=True)
class Failure:
    """Why an executed cell failed: an exception (``name`` set) or output on stderr (``name`` "").

    Texts are complete (ANSI codes removed, control characters replaced); :func:`shorten` and
    :func:`short_traceback` trim them for display, after anything secret has been masked.
    """

    name: str
    message: str
    traceback: str


def strip_ansi(text: str) -> str:
    """Text fit to show: ANSI codes removed, other control characters replaced by U+FFFD."""
    return _CONTROLS.sub("\ufffd", _ANSI.sub("", text))


def first_failure(cell: Mapping[str, Any]) -> Failure | None:
    for output in _outputs(cell):
        output_type = output.get("output_type")
        if output_type == "error":
            traceback = output.get("traceback")
            lines = traceback if isinstance(traceback, list) else []
            return Failure(
                name=strip_ansi(_text(output.get("ename"))),
                message=strip_ansi(_text(output.get("evalue"))),
                traceback=strip_ansi("\n".join(line for line in lines if isinstance(line, str))),
            )
        if output_type == "stream" and output.get("name") == "stderr":
            return Failure(
                name="", message=strip_ansi(_text(output.get("text"))).strip(), traceback=""
            )
    return None


def partial_credit(cell: Mapping[str, Any], max_points: float) -> float | None:
    """Points from the first ``execute_result`` (nbgrader's ``get_partial_grade``), capped.

    ``None`` when there is no result; full points when the result is not a single number or is
    negative, as nbgrader does. nbgrader refuses a result above the maximum; we cap it.
    """
    for output in _outputs(cell):
        if output.get("output_type") != "execute_result":
            continue
        data = output.get("data")
        value = data.get("text/plain") if isinstance(data, Mapping) else None
        if isinstance(value, list):
            if len(value) != 1:
                return max_points
            value = value[0]
        try:
            grade = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return max_points
        if math.isnan(grade) or grade < 0:
            return max_points
        return min(grade, max_points)
    return None


def short_traceback(text: str) -> str:
    """The last lines of a plain-text traceback."""
    lines = [line.rstrip() for line in text.split("\n")]
    lines = [line for line in lines if line.strip()]
    if len(lines) > MAX_TRACEBACK_LINES:
        lines = ["…", *lines[-MAX_TRACEBACK_LINES:]]
    return shorten("\n".join(lines), MAX_TRACEBACK_CHARS, keep_end=True)


def _outputs(cell: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    outputs = cell.get("outputs")
    if not isinstance(outputs, list):
        return []
    return [output for output in outputs if isinstance(output, Mapping)]


def _text(value: object) -> str:
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) else ""


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS, keep_end: bool = False) -> str:
    if len(text) <= limit:
        return text
    return "…" + text[-limit:] if keep_end else text[:limit] + "…"
