"""Does the executor run cells like nbclient (allow_errors=True) and record what the scorer needs?"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grading.sandbox import (
    CELL_STATUSES,
    Executor,
    ExecutorConfig,
    Limits,
    SandboxUnavailableError,
)
from grading.sandbox.launcher import preflight

from .conftest import code_cells, errors, status, text


def sample() -> nbformat.NotebookNode:
    return new_notebook(
        cells=[
            new_markdown_cell("# An exercise"),
            new_code_cell("x = 20\nprint('start')"),
            new_code_cell("x += 1\nx * 2"),
            new_code_cell("from IPython.display import display, HTML\ndisplay(HTML('<b>hi</b>'))"),
            new_code_cell("1 / 0"),
            new_code_cell(""),
            new_code_cell("import sys\nprint('to stderr', file=sys.stderr)\nprint(x)"),
        ]
    )


@pytest.mark.kernel
def test_cells_run_in_order_with_outputs_errors_and_timings(executor):
    nb = sample()
    result = executor.execute(nb)
    executed = result.notebook
    start, double, shown, broken, empty, streams = code_cells(executed)
    assert result.status == "ok"
    assert text(start) == "start\n"
    assert double.outputs[0].output_type == "execute_result"
    assert double.outputs[0].data["text/plain"] == "42"
    assert shown.outputs[0].output_type == "display_data"
    assert shown.outputs[0].data["text/html"] == "<b>hi</b>"
    assert errors(broken) == ["ZeroDivisionError"]
    assert status(broken) == "error"
    assert empty.outputs == []
    assert status(empty) == "ok"
    assert sorted(o.name for o in streams.outputs) == ["stderr", "stdout"]
    assert [c.execution_count for c in (start, double, shown, broken)] == [1, 2, 3, 4]
    for cell in code_cells(executed):
        assert cell.metadata["manabi"]["status"] in CELL_STATUSES
        assert isinstance(cell.metadata["manabi"]["duration_ms"], int)
    assert executed.cells[0].source == "# An exercise"
    nbformat.validate(executed)
    assert nb.cells[1].outputs == []  # the caller's notebook is left alone


@pytest.mark.kernel
def test_result_describes_how_it_was_produced(executor):
    result = executor.execute(new_notebook(cells=[new_code_cell("1")]))
    assert result.sandboxed is True
    assert "ipykernel/" in result.executor_version
    assert result.executor_version.startswith("manabi-sandbox/")
    assert set(result.timings) == {"wait_ms", "execute_ms", "total_ms"}
    assert result.log.startswith("sandbox: bubblewrap")
    assert result.kernel_id


@pytest.mark.kernel
def test_files_and_environment_reach_the_kernel(executor):
    """Exercise data files land in the working directory; extra variables are set."""
    nb = new_notebook(
        cells=[
            new_code_cell("import csv\nprint(list(csv.reader(open('data/scores.csv'))))"),
            new_code_cell(
                "import os\nprint(os.environ['EXERCISE'], os.environ['NBGRADER_EXECUTION'])"
            ),
        ]
    )
    files = {"data/scores.csv": b"name,score\nhanako,90\n"}
    result = executor.execute(nb, files=files, env={"EXERCISE": "csv-1"})
    first, second = code_cells(result.notebook)
    assert text(first) == "[['name', 'score'], ['hanako', '90']]\n"
    assert text(second) == "csv-1 autograde\n"
    assert first.execution_count == 1


@pytest.mark.kernel
def test_input_is_refused_like_nbclient(executor):
    result = executor.execute(new_notebook(cells=[new_code_cell("input('name?')")]))
    assert errors(code_cells(result.notebook)[0]) == ["StdinNotImplementedError"]


@pytest.mark.kernel
def test_display_updates_and_clear_output(executor):
    nb = new_notebook(
        cells=[
            new_code_cell("h = display('first', display_id=True)"),
            new_code_cell("h.update('second')\nprint('a')"),
            new_code_cell(
                "from IPython.display import clear_output\nprint('gone')\nclear_output()\nprint('kept')"
            ),
        ]
    )
    shown, _, cleared = code_cells(executor.execute(nb).notebook)
    assert shown.outputs[0].data["text/plain"] == "'second'"
    assert text(cleared) == "kept\n"


@pytest.mark.kernel
def test_development_mode_runs_without_sandbox_and_says_so():
    """MANABI_SANDBOX=off: kernels still run, and every result is marked sandboxed=False."""
    config = ExecutorConfig.from_env(sandbox=False, pool_size=1)
    with Executor(config) as plain:
        result = plain.execute(new_notebook(cells=[new_code_cell("print(1 + 1)")]))
    assert result.sandboxed is False
    assert result.log.startswith("SANDBOX OFF")
    assert text(code_cells(result.notebook)[0]) == "2\n"


def test_missing_bubblewrap_refuses_to_grade_naming_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("bwrap") is None
    problems = preflight(ExecutorConfig())
    assert any("apt-get install bubblewrap" in problem for problem in problems)
    with pytest.raises(SandboxUnavailableError, match="apt-get install bubblewrap"):
        Executor(ExecutorConfig())


def test_missing_kernel_environment_names_the_install_command(tmp_path):
    problems = preflight(ExecutorConfig(kernel_env=tmp_path / "nowhere"))
    assert any("install_kernel_env.sh" in problem for problem in problems)


@pytest.mark.parametrize(
    "bad", [{"cell_timeout": 0}, {"memory": -1}, {"processes": 0}, {"memory": 1024}]
)
def test_limits_reject_nonsense(bad):
    with pytest.raises(ValueError, match=r"Limits\.memory|must be a positive number"):
        Limits(**bad)


def test_config_reads_the_environment():
    config = ExecutorConfig.from_env(
        {"MANABI_SANDBOX": "off", "MANABI_KERNEL_POOL_SIZE": "3", "MANABI_KERNEL_PRELOAD": "numpy"}
    )
    assert (config.sandbox, config.pool_size, config.preload) == (False, 3, ("numpy",))
    with pytest.raises(ValueError, match="MANABI_SANDBOX"):
        ExecutorConfig.from_env({"MANABI_SANDBOX": "maybe"})


def test_check_command_names_what_to_install(monkeypatch, tmp_path, capsys):
    from grading.sandbox.__main__ import main

    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["check"]) == 1
    assert "apt-get install bubblewrap" in capsys.readouterr().err


@pytest.mark.kernel
def test_plain_dicts_with_line_lists_are_accepted_and_junk_is_refused(executor):
    raw = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "code", "source": ["x = 2\n", "x * 21"], "metadata": {}, "outputs": []}
        ],
    }
    result = executor.execute(raw)
    assert result.notebook.cells[0].outputs[0].data["text/plain"] == "42"
    with pytest.raises(ValueError, match="nbformat 4 notebook"):
        executor.execute({"not": "a notebook"})
