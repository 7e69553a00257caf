"""Kernels: starting one, keeping a few ready, and destroying each after its single use.

Every kernel serves exactly one submission. The pool keeps ``pool_size`` kernels started and known
to answer (kernel_info, iopub subscribed) so a submission never waits for a start; filler threads
replace each kernel handed out, and a reaper thread kills used ones (SIGKILL through a pidfd: as pid 1
of its pid namespace, the kernel takes every process it started with it) and removes their
directories and cgroups off the critical path.
"""

import logging
import os
import queue
import secrets
import select
import shutil
import signal
import threading
import time
from collections import deque
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

import zmq

from .cgroups import MemoryCgroups
from .client import KernelChannels, wait_ready
from .config import ExecutorConfig
from .launcher import Slot
from .server import ForkServer, KernelStartError

log = logging.getLogger(__name__)


@dataclass
class SandboxKernel:
    kernel_id: str
    pid: int
    pidfd: int
    channels: KernelChannels
    host_dir: Path
    info: dict
    in_pid_namespace: bool
    cgroup: Path | None = None
    seal_key: bytes = b""
    started_at: float = field(default_factory=time.monotonic)

    def send_signal(self, sig: int) -> None:
        signal.pidfd_send_signal(self.pidfd, sig)

    def alive(self) -> bool:
        readable, _, _ = select.select([self.pidfd], [], [], 0)
        return not readable

    def kill(self) -> None:
        try:
            if self.in_pid_namespace:
                self.send_signal(signal.SIGKILL)
            else:  # development mode: no pid namespace, so take its process group
                os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass


class KernelFactory:
    def __init__(self, config: ExecutorConfig, slot: Slot, server: ForkServer, context: zmq.Context,
                 cgroups: MemoryCgroups | None) -> None:  # fmt: skip
        self.config = config
        self.slot = slot
        self.server = server
        self.context = context
        self.cgroups = cgroups

    def start(self, limits: dict, env: dict) -> SandboxKernel:
        kernel_id = secrets.token_hex(4)
        timeout = self.config.kernel_start_timeout
        self.server.wait_ready(self.config.server_start_timeout)
        future = self.server.spawn(kernel_id, limits, env)
        try:
            started = future.result(timeout)
        except FutureTimeout:
            self.server.forget(kernel_id)
            raise KernelStartError(f"no kernel started within {timeout:g} s") from None
        pidfd = os.pidfd_open(started.pid)
        if not _is_our_kernel(started.pid, self.slot.uid, self.config.sandbox):
            os.close(pidfd)  # the reported process is gone and its pid taken: never signal it
            raise KernelStartError(f"kernel {kernel_id} exited before it could be used")
        host_dir = self.slot.run_dir / kernel_id
        sandboxed = self.config.sandbox
        channels = None
        kernel = None
        try:
            cgroup = None
            if self.cgroups is not None:
                cgroup = self.cgroups.create(kernel_id, limits["memory"])
                self.cgroups.attach(cgroup, started.pid)
            channels = KernelChannels(
                self.context, started.connection, host_dir if sandboxed else None
            )
            kernel = SandboxKernel(
                kernel_id, started.pid, pidfd, channels, host_dir, {}, sandboxed, cgroup,
                started.seal_key,
            )  # fmt: skip
            kernel.info = wait_ready(channels, pidfd, timeout)
        except Exception as exc:
            if kernel is not None:
                destroy(kernel, self.cgroups)
            else:
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                os.close(pidfd)
                if channels is not None:
                    channels.close()
                shutil.rmtree(host_dir, ignore_errors=True)
            raise KernelStartError(f"kernel {kernel_id} did not become ready: {exc}") from exc
        return kernel


def _is_our_kernel(pid: int, uid: int, sandboxed: bool) -> bool:
    """The process behind a pidfd runs as our sandbox uid and, sandboxed, is pid 1 of its own."""
    try:
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        )
    except (OSError, ValueError):
        return False
    real_uid = int(fields.get("Uid", "-1").split()[0])
    innermost_pid = fields.get("NSpid", "").split()[-1:]
    return real_uid == uid and (not sandboxed or innermost_pid == ["1"])


def destroy(kernel: SandboxKernel, cgroups: MemoryCgroups | None) -> None:
    kernel.kill()
    kernel.channels.close()
    select.select([kernel.pidfd], [], [], 5.0)  # wait until it is gone (or give up after 5 s)
    os.close(kernel.pidfd)
    shutil.rmtree(kernel.host_dir, ignore_errors=True)
    if cgroups is not None and kernel.cgroup is not None:
        cgroups.remove(kernel.cgroup)


class Reaper:
    """Destroys used kernels in the background."""

    def __init__(self, cgroups: MemoryCgroups | None) -> None:
        self.cgroups = cgroups
        self._queue: queue.Queue[SandboxKernel | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="manabi-reaper", daemon=True)
        self._thread.start()

    def put(self, kernel: SandboxKernel) -> None:
        kernel.kill()  # at once: nothing it runs may outlive its submission by even a moment
        self._queue.put(kernel)

    def _run(self) -> None:
        while (kernel := self._queue.get()) is not None:
            try:
                destroy(kernel, self.cgroups)
            except Exception:
                log.exception("could not clean up kernel %s", kernel.kernel_id)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)


class KernelPool:
    def __init__(self, factory: KernelFactory, reaper: Reaper, size: int, limits: dict,
                 env: dict) -> None:  # fmt: skip
        self.factory = factory
        self.reaper = reaper
        self.size = size
        self.limits = limits
        self.env = env
        self.last_error = ""
        self._ready: deque[SandboxKernel] = deque()
        self._starting = 0
        self._closed = False
        self._cond = threading.Condition()
        self._threads = [
            threading.Thread(target=self._fill, name=f"manabi-pool-{i}", daemon=True)
            for i in range(size)
        ]
        for thread in self._threads:
            thread.start()

    def acquire(self, limits: dict, env: dict, timeout: float) -> tuple[SandboxKernel, bool]:
        """A fresh kernel, and whether it had to be started on demand (a "cold" start)."""
        if self.size == 0 or limits != self.limits or env != self.env:
            return self.factory.start(limits, env), True
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                while self._ready:
                    kernel = self._ready.popleft()
                    self._cond.notify_all()
                    if kernel.alive():
                        return kernel, False
                    self.reaper.put(kernel)
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    detail = self.last_error or f"none became ready within {timeout:g} s"
                    raise KernelStartError(f"no kernel available: {detail}")
                self._cond.wait(remaining)

    def _fill(self) -> None:
        failures = 0
        while True:
            with self._cond:
                while not self._closed and len(self._ready) + self._starting >= self.size:
                    self._cond.wait()
                if self._closed:
                    return
                self._starting += 1
            kernel = None
            try:
                kernel = self.factory.start(self.limits, self.env)
                failures = 0
            except Exception as exc:
                self.last_error = str(exc)
                failures += 1
                log.warning("pre-starting a kernel failed: %s", exc)
            with self._cond:
                self._starting -= 1
                if kernel is not None and self._closed:
                    self.reaper.put(kernel)
                elif kernel is not None:
                    self._ready.append(kernel)
                self._cond.notify_all()
            if failures:
                time.sleep(min(5.0, 0.2 * 2**failures))

    def close(self) -> None:
        with self._cond:
            self._closed = True
            ready, self._ready = list(self._ready), deque()
            self._cond.notify_all()
        for kernel in ready:
            self.reaper.put(kernel)
        for thread in self._threads:
            thread.join(timeout=self.factory.config.kernel_start_timeout + 5)
