"""Check a trainer's source notebook: nbgrader's rules plus the markers inside cells.

:func:`source_problems` lists every problem (for a validation report); :func:`validate_source`
raises the first; :func:`read_source` reads, upgrades and validates in one call.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from nbformat import NotebookNode

from notebooks import cells
from notebooks.autotest import cell_has_directives
from notebooks.errors import ErrorCode, NotebookError
from notebooks.read import ReadLimits, read_notebook
from notebooks.regions import (
    HIDDEN_TESTS,
    MARK_SCHEME,
    SOLUTION,
    Region,
    check_region,
    has_region,
)
from notebooks.schema import upgrade_metadata

_GRADE_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")

# Which cells may hold which marked region, and how to say so in an error message.
_REGION_RULES: tuple[tuple[Region, Callable[[NotebookNode], bool], str], ...] = (
    (SOLUTION, cells.is_solution, "answer (solution) cells"),
    (HIDDEN_TESTS, cells.is_grade, "graded test cells"),
    (MARK_SCHEME, cells.is_task, "task cells"),
)


def read_source(data: bytes | str, limits: ReadLimits | None = None) -> NotebookNode:
    """Read a trainer's source notebook: file checks, schema upgrade, nbgrader rules."""
    nb = upgrade_metadata(read_notebook(data, limits))
    validate_source(nb)
    return nb


def validate_source(nb: NotebookNode) -> None:
    """Raise the first problem of an (upgraded) source notebook, if any."""
    problems = source_problems(nb)
    if problems:
        raise problems[0]


def source_problems(nb: NotebookNode, *, expect_autotests: bool = False) -> list[NotebookError]:
    """Every problem of an (upgraded) source notebook, in cell order.

    AUTOTEST directives are a problem unless ``expect_autotests`` says they are about to be turned
    into tests (:mod:`notebooks.autotest`): a stored source must never keep one, as an untouched
    directive is a comment and its test would always pass."""
    problems: list[NotebookError] = []
    language = cells.kernel_language(nb)
    if language.lower() != "python":
        problems.append(NotebookError(ErrorCode.UNSUPPORTED_LANGUAGE, language=language))
    first_seen: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        number = index + 1
        problem = _cell_problem(cell, number, expect_autotests)
        if problem is not None:
            problems.append(problem)
        grade_id = cells.grade_id(cell)
        if grade_id is None or not cells.is_nbgrader_cell(cell):
            continue
        if grade_id in first_seen:
            problems.append(
                NotebookError(
                    ErrorCode.DUPLICATE_GRADE_ID,
                    grade_id=grade_id,
                    first_cell_number=first_seen[grade_id],
                    cell_number=number,
                )
            )
        else:
            first_seen[grade_id] = number
    return problems


def _cell_problem(cell: NotebookNode, number: int, expect_autotests: bool) -> NotebookError | None:
    try:
        if cells.is_nbgrader_cell(cell):
            _check_role(cell, number)
        _check_regions(cell, number)
        _check_autotest(cell, number, expect_autotests)
    except NotebookError as problem:
        return problem
    return None


def _check_role(cell: NotebookNode, number: int) -> None:
    meta = cells.nbgrader_meta(cell)
    label = meta.get("grade_id") or "?"
    cell_type = cell.cell_type
    if cell_type not in ("code", "markdown"):
        raise NotebookError(
            ErrorCode.WRONG_CELL_TYPE, grade_id=label, cell_number=number, cell_type=cell_type
        )
    if cells.is_task(cell):
        if cell_type != "markdown":
            raise NotebookError(
                ErrorCode.TASK_NOT_MARKDOWN, grade_id=label, cell_number=number, cell_type=cell_type
            )
    elif cell_type == "markdown" and cells.is_grade(cell) and not cells.is_solution(cell):
        raise NotebookError(
            ErrorCode.MARKDOWN_GRADE_NOT_SOLUTION, grade_id=label, cell_number=number
        )
    elif cell_type == "markdown" and cells.is_solution(cell) and not cells.is_grade(cell):
        raise NotebookError(ErrorCode.MARKDOWN_SOLUTION_NOT_GRADED, cell_number=number)
    _check_grade_id(meta.get("grade_id"), number)
    if cells.is_scored(cell):
        _check_points(meta, number)


def _check_grade_id(grade_id: object, number: int) -> None:
    if grade_id is None:
        raise NotebookError(ErrorCode.MISSING_GRADE_ID, cell_number=number)
    if not isinstance(grade_id, str) or not grade_id.strip():
        raise NotebookError(ErrorCode.BLANK_GRADE_ID, cell_number=number)
    if not set(grade_id) <= _GRADE_ID_CHARS:
        raise NotebookError(ErrorCode.INVALID_GRADE_ID, cell_number=number, grade_id=grade_id)


def _check_points(meta: dict[str, object], number: int) -> None:
    grade_id = meta["grade_id"]
    if "points" not in meta or meta["points"] is None:
        raise NotebookError(ErrorCode.MISSING_POINTS, grade_id=grade_id, cell_number=number)
    value = meta["points"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise NotebookError(
            ErrorCode.INVALID_POINTS, grade_id=grade_id, cell_number=number, points=value
        )
    if value < 0:
        raise NotebookError(
            ErrorCode.NEGATIVE_POINTS, grade_id=grade_id, cell_number=number, points=value
        )


def _check_regions(cell: NotebookNode, number: int) -> None:
    source = cells.source_text(cell)
    for region, allowed_in, allowed in _REGION_RULES:
        if not has_region(source, region):
            continue
        if not allowed_in(cell):
            raise NotebookError(
                ErrorCode.REGION_IN_WRONG_CELL,
                cell_number=number,
                begin=region.begin,
                allowed=allowed,
            )
        check_region(source, region, number)


def _check_autotest(cell: NotebookNode, number: int, expect_autotests: bool) -> None:
    if not cell_has_directives(cell):
        return
    if not cells.is_test(cell):
        raise NotebookError(ErrorCode.AUTOTEST_OUTSIDE_TEST_CELL, cell_number=number)
    if not expect_autotests:
        raise NotebookError(ErrorCode.AUTOTEST_NOT_INSTANTIATED, cell_number=number)
