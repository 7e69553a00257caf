"""The kernel a forked child becomes: ipykernel's IPythonKernel plus the judging guard.

A cell whose execute_request carries ``metadata.manabi.protect = true`` (the executor sets it for the
trainer's cells) runs after the guard has put the kernel's machinery back; its execute_reply then
carries ``metadata.manabi_guard`` (``"intact"`` or ``"tampered: ..."``) and ``metadata.manabi_seal``
(see ``seal.py``). The executor treats a protected cell whose reply lacks a valid seal, or whose
verdict is not intact, as tampered with.

The code that judges lives in closures made by :func:`_install_judging` before any learner code runs:
learner code can rebind the kernel's methods, handlers and this module's names, but then no sealed
reply comes back; it cannot reach the guard or the key without digging them out of memory.
"""

import os
import sys

# Grading needs no debugger, and importing debugpy costs every kernel ~60 ms of CPU: ipykernel
# skips its debugger when debugpy cannot be imported.
sys.modules.setdefault("debugpy", None)  # type: ignore[arg-type]

from ipykernel.iostream import OutStream  # noqa: E402
from ipykernel.ipkernel import IPythonKernel  # noqa: E402
from ipykernel.kernelapp import IPKernelApp  # noqa: E402
from ipykernel.kernelbase import Kernel  # noqa: E402
from traitlets.config import Config  # noqa: E402

from .defence import self_defence  # noqa: E402
from .guard import Guard  # noqa: E402
from .seal import SEAL_KEY, VERDICT_KEY, signer  # noqa: E402

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
    async def execute_request(self, stream, ident, parent):
        options = (parent.get("metadata") or {}).get("manabi") or {}
        _output_left[0] = int(options.get("output_cap") or _UNLIMITED)
        await super().execute_request(stream, ident, parent)

    async def do_execute(self, code, silent, *args, **kwargs):
        return await _judged(self, code, silent, *args, **kwargs)

    def finish_metadata(self, parent, metadata, reply_content):
        metadata.update(_verdict_of(parent))
        return metadata


async def _judged(kernel, code, silent, *args, **kwargs):
    raise RuntimeError("the judging guard is not installed")


def _verdict_of(parent) -> dict:
    return {}


def _install_judging(guard: Guard) -> bytes:
    """Make the closures that run every cell and seal test cells' verdicts; return the seal key.

    They use only references captured here, so learner code rebinding builtins, the guard's classes
    or this module's names changes nothing they do.
    """
    global _judged, _verdict_of
    key = os.urandom(32)
    sign = signer(key)
    restore, check, replaced_by_others = guard.restore, guard.check, guard.replaced_by_others
    run, get_parent, get, judge = IPythonKernel.do_execute, Kernel.get_parent, dict.get, _verdict
    kind, text, mapping = type, str, dict
    sealed: dict = {}
    keep_streams = _stream_keeper()

    def field(value, name):
        return get(value, name) if kind(value) is mapping else None

    def message(parent) -> tuple:
        """(message id, protected?) of a parent as ipykernel passes it (a real dict or nothing)."""
        options = field(field(parent, "metadata"), "manabi")
        return field(field(parent, "header"), "msg_id"), field(options, "protect") is True

    async def judged(kernel, code, silent, *args, **kwargs):
        msg_id, protect = message(get_parent(kernel, "shell"))
        problem = ""
        if protect:  # learner cells run as the learner left things; test cells as they started
            defences_restore()
            try:
                restore()
            except Exception as exc:  # the verdict reports it
                problem = f"restore failed: {kind(exc).__name__}: {exc}"
        reply = await run(kernel, code, silent, *args, **kwargs)
        keep_streams()
        if protect and kind(msg_id) is text and kind(code) is text and kind(reply) is mapping:
            verdict = judge(problem, defences_changed, defences_restore, check, replaced_by_others)
            status = field(reply, "status")
            status = status if kind(status) is text else ""
            sealed[msg_id] = {VERDICT_KEY: verdict, SEAL_KEY: sign(msg_id, code, status, verdict)}
        return reply

    def verdict_of(parent) -> dict:
        msg_id, _protect = message(parent)
        return sealed.pop(msg_id, {}) if kind(msg_id) is text else {}

    _judged, _verdict_of = judged, verdict_of
    # Both records are taken now, so that they hold these closures, not the placeholders.
    guard.namespaces.accept_current()
    defences_changed, defences_restore = self_defence()
    return key


def _stream_keeper():
    """After every cell, put back the kernel's ``sys.stdout``/``sys.stderr`` if the cell left
    streams that cannot be flushed (``None``, a closed file): ipykernel flushes both before it sends
    the cell's reply, so an unflushable stream meant no reply, a "timed-out" cell that ignored the
    interrupt and every later cell not run. A working replacement (an open file, a ``StringIO``)
    stays until the next test cell, whose guard puts the kernel's back anyway."""
    streams = (("stdout", sys.stdout), ("stderr", sys.stderr))
    module, get_attr, set_attr = sys, getattr, setattr

    def keep() -> None:
        for name, stream in streams:
            current = get_attr(module, name, None)
            if current is stream:
                continue
            try:
                current.flush()
            except BaseException:  # None, closed, a raising or interrupted flush
                set_attr(module, name, stream)

    return keep


def _verdict(problem, defences_changed, defences_restore, check, replaced_by_others) -> str:
    if problem:
        return "tampered: " + problem
    try:
        # What the guard's own code relies on first: it must not judge with disarmed tools.
        problems = replaced_by_others(defences_changed())
        defences_restore()
        problems += check()
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


def prepare(conn_dir: str) -> tuple[IPKernelApp, bytes]:
    """Bind the kernel's sockets, write its connection file, take the guard's snapshot and install
    the judging closures; return the app and the seal key (for the executor only)."""
    _cap_output()
    app = IPKernelApp.instance(config=kernel_config(conn_dir))
    app.initialize([])
    key = _install_judging(Guard(app.shell, app.kernel))
    sys.stdout.flush()
    sys.stderr.flush()
    return app, key
