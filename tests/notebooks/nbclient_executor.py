"""A minimal real executor for tests: nbclient and a fresh local kernel, no sandbox.

It follows the executor contract the notebook layer relies on (the same call shape as
``grading.sandbox``): ``execute(nb, limits) -> executed_nb``; each executed code cell gets
``metadata["manabi"]["status"]`` in {"ok", "error", "timeout", "kernel_died", "not_run"} and
``duration_ms``; a timed-out cell gets a ``CellTimeoutError`` error output; after a kernel death the
remaining cells are "not_run". Like ``nbgrader autograde`` it interrupts a timed-out cell and goes
on, and sets ``NBGRADER_EXECUTION=autograde`` in the kernel's environment.
"""

from __future__ import annotations

import copy
import os
import tempfile
import time
from dataclasses import dataclass

from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode

TIMEOUT_ENAME = "CellTimeoutError"


@dataclass(frozen=True)
class NbclientLimits:
    cell_timeout_s: float = 30.0


def execute(nb: NotebookNode, limits: NbclientLimits) -> NotebookNode:
    executed = copy.deepcopy(nb)
    started: dict[int, float] = {}

    def on_cell_start(cell: NotebookNode, cell_index: int) -> None:
        started[cell_index] = time.monotonic()

    def on_cell_executed(cell: NotebookNode, cell_index: int, execute_reply: dict) -> None:
        content = execute_reply.get("content", {})
        status = "ok"
        if content.get("status") == "error":
            status = "timeout" if content.get("ename") == TIMEOUT_ENAME else "error"
            if not any(
                output.get("output_type") == "error" and output.get("ename") == content["ename"]
                for output in cell.outputs
            ):
                cell.outputs.append(
                    NotebookNode(
                        output_type="error",
                        ename=content.get("ename", ""),
                        evalue=content.get("evalue", ""),
                        traceback=content.get("traceback") or [],
                    )
                )
        elapsed = time.monotonic() - started.get(cell_index, time.monotonic())
        cell.metadata["manabi"] = {"status": status, "duration_ms": int(elapsed * 1000)}

    with tempfile.TemporaryDirectory(prefix="manabi-nbclient-") as workdir:
        client = NotebookClient(
            executed,
            timeout=max(1, round(limits.cell_timeout_s)),
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={
                "ename": TIMEOUT_ENAME,
                "evalue": f"The cell did not finish within {limits.cell_timeout_s:g} s.",
                "traceback": [],
            },
            resources={"metadata": {"path": workdir}},
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
            on_cell_start=on_cell_start,
            on_cell_executed=on_cell_executed,
        )
        env = {**os.environ, "NBGRADER_EXECUTION": "autograde"}
        try:
            client.execute(env=env)
        except DeadKernelError:
            _mark_after_death(executed)
    return executed


def _mark_after_death(nb: NotebookNode) -> None:
    died = False
    for cell in nb.cells:
        skipped = cell.cell_type != "code" or not cell.source.strip()
        if skipped or "status" in cell.metadata.get("manabi", {}):
            continue
        cell.metadata["manabi"] = {"status": "not_run" if died else "kernel_died"}
        died = True
