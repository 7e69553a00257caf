"""The one bridge between the grading pipeline and the sandboxed executor.

Each worker process keeps one executor (with its pool of pre-started kernels): created lazily, or
when Celery starts the process (``worker_process_init``), and shut down when the process exits.
The pipeline wants ``execute(nb, limits) -> nb``; the sandbox returns an ``ExecutionResult``, so
:func:`run_pipeline` wraps it and keeps the executor's record (status, log, timings, version).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from nbformat import NotebookNode

from notebooks.pipeline import GradingResult, grade_submission, run_visible_tests

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_executor: Any = None
_executor_pid = 0


class ExecutorFailed(RuntimeError):
    """The executor could not run the notebook (no kernel, or it broke): not the learner's fault."""


@dataclass
class ExecutionRecord:
    status: str = ""
    log: str = ""
    timings: dict = field(default_factory=dict)
    sandboxed: bool = True
    executor_version: str = ""

    @property
    def timed_out(self) -> bool:
        """A cell or the whole notebook ran out of time (the grade still has its scores)."""
        return self.status == "timeout"


def get_executor() -> Any:
    """This process's executor, started on first use."""
    global _executor, _executor_pid
    with _lock:
        if _executor is None or _executor_pid != os.getpid():
            from grading.checks import sandbox_setting_problem
            from grading.sandbox import Executor, SandboxUnavailableError

            problem = sandbox_setting_problem()  # MANABI_SANDBOX=off outside development
            if problem:
                raise SandboxUnavailableError(problem)
            _executor = Executor()
            _executor_pid = os.getpid()
            atexit.register(shutdown_executor)
        return _executor


def shutdown_executor() -> None:
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is not None and _executor_pid == os.getpid():
        try:
            executor.close()
        except Exception:
            logger.exception("shutting down the sandbox executor failed")


def make_limits(*, cell_timeout_s: float, notebook_timeout_s: float) -> Any:
    from grading.sandbox import Limits

    return Limits(cell_timeout=float(cell_timeout_s), notebook_timeout=float(notebook_timeout_s))


def run_pipeline(
    source_nb: NotebookNode,
    submitted_nb: NotebookNode,
    limits: Any,
    *,
    visible_only: bool = False,
    language: str = "ja",
    executor: Any = None,
) -> tuple[GradingResult, ExecutionRecord]:
    """Grade one notebook with the real executor: the workers', the CLI's and validation's path."""
    executor = executor or get_executor()
    record = ExecutionRecord()

    def execute(nb: NotebookNode, run_limits: Any) -> NotebookNode:
        result = executor.execute(nb, run_limits)
        if result.status == "failed":
            raise ExecutorFailed(_last_line(result.log))
        record.status = str(getattr(result, "status", ""))
        record.log = str(getattr(result, "log", "") or "")
        record.timings = dict(getattr(result, "timings", {}) or {})
        record.sandboxed = bool(getattr(result, "sandboxed", True))
        record.executor_version = str(getattr(result, "executor_version", "") or "")
        return result.notebook

    grade = run_visible_tests if visible_only else grade_submission
    result = grade(source_nb, submitted_nb, execute, limits, language=language)
    return result, record


def _last_line(log: str) -> str:
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    return lines[-2] if len(lines) > 1 else (lines[0] if lines else "the executor failed")
