"""What the grading app needs to know about a trainer's source notebook, from its bytes.

One place for: reading it (every problem listed, not just the first), its summary (answers, tests,
hidden tests, manual cells, points) and the digest that says whether its tests changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import nbformat
from nbformat import NotebookNode

from grading import conf
from notebooks import cells
from notebooks.autotest import Directive, cell_has_directives, parse_cell, uses_autotest
from notebooks.errors import ErrorCode, NotebookError
from notebooks.read import ReadLimits, read_notebook
from notebooks.regions import HIDDEN_TESTS, has_region
from notebooks.release import make_learner_version
from notebooks.schema import upgrade_metadata
from notebooks.validate import source_problems


@dataclass(frozen=True)
class SourceInfo:
    """``data`` is what gets stored: the upload itself, or, when it has AUTOTEST directives, the
    source with its generated tests (``sha256`` is of ``data``)."""

    nb: NotebookNode
    sha256: str
    problems: tuple[NotebookError, ...] = ()
    summary: dict = field(default_factory=dict)
    tests_digest: str = ""
    data: bytes = b""

    @property
    def is_valid(self) -> bool:
        return not self.problems


def read_upload(data: bytes) -> NotebookNode:
    """Any uploaded notebook (a learner's or a trainer's), within the upload limit."""
    max_bytes = conf.get("GRADING_MAX_UPLOAD_BYTES")
    if len(data) > max_bytes:
        raise NotebookError(ErrorCode.TOO_LARGE, size=len(data), max_bytes=max_bytes)
    return read_notebook(data, ReadLimits(max_bytes=max_bytes))


def inspect_source(
    data: bytes,
    *,
    autotests: bytes | None = None,
    limits: Any = None,
    executor: Any = None,
) -> SourceInfo:
    """Read and check a source notebook. Raises :class:`NotebookError` if it is not a notebook at
    all; nbgrader problems are listed in ``problems``.

    A notebook with nbgrader's AUTOTEST directives has them turned into tests here, in the sandbox
    (``autotests``: the trainer's autotests.yml, else nbgrader's own; ``limits`` default to 30 s per
    cell): a bad yml or a failing snippet is a problem like any other. May raise
    :class:`grading.execution.ExecutorFailed` or ``SandboxUnavailableError`` then.
    """
    nb = read_upload(data)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        nb = upgrade_metadata(nb)
    except NotebookError as problem:
        return SourceInfo(nb=nb, sha256=sha256, problems=(problem,), data=data)
    problems = tuple(source_problems(nb, expect_autotests=True))
    if problems:
        return SourceInfo(nb=nb, sha256=sha256, problems=problems, data=data)
    snippets = count_snippets(nb)
    if uses_autotest(nb):
        from grading.autotests import prepare_autotests
        from grading.execution import make_limits

        run_limits = limits or make_limits(cell_timeout_s=30, notebook_timeout_s=120)
        try:
            nb = prepare_autotests(nb, autotests, run_limits, executor=executor)
        except NotebookError as problem:
            return SourceInfo(nb=nb, sha256=sha256, problems=(problem,), data=data)
        data = nbformat.writes(nb).encode()
        sha256 = hashlib.sha256(data).hexdigest()
        problems = tuple(source_problems(nb))  # no directive may be left
        if problems:
            return SourceInfo(nb=nb, sha256=sha256, problems=problems, data=data)
    summary = {**summarise(nb), "autotest_snippets": snippets}
    return SourceInfo(
        nb=nb, sha256=sha256, summary=summary, tests_digest=tests_digest(nb), data=data
    )


def count_snippets(nb: NotebookNode) -> int:
    """How many AUTOTEST snippets the notebook's directives name (0: no directives)."""
    return sum(
        len(item.snippets)
        for index, cell in enumerate(nb.cells)
        if cell_has_directives(cell)
        for item in parse_cell(cell, index)
        if isinstance(item, Directive)
    )


def read_valid_source(data: bytes) -> NotebookNode:
    """A stored (already validated) source notebook."""
    return upgrade_metadata(read_notebook(data))


def summarise(nb: NotebookNode) -> dict:
    answers = [cell for cell in nb.cells if cells.is_solution(cell)]
    tests = [cell for cell in nb.cells if cells.is_test(cell)]
    manual = [cell for cell in nb.cells if cells.is_manual(cell)]
    hidden = [cell for cell in tests if has_region(cells.source_text(cell), HIDDEN_TESTS)]
    return {
        "cells": len(nb.cells),
        "answers": len(answers),
        "tests": len(tests),
        "hidden_tests": len(hidden),
        "manual": len(manual),
        "max_score": sum(cells.points(cell) for _gid, cell in cells.graded_cells(nb)),
        "autograded_max_score": sum(cells.points(cell) for cell in tests),
        "test_ids": [cells.grade_id(cell) for cell in tests],
        "manual_ids": [cells.grade_id(cell) for cell in manual],
    }


def tests_digest(nb: NotebookNode) -> str:
    """Everything that decides a grade except the trainer's own solutions and prose.

    Code outside answer cells (setup, tests, hidden tests), and each graded cell's id, role and
    points. Changing only a solution or an explanation does not re-grade anyone.
    """
    parts = []
    for cell in nb.cells:
        if cells.is_solution(cell) and not cells.is_grade(cell):
            parts.append(["answer", cells.grade_id(cell)])
            continue
        if cell.cell_type != "code" and not cells.is_scored(cell):
            continue
        parts.append(
            [
                cell.cell_type,
                cells.grade_id(cell),
                cells.is_grade(cell),
                cells.is_solution(cell),
                cells.is_task(cell),
                cells.points(cell) if cells.is_scored(cell) else None,
                "" if cells.is_solution(cell) else cells.source_text(cell),
            ]
        )
    encoded = json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def learner_notebook_bytes(source_nb: NotebookNode) -> bytes:
    """The learner version as the .ipynb file a learner downloads."""
    return nbformat.writes(make_learner_version(source_nb)).encode()


def notebook_with_answers(source_nb: NotebookNode, answers: dict[str, str]) -> bytes:
    """A learner notebook with the given answer cells filled in (what the browser editor sends).

    Built from the learner version so nothing of the learner's but answer text goes in.
    """
    nb = make_learner_version(source_nb)
    for cell in nb.cells:
        grade_id = cells.grade_id(cell)
        if cells.is_solution(cell) and grade_id in answers:
            cell.source = answers[grade_id]
    return nbformat.writes(nb).encode()


def answer_cells(source_nb: NotebookNode) -> dict[str, str]:
    """grade id → the learner version's stub text, for answer cells."""
    learner = make_learner_version(source_nb)
    return {
        grade_id: cells.source_text(cell)
        for cell in learner.cells
        if cells.is_solution(cell) and (grade_id := cells.grade_id(cell)) is not None
    }
