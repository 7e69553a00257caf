"""Are memory, processes, output and time limited, and is the executor healthy after each attack?"""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grading.sandbox import KIB, Limits

from .conftest import NBGRADER, code_cells, errors, hostile, status, text

pytestmark = pytest.mark.kernel


def assert_executor_healthy(executor) -> None:
    """A plain notebook still runs, on a fresh kernel, after whatever the last one did."""
    result = executor.execute(new_notebook(cells=[new_code_cell("print(6 * 7)")]))
    assert result.status == "ok"
    assert text(result.notebook.cells[0]) == "42\n"


def test_one_huge_allocation_fails_inside_the_kernel(executor):
    """Does a 3 GiB allocation succeed under the default 1 GiB limit?"""
    result = executor.execute(hostile("memory-bomb-single"))
    answer, after = code_cells(result.notebook)
    assert text(answer) == "MemoryError for 3 GiB\n"
    assert text(after) == "after\n"


def test_growing_allocations_are_stopped(executor):
    """Can a loop that keeps allocating take more than the memory limit?"""
    result = executor.execute(hostile("memory-bomb-growing"), Limits(cell_timeout=20))
    answer = code_cells(result.notebook)[0]
    assert status(answer) in ("error", "kernel_died")
    assert errors(answer)[0] in ("MemoryError", "KernelDiedError")
    assert_executor_healthy(executor)


def test_memory_is_limited_across_child_processes(executor):
    """Can four forked children hold 700 MiB each when the kernel's limit is 1 GiB?"""
    if executor.cgroups is None:
        pytest.skip("no writable memory cgroup here: RLIMIT_DATA limits each process only")
    result = executor.execute(hostile("memory-bomb-children"), Limits(cell_timeout=30))
    output = text(code_cells(result.notebook)[0])
    held = int(output.split("to the end:")[1].split("of")[0])
    assert held <= 1
    assert_executor_healthy(executor)


def test_fork_is_refused_past_the_process_limit(executor):
    """How many processes may a kernel start (default limit: 64, threads included)?"""
    result = executor.execute(hostile("fork-bomb-counted"), Limits(cell_timeout=20))
    answer, after = code_cells(result.notebook)
    children = int(text(answer).split("fork refused after ")[1].split()[0])
    assert 0 < children < 64
    assert text(after) == "after\n"


def test_classic_fork_bomb_is_contained_and_cleaned_up(executor):
    """Does `while True: os.fork()` hurt the executor or outlive its submission?"""
    result = executor.execute(hostile("fork-bomb-classic"), Limits(cell_timeout=2))
    assert result.status == "timeout"
    assert status(code_cells(result.notebook)[0]) == "timeout"
    assert_executor_healthy(executor)
    assert_executor_healthy(executor)


def test_output_flood_is_truncated_while_streaming(executor):
    """Is an endless print loop kept to the per-cell output limit (and stopped by the timeout)?"""
    limits = Limits(cell_timeout=2, cell_output_bytes=64 * KIB)
    result = executor.execute(hostile("output-flood-loop"), limits)
    flood, after = code_cells(result.notebook)
    assert status(flood) == "timeout"
    assert len(text(flood)) <= 64 * KIB + 200
    assert "output truncated" in text(flood)
    assert "CellTimeoutError" in errors(flood)
    assert text(after) == "after\n"


def test_one_enormous_print_is_dropped(executor):
    """Does a single 50 MB print reach the notebook?"""
    result = executor.execute(hostile("output-flood-single"), Limits(cell_timeout=20))
    flood, after = code_cells(result.notebook)
    assert status(flood) == "output_truncated"
    assert len(text(flood)) <= Limits().cell_output_bytes + 200
    assert text(after) == "after\n"


def test_infinite_loops_time_out_per_cell_and_execution_goes_on(executor):
    """As in nbgrader: a cell that runs too long is interrupted, marked, and the next cell runs."""
    result = executor.execute(hostile("infinite-loop-cells"), Limits(cell_timeout=1))
    first, between, last = code_cells(result.notebook)
    assert result.status == "timeout"
    assert status(first) == status(last) == "timeout"
    assert "CellTimeoutError" in errors(first)
    assert "CellTimeoutError" in errors(last)
    assert text(between) == "after the loop\n"
    assert "interrupting the kernel" in result.log


def test_a_loop_inside_a_protected_test_cell_is_interrupted_too(executor):
    """A learner's endless function called from a test cell (run behind the judging guard): is the
    test interrupted like any other cell, so that the tests after it still run (nbgrader's rule)?"""

    def graded(source: str, grade_id: str) -> nbformat.NotebookNode:
        cell = new_code_cell(source)
        cell.metadata["nbgrader"] = {
            "grade": True, "solution": False, "locked": True, "points": 1,
            "grade_id": grade_id, "schema_version": 3,
        }  # fmt: skip
        return cell

    nb = new_notebook(
        cells=[
            new_code_cell("def squares(n):\n    while True:\n        pass"),
            graded("assert squares(1) == [1]", "test_loops"),
            graded("print('independent test ran')", "test_independent"),
        ]
    )
    result = executor.execute(nb, Limits(cell_timeout=1))
    _answer, looping, independent = code_cells(result.notebook)
    assert status(looping) == "timeout"
    assert "CellTimeoutError" in errors(looping)
    assert status(independent) == "ok", result.log
    assert text(independent) == "independent test ran\n"
    assert "ignored the interrupt" not in result.log


def test_notebook_time_limit_stops_everything(executor):
    """When the whole notebook runs out of time, are the remaining cells marked as not run?"""
    result = executor.execute(
        hostile("infinite-loop-cells"), Limits(cell_timeout=10, notebook_timeout=1.5)
    )
    first, *rest = code_cells(result.notebook)
    assert result.status == "timeout"
    assert status(first) == "timeout"
    for cell in rest:
        assert status(cell) == "not_run"
        assert errors(cell) == ["CellNotRunError"]


def test_kernel_that_ignores_the_interrupt_is_abandoned(executor):
    """A cell that ignores SIGINT: does the executor give up on it instead of hanging?"""
    result = executor.execute(hostile("sigint-ignored"), Limits(cell_timeout=1))
    loop, after = code_cells(result.notebook)
    assert result.status == "timeout"
    assert status(loop) == "timeout"
    assert status(after) == "not_run"
    assert errors(after) == ["CellNotRunError"]


@pytest.mark.parametrize(("name", "timeout"), [("timeout", 2), ("infinite-loop", 1)])
def test_nbgrader_timeout_fixtures_time_out_like_nbgrader(executor, name, timeout):
    """nbgrader's own timeout notebooks: the slow cell gets a CellTimeoutError, as nbgrader's does."""
    nb = nbformat.read(NBGRADER / "tests" / "apps" / "files" / f"{name}.ipynb", as_version=4)
    result = executor.execute(nb, Limits(cell_timeout=timeout))
    slow = code_cells(result.notebook)[-1]
    assert result.status == "timeout"
    assert status(slow) == "timeout"
    assert "CellTimeoutError" in errors(slow)


def test_cpu_time_limit_ends_a_busy_kernel(executor):
    """A kernel that burns more CPU seconds than allowed is stopped by the kernel (RLIMIT_CPU)."""
    nb = new_notebook(
        cells=[new_code_cell("while True:\n    pass"), new_code_cell("print('after')")]
    )
    result = executor.execute(nb, Limits(cpu_time=1, cell_timeout=20))
    busy, after = code_cells(result.notebook)
    assert result.status == "kernel_died"
    assert status(busy) == "kernel_died"
    assert "CPU time" in busy.outputs[-1].evalue
    assert status(after) == "not_run"


def test_file_size_and_working_directory_are_limited(executor):
    """One file over `file_size`, or more data than the working directory holds, fails to write."""
    nb = new_notebook(
        cells=[
            new_code_cell("open('big.bin', 'wb').write(b'x' * (2 * 1024 * 1024))"),
            new_code_cell(
                "for i in range(20):\n    open(f'part{i}.bin', 'wb').write(b'x' * (768 * 1024))"
            ),
        ]
    )
    result = executor.execute(nb, Limits(file_size=1024 * 1024, workdir=8 * 1024 * 1024))
    too_big, too_many = code_cells(result.notebook)
    assert errors(too_big) == ["OSError"]
    assert "File too large" in too_big.outputs[-1].evalue
    assert errors(too_many) == ["OSError"]
    assert "No space left" in too_many.outputs[-1].evalue


@pytest.mark.parametrize(("mib", "fits"), [(600, True), (1300, False)])
def test_default_memory_limit_is_about_one_gib(executor, mib, fits):
    """Under the default 1 GiB: does ~600 MiB (written to, so really held) fit, while ~1.3 GiB is
    refused (MemoryError) or ends the kernel?"""
    nb = new_notebook(
        cells=[
            new_code_cell(
                f"block = bytearray({mib} * 1024**2)\n"
                "for i in range(0, len(block), 4096):\n"
                "    block[i] = 1\n"
                f"print('held {mib} MiB')"
            ),
            new_code_cell("print('after')"),
        ]
    )
    result = executor.execute(nb, Limits(cell_timeout=60))
    hog, after = code_cells(result.notebook)
    if fits:
        assert status(hog) == "ok", result.log
        assert text(hog) == f"held {mib} MiB\n"
        assert text(after) == "after\n"
    else:
        assert status(hog) in ("error", "kernel_died"), result.log
        assert errors(hog)[0] in ("MemoryError", "KernelDiedError")
        assert "held" not in text(hog)


@pytest.mark.parametrize(("children", "allowed"), [(40, True), (80, False)])
def test_default_process_limit_is_64(executor, children, allowed):
    """Under the default 64 processes (threads included; a kernel uses about 10): do 40 sleeping
    children all start, while starting 80 is refused part-way?"""
    nb = new_notebook(
        cells=[
            new_code_cell(
                "import os\n"
                "import time\n"
                "started = []\n"
                "try:\n"
                f"    for _ in range({children}):\n"
                "        pid = os.fork()\n"
                "        if pid == 0:\n"
                "            time.sleep(30)\n"
                "            os._exit(0)\n"
                "        started.append(pid)\n"
                "    print('all started', len(started))\n"
                "except OSError as exc:\n"
                "    print('refused after', len(started), exc.strerror)\n"
                "finally:\n"
                "    for pid in started:\n"
                "        os.kill(pid, 9)\n"
                "        os.waitpid(pid, 0)\n"
            )
        ]
    )
    result = executor.execute(nb, Limits(cell_timeout=30))
    output = text(code_cells(result.notebook)[0])
    if allowed:
        assert output == f"all started {children}\n", result.log
    else:
        assert output.startswith("refused after "), output
        assert 40 <= int(output.split()[2]) < 64
