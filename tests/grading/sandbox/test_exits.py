"""Can a submission end its kernel, kill other processes, or take the executor down with it?"""

from __future__ import annotations

import threading

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grading.sandbox import Limits

from .conftest import code_cells, errors, hostile, status, text

pytestmark = pytest.mark.kernel


def test_exit_calls_do_not_end_the_kernel(executor):
    """sys.exit(), exit(), quit() and SystemExit are errors of their cell, nothing more."""
    result = executor.execute(hostile("exit-calls"))
    sys_exit, exit_call, quit_call, system_exit, after = code_cells(result.notebook)
    assert errors(sys_exit) == ["SystemExit"]
    assert errors(system_exit) == ["SystemExit"]
    assert status(exit_call) == status(quit_call) == "ok"
    assert text(after) == "still alive\n"
    assert result.status == "ok"


def test_os_exit_kills_only_its_own_kernel(executor):
    """After os._exit, are the remaining cells failed (not silently passed) and is the executor fine?"""
    result = executor.execute(hostile("os-exit"))
    dying, after = code_cells(result.notebook)
    assert result.status == "kernel_died"
    assert status(dying) == "kernel_died"
    assert errors(dying) == ["KernelDiedError"]
    assert status(after) == "not_run"
    assert errors(after) == ["CellNotRunError"]
    follow_up = executor.execute(new_notebook(cells=[new_code_cell("print('fine')")]))
    assert text(follow_up.notebook.cells[0]) == "fine\n"


def test_kill_minus_one_harms_neither_the_executor_nor_other_kernels(executor):
    """kill(-1) and killpg(0) from a kernel, while another submission runs: who dies?"""
    slow = new_notebook(cells=[new_code_cell("import time\ntime.sleep(1.5)\nprint('survived')")])
    outcome = {}
    neighbour = threading.Thread(target=lambda: outcome.update(result=executor.execute(slow)))
    neighbour.start()
    result = executor.execute(hostile("kill-everything"))
    neighbour.join()
    assert text(outcome["result"].notebook.cells[0]) == "survived\n"
    assert outcome["result"].status == "ok"
    by_number, after = code_cells(result.notebook)[-2:]
    assert text(by_number) == "killed 0 other processes\n"  # it sees no process but itself
    assert text(after) == "after\n"  # pid 1 of its own namespace ignores its own SIGKILL


def test_concurrent_submissions_each_get_their_own_kernel(executor):
    """Two graders at once: both finish, on different kernels."""
    nb = new_notebook(cells=[new_code_cell("import os\nprint(os.getpid())")])
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(executor.execute(nb))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status for r in results] == ["ok"] * 4
    assert len({r.kernel_id for r in results}) == 4


def test_unflushable_stdout_does_not_stall_the_kernel(executor):
    """sys.stdout left closed or None: ipykernel flushes it before every reply, so without the
    kernel putting its own stream back no reply came, the cell "ignored the interrupt" and every
    later cell (the tests) was not run. A stream that still works is the learner's to keep."""
    nb = new_notebook(
        cells=[
            new_code_cell(
                "import sys\nlog = open('log.txt', 'w')\nsys.stdout = log\nprint('to the file')\n"
                "log.close()"
            ),
            new_code_cell("print('visible again')"),
            new_code_cell("sys.stdout = None\nsys.stderr = None"),
            new_code_cell("print('back')\nprint(open('log.txt').read(), end='')"),
            new_code_cell("import io\nsys.stdout = io.StringIO()"),
            new_code_cell("print('kept')\nsys.stderr.write(sys.stdout.getvalue())"),
        ]
    )
    result = executor.execute(nb, Limits(cell_timeout=5))
    _, visible, _, back, _, kept = code_cells(result.notebook)
    assert result.status == "ok"
    assert [status(c) for c in code_cells(result.notebook)] == ["ok"] * 6
    assert text(visible) == "visible again\n"
    assert text(back) == "back\nto the file\n"
    assert text(kept) == "kept\n"
