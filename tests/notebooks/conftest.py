"""Fixtures for the notebook layer: fixture notebooks by name and a real executor.

Nothing here needs Django or a database; these tests run under plain pytest too.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from nbformat import NotebookNode

from notebooks import read_notebook, read_source
from tests.notebooks import nbclient_executor

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


def _sandbox_runner() -> RunNotebook | None:
    """``grading.sandbox.execute`` with its limits type, when that module exists and fits.

    The sandbox's limits are a dataclass; we set only its per-cell timeout (a field whose name has
    both "cell" and "timeout"). Anything else and we fall back to the nbclient executor.
    """
    if importlib.util.find_spec("grading") is None or (
        importlib.util.find_spec("grading.sandbox") is None
    ):
        return None
    module = importlib.import_module("grading.sandbox")
    execute = getattr(module, "execute", None)
    limits_types = [
        value
        for name in ("ExecutionLimits", "Limits", "SandboxLimits")
        if dataclasses.is_dataclass(value := getattr(module, name, None))
    ]
    if not callable(execute) or not limits_types:
        return None
    limits_type: Any = limits_types[0]
    timeout_fields = [
        field.name
        for field in dataclasses.fields(limits_type)
        if "cell" in field.name and "timeout" in field.name
    ]
    if not timeout_fields:
        return None

    def run(nb: NotebookNode, timeout_s: float) -> NotebookNode:
        return execute(nb, limits_type(**{timeout_fields[0]: timeout_s}))

    return run


def _nbclient_runner(nb: NotebookNode, timeout_s: float) -> NotebookNode:
    return nbclient_executor.execute(nb, nbclient_executor.NbclientLimits(timeout_s))


@pytest.fixture(scope="session")
def run_notebook() -> RunNotebook:
    """Execute a prepared notebook with a per-cell timeout: the sandbox if present, else nbclient."""
    return _sandbox_runner() or _nbclient_runner
