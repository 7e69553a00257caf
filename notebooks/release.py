"""The learner version of a source notebook, step by step (nbgrader's ``generate_assignment``).

Everything a learner must not see is removed here: solutions, hidden tests, mark schemes, outputs,
the trainer's hints in metadata, and attachments only the removed text referred to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from nbformat import NotebookNode

from notebooks import cells
from notebooks.regions import HIDDEN_TESTS, MARK_SCHEME, SOLUTION, Region, replace_region
from notebooks.steps import Step, map_cells, run_steps, without_outputs


@dataclass(frozen=True)
class ReleaseContext:
    code_stub: str = cells.CODE_STUB
    text_stub: str = cells.TEXT_STUB


def answer_stub_source(cell: NotebookNode, context: ReleaseContext | None = None) -> str:
    """What a learner is given in place of an answer cell's solution (nbgrader's ClearSolutions)."""
    context = context or ReleaseContext()
    stub = context.code_stub if cell.cell_type == "code" else context.text_stub
    source, found = replace_region(cells.source_text(cell), SOLUTION, stub)
    if cells.is_solution(cell) and not found:
        return stub
    return source


def lock_cells(nb: NotebookNode, context: ReleaseContext) -> tuple[NotebookNode, ReleaseContext]:
    """Jupyter's deletable/editable flags, as nbgrader's LockCells sets them."""

    def lock(cell: NotebookNode) -> NotebookNode:
        if cells.is_solution(cell):
            cell.metadata["deletable"] = False
        elif cells.is_grade(cell) or cells.is_locked(cell):
            cell.metadata["deletable"] = False
            cell.metadata["editable"] = False
        return cell

    return map_cells(nb, lock), context


def clear_solutions(
    nb: NotebookNode, context: ReleaseContext
) -> tuple[NotebookNode, ReleaseContext]:
    def clear(cell: NotebookNode) -> NotebookNode:
        cell.source = answer_stub_source(cell, context)
        return cell

    return map_cells(nb, clear), context


def _without_region(region: Region, cell: NotebookNode) -> NotebookNode:
    cell.source = replace_region(cells.source_text(cell), region, None)[0]
    return cell


def clear_hidden_tests(
    nb: NotebookNode, context: ReleaseContext
) -> tuple[NotebookNode, ReleaseContext]:
    return map_cells(nb, partial(_without_region, HIDDEN_TESTS)), context


def clear_mark_schemes(
    nb: NotebookNode, context: ReleaseContext
) -> tuple[NotebookNode, ReleaseContext]:
    return map_cells(nb, partial(_without_region, MARK_SCHEME)), context


def clear_outputs(nb: NotebookNode, context: ReleaseContext) -> tuple[NotebookNode, ReleaseContext]:
    return map_cells(nb, without_outputs), context


def strip_trainer_metadata(
    nb: NotebookNode, context: ReleaseContext
) -> tuple[NotebookNode, ReleaseContext]:
    """Remove Manabi's metadata (hints are shown only when a test fails) and the toolbar setting."""

    def strip(cell: NotebookNode) -> NotebookNode:
        cell.metadata.pop(cells.MANABI_KEY, None)
        return cell

    result = map_cells(nb, strip)
    result.metadata.pop(cells.MANABI_KEY, None)
    result.metadata.pop("celltoolbar", None)
    return result, context


def drop_unreferenced_attachments(
    nb: NotebookNode, context: ReleaseContext
) -> tuple[NotebookNode, ReleaseContext]:
    """Keep only attachments the remaining text still shows (a removed solution's images go)."""

    def prune(cell: NotebookNode) -> NotebookNode:
        attachments = cell.get("attachments")
        if not attachments:
            return cell
        used = set(re.findall(r"attachment:([^\s)\"'>]+)", cells.source_text(cell)))
        kept = {name: data for name, data in attachments.items() if name in used}
        if kept:
            cell.attachments = kept
        else:
            del cell["attachments"]
        return cell

    return map_cells(nb, prune), context


def record_checksums(
    nb: NotebookNode, context: ReleaseContext
) -> tuple[NotebookNode, ReleaseContext]:
    """nbgrader's ComputeChecksums: lets nbgrader's own ``validate`` work on the learner's copy."""

    def record(cell: NotebookNode) -> NotebookNode:
        if cells.is_grade(cell) or cells.is_solution(cell) or cells.is_locked(cell):
            cell.metadata.nbgrader["checksum"] = cells.compute_checksum(cell)
            cell.metadata.nbgrader["cell_type"] = cell.cell_type
        return cell

    return map_cells(nb, record), context


RELEASE_STEPS: tuple[Step[ReleaseContext], ...] = (
    clear_outputs,
    lock_cells,
    clear_solutions,
    clear_hidden_tests,
    clear_mark_schemes,
    strip_trainer_metadata,
    drop_unreferenced_attachments,
    record_checksums,
)


def make_learner_version(
    source_nb: NotebookNode, context: ReleaseContext | None = None
) -> NotebookNode:
    """The notebook a learner downloads, from a validated source notebook."""
    nb, _context = run_steps(RELEASE_STEPS, source_nb, context or ReleaseContext())
    return nb
