"""The one entry point: ``Executor(config).execute(nb, limits) -> ExecutionResult``.

An executor owns a sandboxed fork server, a pool of pre-started kernels and a reaper. It is
thread-safe (each call takes its own kernel); make one per process — :func:`get_executor` does, and
makes a new one after a fork (Celery's prefork workers).
"""

import copy
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import nbformat
import zmq
from nbformat import NotebookNode

from .cgroups import MemoryCgroups
from .config import ExecutorConfig, SandboxUnavailableError
from .launcher import acquire_slot, is_root, preflight
from .limits import MIB, Limits
from .pool import KernelFactory, KernelPool, Reaper, SandboxKernel
from .runner import NOT_RUN, NotebookRunner, is_protected
from .server import ForkServer, KernelStartError

# 1.1: sealed verdicts, self-defending guard, display settings guarded;
# 1.2: malformed or wrongly signed kernel messages ignored, every channel bounded;
# 1.3: a cell leaving sys.stdout/stderr unflushable (None, a closed file) gets the kernel's back.
VERSION = "1.3"
FAILED = "failed"


@dataclass
class ExecutionResult:
    notebook: NotebookNode
    status: str  # "ok" | "timeout" | "kernel_died" | "failed"
    log: str
    timings: dict[str, int] = field(default_factory=dict)  # wait_ms, execute_ms, total_ms
    sandboxed: bool = True
    executor_version: str = ""
    kernel_id: str = ""


class Executor:
    def __init__(self, config: ExecutorConfig | None = None) -> None:
        self.config = config or ExecutorConfig.from_env()
        problems = preflight(self.config)
        if problems:
            raise SandboxUnavailableError("Cannot grade notebooks: " + " ".join(problems))
        self.slot = acquire_slot(self.config)
        self.cgroups = None
        if self.config.sandbox and self.config.cgroup == "auto":
            self.cgroups = MemoryCgroups.detect(self.slot.index)
        self.context = zmq.Context()
        self.server = ForkServer(self.config, self.slot)
        self.reaper = Reaper(self.cgroups)
        factory = KernelFactory(self.config, self.slot, self.server, self.context, self.cgroups)
        limits = self.config.default_limits.kernel_limits()
        self.pool = KernelPool(factory, self.reaper, self.config.pool_size, limits, self._env(None))
        self._closed = False
        self._close_lock = threading.Lock()

    @property
    def sandboxed(self) -> bool:
        return self.config.sandbox

    @property
    def version(self) -> str:
        parts = [f"manabi-sandbox/{VERSION}"]
        parts += [f"{name}/{value}" for name, value in sorted(self.server.versions.items())]
        return " ".join(parts)

    def describe(self) -> str:
        """One line on how kernels are isolated here (it starts every execution log)."""
        if not self.config.sandbox:
            return "SANDBOX OFF (development setting MANABI_SANDBOX=off): kernels are not isolated"
        who = f"uid {self.slot.uid}" if is_root() else f"the service's uid {self.slot.uid}"
        memory = f"memory cgroup v{self.cgroups.version}" if self.cgroups else "RLIMIT_DATA only"
        return f"sandbox: bubblewrap + per-kernel namespaces as {who}; {memory}"

    def execute(
        self,
        nb: NotebookNode | dict,
        limits: Limits | None = None,
        *,
        protect: Callable[[NotebookNode], bool] | None = None,
        env: Mapping[str, str] | None = None,
        files: Mapping[str, bytes] | None = None,
    ) -> ExecutionResult:
        """Run ``nb``'s code cells in a fresh sandboxed kernel and return the executed copy.

        ``protect`` picks the cells that run behind the judging guard (default: nbgrader's test and
        locked cells); ``env`` adds kernel environment variables; ``files`` are written into the
        kernel's working directory before the first cell.
        """
        started = time.monotonic()
        limits = limits or self.config.default_limits
        notebook = _prepared(nb)
        lines = [self.describe()]

        def log(message: str) -> None:
            lines.append(f"{time.monotonic() - started:7.3f}s {message}")

        try:
            if self._closed:
                raise KernelStartError("the executor is closed")
            kernel, cold = self.pool.acquire(
                limits.kernel_limits(), self._env(env), self.config.kernel_start_timeout * 2
            )
        except (SandboxUnavailableError, KernelStartError) as exc:
            log(f"no kernel: {exc}")
            _mark_not_run(notebook, f"the grader could not start a kernel: {exc}")
            return self._result(notebook, FAILED, lines, started, started, "")
        acquired = time.monotonic()
        log(f"kernel {kernel.kernel_id} pid {kernel.pid}{' (started on demand)' if cold else ''}")
        try:
            runner = NotebookRunner(
                kernel,
                limits,
                protect=protect or is_protected,
                log=log,
                interrupt_grace=self.config.interrupt_grace,
                iopub_grace=self.config.iopub_grace,
                describe_death=lambda: self._death(kernel, limits),
            )
            status = runner.run(notebook, files)
        except Exception as exc:
            log("execution failed: " + "".join(traceback.format_exception_only(exc)).strip())
            _mark_not_run(notebook, "the grader failed while running this notebook")
            status = FAILED
        finally:
            self.reaper.put(kernel)
        log(f"finished: {status}")
        return self._result(notebook, status, lines, started, acquired, kernel.kernel_id)

    def _result(self, nb, status, lines, started, acquired, kernel_id) -> ExecutionResult:
        done = time.monotonic()
        timings = {
            "wait_ms": int((acquired - started) * 1000),
            "execute_ms": int((done - acquired) * 1000),
            "total_ms": int((done - started) * 1000),
        }
        return ExecutionResult(
            nb, status, "\n".join(lines), timings, self.config.sandbox, self.version, kernel_id
        )

    def _env(self, extra: Mapping[str, str] | None) -> dict:
        return {**self.config.kernel_vars, **(extra or {})}

    def _death(self, kernel: SandboxKernel, limits: Limits) -> str:
        cgroup = kernel.cgroup
        if self.cgroups is not None and cgroup is not None and self.cgroups.oom_killed(cgroup):
            return f"it used more than the memory limit of {limits.memory // MIB} MiB"
        ended = self.server.exit_status(kernel.kernel_id, timeout=0.5)
        if ended is None:
            return ""
        status, cpu_seconds = ended
        if status < 0:
            name = signal.Signals(-status).name
            # As pid 1 of its namespace the kernel ignores SIGXCPU; the hard limit's SIGKILL ends it.
            if name == "SIGXCPU" or (name == "SIGKILL" and cpu_seconds >= limits.cpu_time):
                return f"it used more than {limits.cpu_time} s of CPU time"
            return f"killed by {name}"
        return f"exit code {status}"

    def close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self.pool.close()
        self.reaper.close()
        self.server.close()
        if self.cgroups is not None:
            self.cgroups.close()
        self.context.term()
        self.slot.release()

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _prepared(nb: NotebookNode | dict) -> NotebookNode:
    """A copy to execute: the submitted outputs are never believed, so none are kept."""
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("execute() needs an nbformat 4 notebook (a dict with a list of cells)")
    notebook = nbformat.from_dict(copy.deepcopy(dict(nb)))
    for cell in notebook.cells:
        if isinstance(
            cell.get("source"), list
        ):  # as stored on disk, before nbformat.reads joins it
            cell.source = "".join(cell.source)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.setdefault("metadata", nbformat.NotebookNode()).pop("manabi", None)
    return notebook


def _mark_not_run(nb: NotebookNode, reason: str) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code" and "manabi" not in cell.metadata:
            error = {"output_type": "error", "ename": "CellNotRunError", "evalue": reason}
            cell.outputs = [nbformat.from_dict({**error, "traceback": []})]
            cell.metadata["manabi"] = {"status": NOT_RUN, "duration_ms": 0}


_executor: Executor | None = None
_executor_pid = 0
_executor_lock = threading.Lock()


def get_executor() -> Executor:
    """This process's executor, created on first use (and again in a forked child)."""
    global _executor, _executor_pid
    with _executor_lock:
        if _executor is None or _executor_pid != os.getpid():
            _executor = Executor()
            _executor_pid = os.getpid()
        return _executor


def execute(nb: NotebookNode | dict, limits: Limits | None = None, **options) -> ExecutionResult:
    """Run a notebook with this process's executor (see :meth:`Executor.execute`)."""
    return get_executor().execute(nb, limits, **options)
