"""Turn uploaded bytes into an nbformat 4 notebook, or one clear :class:`NotebookError`.

Checks run cheapest first so hostile input costs little: size, UTF-8, JSON, the notebook shape and
version, the number of cells, and only then nbformat's JSON schema.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4.rwbase import rejoin_lines
from nbformat.validator import normalize
from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning

from notebooks.errors import ErrorCode, NotebookError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_CELLS = 2000
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_cells: int = DEFAULT_MAX_CELLS


def read_notebook(data: bytes | str, limits: ReadLimits | None = None) -> NotebookNode:
    """Parse and check a notebook file's content (any notebook: a trainer's or a learner's)."""
    limits = limits or ReadLimits()
    raw = data.encode() if isinstance(data, str) else bytes(data)
    if len(raw) > limits.max_bytes:
        raise NotebookError(ErrorCode.TOO_LARGE, size=len(raw), max_bytes=limits.max_bytes)
    text = _decode(raw)
    parsed = _parse_json(text)
    _check_no_lone_surrogates(text, parsed)
    _check_shape(parsed, limits)
    return _to_notebook(parsed)


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotebookError(
            ErrorCode.NOT_UTF8, detail=f"byte {exc.start} cannot be decoded"
        ) from None
    if "\x00" in text:
        raise NotebookError(ErrorCode.NOT_UTF8, detail=f"NUL byte at offset {text.index(chr(0))}")
    return text


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(
            ErrorCode.INVALID_JSON, line=exc.lineno, column=exc.colno, detail=exc.msg
        ) from None
    except RecursionError:
        raise NotebookError(
            ErrorCode.INVALID_JSON, line=1, column=1, detail="nested too deeply"
        ) from None


def _check_no_lone_surrogates(text: str, parsed: Any) -> None:
    """JSON's ``\\ud800`` escapes can spell a lone UTF-16 surrogate, which no UTF-8 text holds: the
    notebook could not be sent to a kernel (every message is UTF-8) or stored, so the grader would
    fail on it after every retry. json.loads joins valid pairs, so any surrogate left is lone."""
    if not _SURROGATE_ESCAPE.search(text):
        return
    pending = [parsed]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                raise NotebookError(
                    ErrorCode.NOT_UTF8,
                    detail=f"it contains a lone surrogate \\u{ord(found.group()):04x}",
                )
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def _check_shape(parsed: Any, limits: ReadLimits) -> None:
    # ``reason`` lets a caller say the detail in the reader's language.
    if not isinstance(parsed, Mapping):
        raise _wrong_type("top_level", "the top level", parsed, "an object")
    if "nbformat" not in parsed:
        raise NotebookError(
            ErrorCode.NOT_A_NOTEBOOK, detail="it has no 'nbformat' field", reason="no_nbformat"
        )
    version = parsed["nbformat"]
    if type(version) is not int:
        # "4" or 4.0 would otherwise read "uses nbformat 4; only nbformat 4 is supported".
        raise _wrong_type("nbformat_type", "its 'nbformat' field", version, "a whole number")
    if version != 4:
        raise NotebookError(ErrorCode.UNSUPPORTED_NBFORMAT, version=version)
    cells = parsed.get("cells")
    if not isinstance(cells, list):
        raise NotebookError(
            ErrorCode.NOT_A_NOTEBOOK, detail="it has no list of 'cells'", reason="no_cells"
        )
    if len(cells) > limits.max_cells:
        raise NotebookError(ErrorCode.TOO_MANY_CELLS, count=len(cells), max_cells=limits.max_cells)
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, Mapping):
            raise _wrong_type("cell_type", f"cell {number}", cell, "an object", cell_number=number)


def _wrong_type(
    reason: str, subject: str, value: Any, expected: str, **params: Any
) -> NotebookError:
    """JSON of the wrong type where a notebook has ``expected``; ``found`` names it for translation."""
    found = _json_type(value)
    return NotebookError(
        ErrorCode.NOT_A_NOTEBOOK,
        detail=f"{subject} is a {found}, not {expected}",
        reason=reason,
        found=found,
        **params,
    )


def _repair_cell_shapes(parsed: dict[str, Any]) -> None:
    """Fix what a changed cell type leaves behind, as nbgrader does when it restores a type.

    A cell switched from code to markdown keeps ``outputs``; one switched to code lacks them.
    """
    for cell in parsed["cells"]:
        if not isinstance(cell, dict):
            continue
        if cell.get("cell_type") == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        elif cell.get("cell_type") in ("markdown", "raw"):
            cell.pop("outputs", None)
            cell.pop("execution_count", None)


def _to_notebook(parsed: dict[str, Any]) -> NotebookNode:
    _repair_cell_shapes(parsed)
    try:
        with warnings.catch_warnings():
            # nbformat 4.5 requires cell ids; older tools omit them and normalize() adds them.
            warnings.simplefilter("ignore", MissingIDFieldWarning)
            # Duplicate cell ids (cells copied by hand) are renamed by normalize(); nothing here
            # depends on cell ids, so its warning on stderr would only be noise.
            warnings.simplefilter("ignore", DuplicateCellId)
            _changes, repaired = normalize(parsed)
            nb = nbformat.from_dict(repaired)
            nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        where = "/".join(str(part) for part in exc.absolute_path) or "top level"
        detail = f"at {where}: {_first_line(exc.message)}"
        raise NotebookError(ErrorCode.INVALID_NOTEBOOK, detail=detail) from None
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise NotebookError(ErrorCode.INVALID_NOTEBOOK, detail=_first_line(str(exc))) from None
    return rejoin_lines(nb)


def _first_line(text: str, limit: int = 300) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[:limit] + "…"


def _json_type(value: Any) -> str:
    names = {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
