"""Does the executor survive losing its fork server, and leave nothing behind when closed?"""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grading.sandbox import Executor, ExecutorConfig

from .conftest import code_cells, hostile, text

pytestmark = pytest.mark.kernel

ONE_CELL = new_notebook(cells=[new_code_cell("print('ok')")])


def wait_for_pid(server, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while (pid := server.pid) is None:
        assert time.monotonic() < deadline, "the fork server did not come back"
        time.sleep(0.05)
    return pid


def test_executor_recovers_when_its_fork_server_is_killed():
    """The whole sandbox (server and pre-started kernels) killed: the next submission still runs."""
    with Executor(ExecutorConfig.from_env(pool_size=1)) as executor:
        assert executor.execute(ONE_CELL).status == "ok"
        os.kill(wait_for_pid(executor.server), signal.SIGKILL)
        result = executor.execute(ONE_CELL)
        assert result.status == "ok"
        assert text(result.notebook.cells[0]) == "ok\n"


def test_executor_recovers_when_its_memory_cgroup_parent_is_removed():
    """Slot numbers are per run directory, so another executor on the host (a bench, a test run)
    may share this one's cgroup parent and remove it when it closes: kernels still start."""
    with Executor(ExecutorConfig.from_env(pool_size=0)) as executor:
        if executor.cgroups is None:
            pytest.skip("no writable memory cgroup here")
        assert executor.execute(ONE_CELL).status == "ok"
        parent = executor.cgroups.parent
        deadline = time.monotonic() + 10
        while any(child.is_dir() for child in parent.iterdir()):  # the reaper removes them
            assert time.monotonic() < deadline, "the used kernel's cgroup was not removed"
            time.sleep(0.05)
        os.rmdir(parent)
        result = executor.execute(ONE_CELL)
        assert result.status == "ok", result.log
        assert text(result.notebook.cells[0]) == "ok\n"


def test_close_leaves_no_process_or_directory_behind():
    executor = Executor(ExecutorConfig.from_env(pool_size=2))
    executor.execute(ONE_CELL)
    server_pid = wait_for_pid(executor.server)
    run_dir, code_dir = executor.slot.run_dir, executor.slot.code_dir
    executor.close()
    assert not run_dir.exists()
    assert not code_dir.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(server_pid, 0)
    result = executor.execute(ONE_CELL)
    assert result.status == "failed"
    assert "closed" in result.log


def _processes_with(token: str) -> list[int]:
    """Host pids whose command line or environment carries ``token`` (the kernel has it in its
    environment, the orphan in both)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                seen = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
            except OSError:
                continue  # gone meanwhile
            if token.encode() in seen:
                found.append(int(entry.name))
    return found


def test_a_detached_process_does_not_outlive_its_submission(executor):
    """A learner cell starts a background process in a new session through a double fork (so no
    parent in the notebook waits for it) that keeps writing a file in the kernel's run directory.
    Once execute() has returned and the reaper has run: is no process of that kernel left, and is
    its run directory gone?"""
    token = secrets.token_hex(8)
    assert _processes_with(token) == []
    result = executor.execute(hostile("detached-orphan"), env={"ORPHAN_TOKEN": token})
    assert text(code_cells(result.notebook)[0]) == "orphan running True\n", result.log
    run_dir = executor.slot.run_dir / result.kernel_id
    deadline = time.monotonic() + 15  # the reaper works in the background
    while (left := _processes_with(token)) or run_dir.exists():
        assert time.monotonic() < deadline, f"left behind: processes {left}, {run_dir}"
        time.sleep(0.05)
    time.sleep(0.3)  # a surviving orphan would write its file (and so the directory) again
    assert _processes_with(token) == []
    assert not run_dir.exists()
