"""The sandboxed notebook executor (pure Python: no Django import, so the CLI, bench and workers share it).

    from grading.sandbox import Executor, Limits
    with Executor() as executor:
        result = executor.execute(nb, Limits(cell_timeout=10))

or, in a worker process, ``grading.sandbox.execute(nb, limits)``. See docs/grading.md.
"""

from .config import ExecutorConfig, SandboxUnavailableError
from .executor import ExecutionResult, Executor, execute, get_executor
from .limits import GIB, KIB, MIB, Limits
from .runner import is_protected

CELL_STATUSES = ("ok", "error", "timeout", "kernel_died", "not_run", "output_truncated")
RESULT_STATUSES = ("ok", "timeout", "kernel_died", "failed")

__all__ = [
    "CELL_STATUSES",
    "GIB",
    "KIB",
    "MIB",
    "RESULT_STATUSES",
    "ExecutionResult",
    "Executor",
    "ExecutorConfig",
    "Limits",
    "SandboxUnavailableError",
    "execute",
    "get_executor",
    "is_protected",
]
