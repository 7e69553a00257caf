"""Pipelines are data: tuples of small steps ``(nb, context) -> (nb, context)``.

A step never changes the notebook or context it is given; it returns new ones. Contexts are frozen
dataclasses, so a step that learns something returns ``dataclasses.replace(context, ...)``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import TypeVar

from nbformat import NotebookNode

from notebooks.cells import MANABI_KEY

ContextT = TypeVar("ContextT")
Step = Callable[[NotebookNode, ContextT], tuple[NotebookNode, ContextT]]


def run_steps(
    steps: Sequence[Step[ContextT]], nb: NotebookNode, context: ContextT
) -> tuple[NotebookNode, ContextT]:
    for step in steps:
        nb, context = step(nb, context)
    return nb, context


def map_cells(
    nb: NotebookNode, change: Callable[[NotebookNode], NotebookNode | None]
) -> NotebookNode:
    """A copy of ``nb`` with ``change`` applied to a copy of each cell (``None`` drops the cell)."""
    result = copy.deepcopy(nb)
    changed = (change(cell) for cell in result.cells)
    result.cells = [cell for cell in changed if cell is not None]
    return result


def without_outputs(cell: NotebookNode) -> NotebookNode:
    """The cell with no outputs, execution count or execution records (nbconvert's ClearOutput)."""
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    for key in ("execution", "collapsed", "scrolled"):
        cell.metadata.pop(key, None)
    manabi = cell.metadata.get(MANABI_KEY)
    if isinstance(manabi, dict):
        # Execution results an executor recorded; stale once outputs are gone.
        for key in ("status", "duration_ms", "late_error"):
            manabi.pop(key, None)
    return cell
