"""nbgrader cell metadata: upgrade old schema versions to 3 and check the value types.

Upgrades follow ``nbgrader update`` (``nbgrader.nbgraderformat.v1..v3``): schema 0 cells get
``False`` for missing flags, lose their nbgrader metadata if they have no role, and have their points
turned into non-negative floats; schema 1 cells with a checksum get their ``cell_type``; keys the
schema does not know are dropped. A schema newer than 3 is refused.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from nbformat import NotebookNode

from notebooks.cells import SCHEMA_VERSION
from notebooks.errors import ErrorCode, NotebookError

_FLAGS = ("grade", "solution", "locked")
_ALLOWED_KEYS = frozenset(
    {"schema_version", "grade", "locked", "solution", "task", "grade_id", "points"}
    | {"checksum", "cell_type"}
)
_CELL_TYPES = ("raw", "code", "markdown")


def upgrade_metadata(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` whose nbgrader metadata is schema 3 with well-typed values."""
    upgraded = copy.deepcopy(nb)
    for index, cell in enumerate(upgraded.cells):
        _upgrade_cell(cell, index + 1)
    return upgraded


def _upgrade_cell(cell: NotebookNode, cell_number: int) -> None:
    metadata = cell.get("metadata")
    if not isinstance(metadata, dict) or "nbgrader" not in metadata:
        return
    meta = metadata["nbgrader"]
    if not isinstance(meta, dict):
        raise _invalid(cell_number, "'nbgrader' must be an object")
    version = meta.get("schema_version", 0)
    if not _is_int(version) or version < 0:
        raise _invalid(cell_number, f"schema_version must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise NotebookError(
            ErrorCode.SCHEMA_TOO_NEW,
            cell_number=cell_number,
            version=version,
            expected=SCHEMA_VERSION,
        )
    for flag in (*_FLAGS, "task"):
        if flag in meta and not isinstance(meta[flag], bool):
            raise _invalid(cell_number, f"{flag!r} must be true or false, not {meta[flag]!r}")
    if version == 0:
        _upgrade_v0_to_v1(meta)
        if not any(meta[flag] for flag in _FLAGS):
            del metadata["nbgrader"]
            return
    if version <= 1 and "checksum" in meta and "cell_type" not in meta:
        meta["cell_type"] = cell.get("cell_type")
    for flag in _FLAGS:
        meta.setdefault(flag, False)
    meta["schema_version"] = SCHEMA_VERSION
    for key in set(meta) - _ALLOWED_KEYS:
        del meta[key]
    _check_types(meta, cell_number)


def _upgrade_v0_to_v1(meta: dict[str, Any]) -> None:
    for flag in _FLAGS:
        meta.setdefault(flag, False)
    if not meta["grade"]:
        meta.pop("points", None)
        return
    value = meta.get("points", "")
    if value == "":
        meta["points"] = 0.0
        return
    try:
        number = float(value)
    except (TypeError, ValueError):
        return  # left as is: validation reports the points as not a number
    meta["points"] = max(number, 0.0) if math.isfinite(number) else number


def _check_types(meta: dict[str, Any], cell_number: int) -> None:
    if "grade_id" in meta and not isinstance(meta["grade_id"], str):
        raise _invalid(cell_number, f"grade_id must be text, not {meta['grade_id']!r}")
    if "checksum" in meta and not isinstance(meta["checksum"], str):
        raise _invalid(cell_number, "checksum must be text")
    if "cell_type" in meta and meta["cell_type"] not in _CELL_TYPES:
        raise _invalid(cell_number, f"cell_type must be one of {', '.join(_CELL_TYPES)}")


def _invalid(cell_number: int, detail: str) -> NotebookError:
    return NotebookError(ErrorCode.INVALID_METADATA, cell_number=cell_number, detail=detail)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
