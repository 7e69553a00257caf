"""The kernel a forked child becomes: ipykernel's IPythonKernel plus the judging guard.

A cell whose execute_request carries ``metadata.manabi.protect = true`` (the executor sets it for the
trainer's cells) runs after :meth:`Guard.restore`; its execute_reply then carries
``metadata.manabi_guard``: ``"intact"`` or ``"tampered: ..."``. The executor treats a protected cell
whose reply lacks that verdict as tampered with.
"""

import os
import sys

# Grading needs no debugger, and importing debugpy costs every kernel ~60 ms of CPU: ipykernel
# skips its debugger when debugpy cannot be imported.
sys.modules.setdefault("debugpy", None)  # type: ignore[arg-type]

from ipykernel.iostream import OutStream  # noqa: E402
from ipykernel.ipkernel import IPythonKernel  # noqa: E402
from ipykernel.kernelapp import IPKernelApp  # noqa: E402
from traitlets.config import Config  # noqa: E402

from .guard import Guard  # noqa: E402

_UNLIMITED = 1 << 62
_output_left = [_UNLIMITED]  # what the running cell may still print through sys.stdout/stderr


def _cap_output() -> None:
    """Drop printed text past the cell's cap here, in the kernel.

    Without this, a print loop fills the stream's buffer between two flushes and ships one message of
    hundreds of megabytes. The executor enforces its own caps regardless; this keeps messages small.
    """
    original = OutStream.write

    def write(self, string):
        if not isinstance(string, str) or _output_left[0] >= len(string):
            if isinstance(string, str):
                _output_left[0] -= len(string)
            return original(self, string)
        kept = string[: max(0, _output_left[0])]
        _output_left[0] = -1
        if kept:
            original(self, kept)
        return len(string)

    OutStream.write = write


class ManabiKernel(IPythonKernel):
    _manabi_guard: Guard | None = None
    _manabi_protected = False
    _manabi_restore_error = ""

    async def execute_request(self, stream, ident, parent):
        options = (parent.get("metadata") or {}).get("manabi") or {}
        self._manabi_protected = bool(options.get("protect"))
        _output_left[0] = int(options.get("output_cap") or _UNLIMITED)
        self._manabi_restore_error = ""
        if self._manabi_protected:
            try:
                self._manabi_guard.restore()  # type: ignore[union-attr]
            except Exception as exc:  # the verdict below reports it
                self._manabi_restore_error = f"{type(exc).__name__}: {exc}"
        await super().execute_request(stream, ident, parent)

    def finish_metadata(self, parent, metadata, reply_content):
        if self._manabi_protected:
            metadata["manabi_guard"] = self._manabi_verdict()
        return metadata

    def _manabi_verdict(self) -> str:
        if self._manabi_restore_error:
            return "tampered: restore failed: " + self._manabi_restore_error
        if self._manabi_guard is None:
            return "tampered: guard missing"
        try:
            problems = self._manabi_guard.check()
        except Exception as exc:
            return f"tampered: check failed: {type(exc).__name__}"
        return "intact" if not problems else "tampered: " + ", ".join(problems[:8])


def kernel_config(conn_dir: str) -> Config:
    config = Config()
    config.IPKernelApp.transport = "ipc"
    config.IPKernelApp.ip = os.path.join(conn_dir, "k")
    config.IPKernelApp.connection_file = os.path.join(conn_dir, "kernel.json")
    config.IPKernelApp.kernel_class = "manabi_kernel.kernel.ManabiKernel"
    config.IPKernelApp.log_level = "WARN"
    config.IPKernelApp.parent_handle = 1  # no parent poller, no console banner
    config.IPKernelApp.extensions = []
    config.IPKernelApp.exec_lines = []
    config.IPKernelApp.exec_files = []
    # History would otherwise live in $HOME and leak one submission's code to the next.
    config.HistoryManager.enabled = False
    config.HistoryManager.hist_file = ":memory:"
    return config


def prepare(conn_dir: str) -> IPKernelApp:
    """Bind the kernel's sockets, write its connection file and take the guard's snapshot."""
    _cap_output()
    app = IPKernelApp.instance(config=kernel_config(conn_dir))
    app.initialize([])
    guard = Guard(app.shell, app.kernel)
    app.kernel._manabi_guard = guard
    sys.stdout.flush()
    sys.stderr.flush()
    return app
