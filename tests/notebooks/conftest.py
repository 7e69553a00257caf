"""Fixtures for the notebook layer: fixture notebooks by name and the real sandboxed executor.

Nothing here needs Django or a database; these tests run under plain pytest too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from nbformat import NotebookNode

from notebooks import read_notebook, read_source

TESTS_DIR = Path(__file__).resolve().parent.parent
SCENARIOS = TESTS_DIR / "fixtures" / "notebooks"
NBGRADER = TESTS_DIR.parent.parent / "shared" / "fixtures" / "nbgrader"

RunNotebook = Callable[[NotebookNode, float], NotebookNode]


def scenario_path(name: str) -> Path:
    return SCENARIOS / name


def nbgrader_path(relative: str) -> Path:
    return NBGRADER / relative


@pytest.fixture
def squares_source() -> NotebookNode:
    """The trainer's source of the "squares" exercise (tests/fixtures/notebooks)."""
    return read_source(scenario_path("squares-source.ipynb").read_bytes())


@pytest.fixture
def scenario() -> Callable[[str], NotebookNode]:
    """Read a scenario-named learner notebook, as a submission is read (no source checks)."""

    def load(name: str) -> NotebookNode:
        return read_notebook(scenario_path(name).read_bytes())

    return load


@pytest.fixture(scope="session")
def run_notebook() -> RunNotebook:
    """Execute a prepared notebook in the real sandbox (the workers' executor), with a per-cell timeout."""
    from grading.execution import get_executor, make_limits

    def run(nb: NotebookNode, timeout_s: float) -> NotebookNode:
        limits = make_limits(cell_timeout_s=timeout_s, notebook_timeout_s=max(120.0, 4 * timeout_s))
        return get_executor().execute(nb, limits).notebook

    return run
