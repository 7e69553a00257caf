"""Per-kernel memory cgroups, when the executor may create them (usually: running as root).

A memory cgroup bounds a kernel *and everything it starts* together, which per-process rlimits cannot.
The cgroups are nested under the executor's own cgroup (``<own>/manabi-slot-<n>/<kernel id>``), so
whatever limits already apply to the service still apply. cgroup v1 (``memory.limit_in_bytes``) and v2
(``memory.max``, when the memory controller can be delegated) are supported; anywhere else the
executor falls back to RLIMIT_DATA per process and says so in its log.
"""

import os
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


class MemoryCgroups:
    def __init__(self, parent: Path, version: int) -> None:
        self.parent = parent
        self.version = version

    @classmethod
    def detect(cls, slot_index: int) -> "MemoryCgroups | None":
        try:
            own = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return None
        for line in own:
            _, controllers, path = line.split(":", 2)
            if "memory" in controllers.split(",") and (CGROUP_ROOT / "memory").is_dir():
                return cls._make(CGROUP_ROOT / "memory" / path.lstrip("/"), 1, slot_index)
        for line in own:
            _, controllers, path = line.split(":", 2)
            if controllers == "" and (CGROUP_ROOT / "cgroup.controllers").exists():
                return cls._make(CGROUP_ROOT / path.lstrip("/"), 2, slot_index)
        return None

    @classmethod
    def _make(cls, own: Path, version: int, slot_index: int) -> "MemoryCgroups | None":
        parent = own / f"manabi-slot-{slot_index}"
        try:
            if version == 2 and "memory" not in (own / "cgroup.subtree_control").read_text():
                return None  # our own cgroup does not delegate the memory controller
            probe = cls(parent, version)
            probe.prepare_parent()
            for stale in parent.iterdir():
                if stale.is_dir():
                    _rmdir(stale, wait=0)
            probe.remove(probe.create("probe", 64 * 1024 * 1024))
        except OSError:
            return None
        return cls(parent, version)

    def prepare_parent(self) -> None:
        self.parent.mkdir(exist_ok=True)
        if self.version == 2:
            (self.parent / "cgroup.subtree_control").write_text("+memory")

    def create(self, kernel_id: str, memory: int) -> Path:
        if not self.parent.is_dir():
            # Slot numbers are per run directory, so an executor with another one may have used
            # and removed this parent when it closed: make it again rather than fail every kernel.
            self.prepare_parent()
        path = self.parent / kernel_id
        path.mkdir(exist_ok=True)
        if self.version == 1:
            (path / "memory.limit_in_bytes").write_text(str(memory))
        else:
            (path / "memory.max").write_text(str(memory))
            swap = path / "memory.swap.max"
            if swap.exists():
                swap.write_text("0")
        return path

    def attach(self, path: Path, pid: int) -> None:
        (path / "cgroup.procs").write_text(str(pid))

    def oom_killed(self, path: Path) -> bool:
        try:
            if self.version == 1:
                text = (path / "memory.oom_control").read_text()
                failed = int((path / "memory.failcnt").read_text() or 0) > 0
            else:
                text = (path / "memory.events").read_text()
                failed = False
        except OSError:
            return False
        for line in text.splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill" and value.strip() not in ("", "0"):
                return True
        return failed

    def remove(self, path: Path) -> None:
        _rmdir(path, wait=2.0)

    def close(self) -> None:
        if self.parent.exists():
            for child in self.parent.iterdir():
                if child.is_dir():
                    _rmdir(child, wait=0.5)
            _rmdir(self.parent, wait=0.5)


def _rmdir(path: Path, wait: float) -> None:
    """Remove a cgroup directory; it is busy until its last process is gone."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() >= deadline:
                return
            time.sleep(0.02)
