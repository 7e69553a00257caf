"""What a cell is, in nbgrader's terms, and its nbgrader-compatible checksum.

A cell's role lives in ``cell.metadata["nbgrader"]`` (schema 3): ``solution`` (an answer cell the
learner fills in), ``grade`` (a cell that earns ``points``: a test cell, or with ``solution`` a
manually graded answer), ``locked`` (read-only), ``task`` (a manually graded markdown task) and
``grade_id`` (unique name). These predicates mirror ``nbgrader.utils``; a flag counts only
when it is a real ``true`` (validation refuses other values in a source notebook).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from nbformat import NotebookNode

SCHEMA_VERSION = 3
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
# Manabi's own cell metadata (``metadata["manabi"]``): the trainer's ``hint`` on a test cell, and the
# executor's ``status`` / ``duration_ms`` on an executed cell.
MANABI_KEY = "manabi"


def nbgrader_meta(cell: Mapping[str, Any]) -> Mapping[str, Any]:
    """The cell's nbgrader metadata, or an empty mapping (also when it is not a mapping)."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, Mapping) else None
    return meta if isinstance(meta, Mapping) else {}


def is_grade(cell: Mapping[str, Any]) -> bool:
    return nbgrader_meta(cell).get("grade", False) is True


def is_solution(cell: Mapping[str, Any]) -> bool:
    return nbgrader_meta(cell).get("solution", False) is True


def is_task(cell: Mapping[str, Any]) -> bool:
    return nbgrader_meta(cell).get("task", False) is True


def is_locked(cell: Mapping[str, Any]) -> bool:
    """Read-only for the learner: solutions never are, grade cells always are."""
    if is_solution(cell):
        return False
    if is_grade(cell):
        return True
    return nbgrader_meta(cell).get("locked", False) is True


def is_test(cell: Mapping[str, Any]) -> bool:
    """An autograded test cell: graded, not an answer."""
    return is_grade(cell) and not is_solution(cell)


def is_manual(cell: Mapping[str, Any]) -> bool:
    """Scored by a person: a graded answer cell or a task cell."""
    return (is_grade(cell) and is_solution(cell)) or is_task(cell)


def is_scored(cell: Mapping[str, Any]) -> bool:
    """Contributes to the maximum score (grade cells and task cells)."""
    return is_grade(cell) or is_task(cell)


def is_nbgrader_cell(cell: Mapping[str, Any]) -> bool:
    """Has a role that needs a grade id."""
    return is_grade(cell) or is_solution(cell) or is_locked(cell) or is_task(cell)


def grade_id(cell: Mapping[str, Any]) -> str | None:
    """The grade id if the cell has a usable one (a non-empty string), else ``None``."""
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) and value else None


def points(cell: Mapping[str, Any]) -> float:
    """The points of a validated grade or task cell."""
    return float(nbgrader_meta(cell).get("points", 0.0))


def source_text(cell: Mapping[str, Any]) -> str:
    """The cell source as one string (nbformat allows a list of lines)."""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def compute_checksum(cell: Mapping[str, Any]) -> str:
    """nbgrader's checksum of a graded, answer or locked cell (``nbgrader.utils.compute_checksum``).

    MD5 is what nbgrader stores; it detects changes, it is not a security measure.
    """
    digest = hashlib.md5(usedforsecurity=False)
    digest.update(source_text(cell).encode())
    digest.update(str(cell.get("cell_type")).encode())
    digest.update(str(is_grade(cell)).encode())
    digest.update(str(is_solution(cell)).encode())
    digest.update(str(is_locked(cell)).encode())
    digest.update(str(nbgrader_meta(cell).get("grade_id", "")).encode())
    if is_grade(cell):
        digest.update(str(points(cell)).encode())
    return digest.hexdigest()


def manabi_meta(cell: Mapping[str, Any]) -> Mapping[str, Any]:
    metadata = cell.get("metadata")
    meta = metadata.get(MANABI_KEY) if isinstance(metadata, Mapping) else None
    return meta if isinstance(meta, Mapping) else {}


def kernel_language(nb: Mapping[str, Any]) -> str:
    metadata = nb.get("metadata")
    kernelspec = metadata.get("kernelspec") if isinstance(metadata, Mapping) else None
    language = kernelspec.get("language") if isinstance(kernelspec, Mapping) else None
    return language if isinstance(language, str) and language else "python"


def graded_cells(nb: NotebookNode) -> Iterator[tuple[str, NotebookNode]]:
    """(grade id, cell) of every cell that contributes to the score, in notebook order."""
    for cell in nb.cells:
        if is_scored(cell) and (cell_grade_id := grade_id(cell)) is not None:
            yield cell_grade_id, cell
