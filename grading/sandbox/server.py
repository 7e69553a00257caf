"""The executor's handle on its fork server: starts it, asks it for kernels, hears what they report.

One long-lived thread owns the fork server process. It must: bubblewrap's ``--die-with-parent`` is a
parent-death signal, which fires when the *thread* that started the process ends. The same thread
reads the control socket and resolves the futures that :meth:`ForkServer.spawn` returns. Messages
from kernels carry SCM_CREDENTIALS, so the executor learns each kernel's pid in its own pid namespace
without trusting anything the kernel says.
"""

import contextlib
import json
import logging
import os
import socket
import struct
import subprocess
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass

from .config import ExecutorConfig, SandboxUnavailableError
from .launcher import Slot, fork_server_command

log = logging.getLogger(__name__)
_CREDS = struct.Struct("iII")
_RESTART_DELAY = 1.0


class KernelStartError(RuntimeError):
    """A kernel could not be started; the message says why."""


@dataclass(frozen=True)
class StartedKernel:
    kernel_id: str
    pid: int  # in the executor's pid namespace (from SCM_CREDENTIALS)
    connection: dict
    seal_key: bytes  # checks the judging guard's verdicts (kernel_side/seal.py)


class ForkServer:
    def __init__(self, config: ExecutorConfig, slot: Slot) -> None:
        self.config = config
        self.slot = slot
        self.versions: dict[str, str] = {}
        self._lock = threading.Lock()
        self._pending: dict[str, Future] = {}
        self._exits: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._exit_event = threading.Condition(self._lock)
        self._ready = threading.Event()
        self._closed = False
        self._failure = ""
        self._socket: socket.socket | None = None
        self._process: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._run, name="manabi-forkserver", daemon=True)
        self._thread.start()

    # -- used by other threads -------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        """The sandbox's outermost process (bubblewrap), while it runs."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def wait_ready(self, timeout: float) -> None:
        if not self._ready.wait(timeout):
            detail = self._failure or f"it did not start within {timeout:.0f} s"
            raise SandboxUnavailableError(f"The kernel fork server is not running: {detail}")

    def spawn(self, kernel_id: str, limits: dict, env: dict) -> Future:
        future: Future = Future()
        request = {"op": "spawn", "id": kernel_id, "limits": limits, "env": env}
        with self._lock:
            if not self._ready.is_set() or self._socket is None:
                future.set_exception(KernelStartError(self._failure or "fork server not running"))
                return future
            self._pending[kernel_id] = future
            try:
                self._socket.send(json.dumps(request).encode())
            except OSError as exc:
                self._pending.pop(kernel_id, None)
                future.set_exception(KernelStartError(f"fork server unreachable: {exc}"))
        return future

    def forget(self, kernel_id: str) -> None:
        with self._lock:
            self._pending.pop(kernel_id, None)

    def exit_status(self, kernel_id: str, timeout: float = 0.0) -> tuple[int, float] | None:
        """How the kernel ended, as the fork server reaped it: (exit code, negative for a signal;
        CPU seconds it used)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while kernel_id not in self._exits:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._exit_event.wait(remaining):
                    return None
            return self._exits[kernel_id]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.send(json.dumps({"op": "exit"}).encode())
        process = self._process
        if process is not None:
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
        self._thread.join(timeout=5)

    # -- the owner thread ------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._closed:
            try:
                self._serve_once()
            except Exception as exc:  # keep the thread alive; report through pending futures
                self._failure = f"{type(exc).__name__}: {exc}"
                log.exception("fork server failed")
            self._ready.clear()
            self._fail_pending()
            if not self._closed:
                time.sleep(_RESTART_DELAY)

    def _serve_once(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        command = fork_server_command(self.config, self.slot, theirs.fileno())
        log_path = self.slot.run_dir.parent / f"slot-{self.slot.index}.log"
        with open(log_path, "ab") as log_file:
            self._process = subprocess.Popen(  # noqa: S603 - fixed argv built by the launcher
                command,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=log_file,
                pass_fds=[theirs.fileno()],
                cwd="/",
                env=_server_environment(),
            )
        theirs.close()
        with self._lock:
            self._socket = ours
        try:
            self._read_messages(ours, log_path)
        finally:
            with self._lock:
                self._socket = None
            ours.close()
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()

    def _read_messages(self, sock: socket.socket, log_path) -> None:
        while True:
            data, ancillary, _, _ = sock.recvmsg(1 << 20, socket.CMSG_SPACE(_CREDS.size))
            if not data:
                self._failure = "the fork server exited; see " + _tail(log_path)
                return
            pid = None
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = _CREDS.unpack(payload[: _CREDS.size])[0]
            self._handle(json.loads(data), pid)

    def _handle(self, message: dict, pid: int | None) -> None:
        event = message.get("event")
        if event == "ready":
            self.versions = {k: str(v) for k, v in message.get("versions", {}).items()}
            self._failure = ""
            self._ready.set()
            return
        kernel_id = str(message.get("id", ""))
        if event == "exit":
            with self._lock:
                self._exits[kernel_id] = (
                    int(message.get("status", 0)),
                    float(message.get("cpu", 0)),
                )
                while len(self._exits) > 256:
                    self._exits.popitem(last=False)
                self._exit_event.notify_all()
            return
        with self._lock:
            future = self._pending.pop(kernel_id, None)
        if future is None or future.done():
            return
        if event == "started" and pid:
            seal_key = bytes.fromhex(str(message.get("seal", "")))
            future.set_result(StartedKernel(kernel_id, pid, message["connection"], seal_key))
        else:
            future.set_exception(KernelStartError(str(message.get("message", message))))

    def _fail_pending(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(KernelStartError(self._failure or "fork server stopped"))


def _server_environment() -> dict[str, str]:
    # bubblewrap clears the environment itself; this only matters with the sandbox off.
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}


def _tail(path, limit: int = 2000) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - limit))
            return f"{path}: " + handle.read().decode(errors="replace").strip()
    except OSError:
        return str(path)
