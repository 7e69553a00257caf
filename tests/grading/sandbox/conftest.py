"""A real sandboxed executor for the whole session, and helpers to read executed notebooks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nbformat
import pytest

from grading.sandbox import Executor, ExecutorConfig

PROJECT = Path(__file__).resolve().parents[3]
HOSTILE = PROJECT / "tests" / "fixtures" / "hostile"
NBGRADER = PROJECT.parent / "shared" / "fixtures" / "nbgrader"
SECRET_NAME = "MANABI_TEST_SECRET"


def ensure_kernel_env() -> None:
    """Create the kernel environment from a fresh clone (a no-op when it is up to date)."""
    subprocess.run(["bash", str(PROJECT / "scripts" / "install_kernel_env.sh")], check=True)


@pytest.fixture(scope="session")
def executor():
    """The sandboxed executor every kernel test shares (as root here: kernels run as uid 900000+)."""
    ensure_kernel_env()
    os.environ[SECRET_NAME] = "hunter2"  # a secret of the service; no kernel may see it
    with Executor(ExecutorConfig.from_env(sandbox=True)) as shared:
        yield shared
    os.environ.pop(SECRET_NAME, None)


def hostile(name: str) -> nbformat.NotebookNode:
    return nbformat.read(HOSTILE / f"{name}.ipynb", as_version=4)


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def cell_by_grade_id(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(
        c for c in code_cells(nb) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def text(cell: nbformat.NotebookNode) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream")


def errors(cell: nbformat.NotebookNode) -> list[str]:
    return [o.ename for o in cell.outputs if o.output_type == "error"]


def status(cell: nbformat.NotebookNode) -> str:
    return cell.metadata["manabi"]["status"]


def line_starting(output: str, prefix: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(prefix))
