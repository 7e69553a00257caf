"""Marked regions inside a cell's source, found the way nbgrader finds them.

nbgrader recognises a marker anywhere in a line (``"BEGIN SOLUTION" in line``), so ``### BEGIN
SOLUTION`` and ``# BEGIN SOLUTION`` both work; we do the same so existing notebooks work unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notebooks.errors import ErrorCode, NotebookError


@dataclass(frozen=True)
class Region:
    begin: str
    end: str


SOLUTION = Region("BEGIN SOLUTION", "END SOLUTION")
HIDDEN_TESTS = Region("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
MARK_SCHEME = Region("BEGIN MARK SCHEME", "END MARK SCHEME")

_HINT = re.compile(r"^\s*#\s*(?:HINT|ヒント)\s*[:：]\s?(.*)$", re.IGNORECASE)


def has_region(source: str, region: Region) -> bool:
    return any(region.begin in line for line in source.split("\n"))


def check_region(source: str, region: Region, cell_number: int) -> None:
    """Raise if the region markers are nested or a region is never closed."""
    inside = False
    for line in source.split("\n"):
        if region.begin in line:
            if inside:
                raise NotebookError(
                    ErrorCode.NESTED_REGION, cell_number=cell_number, begin=region.begin
                )
            inside = True
        elif region.end in line:
            inside = False
    if inside:
        raise NotebookError(
            ErrorCode.UNCLOSED_REGION, cell_number=cell_number, begin=region.begin, end=region.end
        )


def replace_region(source: str, region: Region, stub: str | None) -> tuple[str, bool]:
    """Drop every region (markers included); put ``stub`` in its place, indented like the marker.

    Returns the new source and whether a region was found. Assumes :func:`check_region` passed.
    """
    kept: list[str] = []
    inside = False
    found = False
    for line in source.split("\n"):
        if region.begin in line:
            inside = True
            found = True
            if stub is not None:
                indent = line[: len(line) - len(line.lstrip())]
                kept.extend(indent + stub_line for stub_line in stub.split("\n"))
        elif region.end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept), found


def outside_region(source: str, region: Region) -> str:
    """The source without the region's contents (what a learner sees of a test cell)."""
    return replace_region(source, region, None)[0]


def hint_lines(source: str) -> list[str]:
    """Texts of ``# HINT: ...`` (or ``# ヒント: ...``) lines outside hidden tests."""
    hints = []
    for line in outside_region(source, HIDDEN_TESTS).split("\n"):
        match = _HINT.match(line)
        if match and match.group(1).strip():
            hints.append(match.group(1).strip())
    return hints
