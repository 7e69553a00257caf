"""How an executor is set up: read once from the environment, or passed in explicitly."""

import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from .limits import Limits

PROJECT_DIR = Path(__file__).resolve().parents[2]
SHARED_KERNEL_ENV = Path("/var/lib/manabi/kernel-env")


def _enterable_by_others(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [*path.parents, path] if p.exists())


def default_kernel_env() -> Path:
    """<project>/var/kernel-env, unless the sandbox's unprivileged uid cannot reach the project.

    A checkout inside a private directory (``mktemp -d`` makes mode 700 ones, /root is 700) is out of
    the sandbox user's reach, so the environment then lives in a system-wide place it can read.
    """
    local = PROJECT_DIR / "var" / "kernel-env"
    if _enterable_by_others(PROJECT_DIR):
        return local
    if os.geteuid() == 0:
        return SHARED_KERNEL_ENV
    return Path.home() / ".cache" / "manabi" / "kernel-env"


DEFAULT_KERNEL_ENV = default_kernel_env()
# nbgrader's autograde sets this for the kernel; some nbgrader notebooks check it.
DEFAULT_KERNEL_VARS = MappingProxyType({"NBGRADER_EXECUTION": "autograde"})


class SandboxUnavailableError(RuntimeError):
    """The sandbox cannot run here; the message says what to install or change."""


def _default_run_root() -> Path:
    return Path(tempfile.gettempdir()) / f"manabi-sandbox-{os.geteuid()}"


@dataclass(frozen=True)
class ExecutorConfig:
    """Settings of one executor. ``from_env()`` documents the variable for each."""

    sandbox: bool = True
    kernel_env: Path = DEFAULT_KERNEL_ENV
    run_root: Path = field(default_factory=_default_run_root)
    pool_size: int = 2
    uid_base: int = 900_000
    uid_count: int = 256
    cgroup: str = "auto"
    preload: tuple[str, ...] = ("numpy", "numpy.testing", "pandas", "matplotlib.pyplot")
    kernel_vars: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_KERNEL_VARS))
    default_limits: Limits = field(default_factory=Limits)
    server_start_timeout: float = 60.0
    kernel_start_timeout: float = 20.0
    interrupt_grace: float = 2.0
    iopub_grace: float = 2.0

    def __post_init__(self) -> None:
        if self.pool_size < 0:
            raise ValueError("pool_size must be 0 or more")
        if self.cgroup not in {"auto", "off"}:
            raise ValueError("cgroup must be 'auto' or 'off'")
        if self.uid_count < 1 or self.uid_base < 1:
            raise ValueError("uid_base and uid_count must be positive")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "ExecutorConfig":
        """Read the settings from the environment.

        MANABI_SANDBOX             "on" (default) or "off" — off is for development only; every
                                   result then says sandboxed=False
        MANABI_KERNEL_ENV          the kernel's virtualenv (default <project>/var/kernel-env, or
                                   /var/lib/manabi/kernel-env when others cannot enter the project)
        MANABI_SANDBOX_RUN_DIR     where kernels' sockets live (default $TMPDIR/manabi-sandbox-<uid>)
        MANABI_KERNEL_POOL_SIZE    pre-started kernels per executor (default 2)
        MANABI_SANDBOX_UID_BASE    first uid kernels run as when the service runs as root (900000)
        MANABI_SANDBOX_UID_COUNT   how many uids, one per concurrent executor (256)
        MANABI_SANDBOX_CGROUP      "auto" (memory cgroup when writable) or "off"
        MANABI_KERNEL_PRELOAD      modules the fork server imports once (numpy,numpy.testing,
                                   pandas,matplotlib.pyplot)
        """
        env = os.environ if environ is None else environ
        values: dict = {}
        if "MANABI_SANDBOX" in env:
            values["sandbox"] = _flag(env["MANABI_SANDBOX"], "MANABI_SANDBOX")
        if env.get("MANABI_KERNEL_ENV"):
            values["kernel_env"] = Path(env["MANABI_KERNEL_ENV"])
        if env.get("MANABI_SANDBOX_RUN_DIR"):
            values["run_root"] = Path(env["MANABI_SANDBOX_RUN_DIR"])
        for name, key in (
            ("pool_size", "MANABI_KERNEL_POOL_SIZE"),
            ("uid_base", "MANABI_SANDBOX_UID_BASE"),
            ("uid_count", "MANABI_SANDBOX_UID_COUNT"),
        ):
            if env.get(key):
                values[name] = _integer(env[key], key)
        if env.get("MANABI_SANDBOX_CGROUP"):
            values["cgroup"] = env["MANABI_SANDBOX_CGROUP"].strip().lower()
        if "MANABI_KERNEL_PRELOAD" in env:
            names = env["MANABI_KERNEL_PRELOAD"].split(",")
            values["preload"] = tuple(n.strip() for n in names if n.strip())
        values.update(overrides)
        return cls(**values)

    def with_changes(self, **changes) -> "ExecutorConfig":
        return replace(self, **changes)


def _flag(value: str, name: str) -> bool:
    text = value.strip().lower()
    if text in {"1", "on", "true", "yes"}:
        return True
    if text in {"0", "off", "false", "no"}:
        return False
    raise ValueError(f"{name} must be 'on' or 'off', not {value!r}")


def _integer(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
