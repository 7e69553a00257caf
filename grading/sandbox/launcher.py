"""Preparing the fork server's sandbox: checks, a per-executor slot (uid and directories), the command.

Layout under ``run_root`` (0711, owned by the service user)::

    slot-<n>.lock   held (flock) while an executor uses slot n; a free lock means leftovers to clean
    slot-<n>/       0700, owned by the sandbox uid: one directory per kernel with its ipc sockets
    code-<n>/       read-only copy of kernel_side/ as the package ``manabi_kernel`` (+ passwd, group)
"""

import fcntl
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from .config import ExecutorConfig, SandboxUnavailableError

KERNEL_SIDE = Path(__file__).resolve().parent / "kernel_side"
SANDBOX_RUN_DIR = "/run/manabi"
SANDBOX_CODE_DIR = "/opt/manabi"
SANDBOX_KERNEL_ENV = "/opt/kernel-env"
INSTALL_HINT = "scripts/install_kernel_env.sh (or `make install`)"
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes; kernel ids and socket names need the rest


@dataclass
class Slot:
    index: int
    uid: int
    gid: int
    run_dir: Path
    code_dir: Path
    lock_fd: int

    def release(self) -> None:
        shutil.rmtree(self.run_dir, ignore_errors=True)
        shutil.rmtree(self.code_dir, ignore_errors=True)
        os.close(self.lock_fd)


def is_root() -> bool:
    return os.geteuid() == 0


def preflight(config: ExecutorConfig) -> list[str]:
    """Everything that stops the sandbox from working here, as messages naming the fix."""
    problems = []
    python = config.kernel_env / "bin" / "python"
    if not python.exists():
        problems.append(
            f"The kernel environment {config.kernel_env} is missing: run {INSTALL_HINT}, or set "
            "MANABI_KERNEL_ENV to an existing one."
        )
    if not config.sandbox:
        return problems
    if not shutil.which("bwrap"):
        problems.append(
            "bubblewrap (bwrap) is not installed, so notebooks cannot be graded safely: install it "
            "with `apt-get install bubblewrap` (or set MANABI_SANDBOX=off, for development only)."
        )
    if is_root() and not shutil.which("setpriv"):
        problems.append("setpriv is missing: install it with `apt-get install util-linux`.")
    try:
        userns = int(Path("/proc/sys/user/max_user_namespaces").read_text())
    except (OSError, ValueError):
        userns = 0
    if userns <= 0:
        problems.append(
            "User namespaces are disabled (user.max_user_namespaces = 0): enable them with "
            "`sysctl -w user.max_user_namespaces=10000`."
        )
    if is_root() and python.exists():
        blocked = _unreadable_for_others(config.kernel_env)
        if blocked:
            problems.append(
                f"The sandbox user cannot read the kernel environment: {blocked} is not readable "
                "by others. Install it outside /root (MANABI_KERNEL_ENV) or run "
                f"{INSTALL_HINT} again."
            )
    return problems


def _unreadable_for_others(path: Path) -> Path | None:
    """The first directory on the way to ``path`` (resolved) that 'others' cannot enter."""
    targets = [path.resolve(), (path / "bin" / "python").resolve()]
    for target in targets:
        for part in [*reversed(target.parents), target]:
            mode = part.stat().st_mode
            needed = stat.S_IXOTH if part.is_dir() else stat.S_IROTH
            if not mode & needed:
                return part
    return None


def make_run_root(run_root: Path) -> None:
    run_root.mkdir(mode=0o711, parents=True, exist_ok=True)
    info = run_root.stat()
    if info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise SandboxUnavailableError(
            f"{run_root} must belong to uid {os.geteuid()} and not be writable by others; "
            "remove it or set MANABI_SANDBOX_RUN_DIR."
        )
    os.chmod(run_root, 0o711)  # noqa: S103 - others (the sandbox uid) may only traverse it


def acquire_slot(config: ExecutorConfig) -> Slot:
    """Take the first free slot: its uid (when root) and directories, cleaning what a dead one left."""
    make_run_root(config.run_root)
    for index in range(config.uid_count):
        lock_path = config.run_root / f"slot-{index}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        slot = _prepare_slot(config, index, fd)
        if len(str(slot.run_dir)) + 16 > MAX_SOCKET_PATH:
            slot.release()
            raise SandboxUnavailableError(
                f"{config.run_root} is too long a path for unix sockets; set MANABI_SANDBOX_RUN_DIR "
                "to a short directory such as /tmp/manabi-sandbox."
            )
        return slot
    raise SandboxUnavailableError(
        f"All {config.uid_count} sandbox slots in {config.run_root} are in use; raise "
        "MANABI_SANDBOX_UID_COUNT."
    )


def _prepare_slot(config: ExecutorConfig, index: int, lock_fd: int) -> Slot:
    if is_root() and config.sandbox:
        uid = gid = config.uid_base + index
    else:
        uid, gid = os.geteuid(), os.getegid()
    run_dir = config.run_root / f"slot-{index}"
    code_dir = config.run_root / f"code-{index}"
    for stale in (run_dir, code_dir):
        shutil.rmtree(stale, ignore_errors=True)
    run_dir.mkdir(mode=0o700)
    (config.run_root / f"slot-{index}.log").write_bytes(b"")  # the fork server's stderr, per run
    if is_root():
        os.chown(run_dir, uid, gid)
    package = code_dir / "manabi_kernel"
    shutil.copytree(KERNEL_SIDE, package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (code_dir / "passwd").write_text(f"learner:x:{uid}:{gid}:learner:/home/learner:/bin/sh\n")
    (code_dir / "group").write_text(f"learner:x:{gid}:\n")
    for path in [code_dir, *code_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return Slot(index, uid, gid, run_dir, code_dir, lock_fd)


def fork_server_command(config: ExecutorConfig, slot: Slot, ctl_fd: int) -> list[str]:
    """The command line that starts the fork server (sandboxed unless the sandbox is off)."""
    # Inside the sandbox the environment appears at a neutral path, revealing nothing of the host's.
    env = SANDBOX_KERNEL_ENV if config.sandbox else str(config.kernel_env)
    python = f"{env}/bin/python"
    path = f"{env}/bin:/usr/local/bin:/usr/bin:/bin"
    server_config = {
        "sandboxed": config.sandbox,
        "run_dir": SANDBOX_RUN_DIR if config.sandbox else str(slot.run_dir),
        "preload": list(config.preload),
        "path": path,
        "ctl_fd": ctl_fd,
    }
    code_dir = SANDBOX_CODE_DIR if config.sandbox else str(slot.code_dir)
    bootstrap = (
        f"import sys; sys.path.insert(0, {code_dir!r}); "
        "from manabi_kernel.forkserver import main; main()"
    )
    command = [python, "-I", "-c", bootstrap, json.dumps(server_config)]
    if not config.sandbox:
        return command
    prefix = []
    if is_root():
        prefix = [
            "setpriv",
            f"--reuid={slot.uid}",
            f"--regid={slot.gid}",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
            "--bounding-set=-all",
        ]
    return [*prefix, *_bwrap_arguments(config, slot, path), *command]


def _bwrap_arguments(config: ExecutorConfig, slot: Slot, path: str) -> list[str]:
    args = ["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session"]
    args += ["--clearenv", "--setenv", "PATH", path, "--setenv", "HOME", "/home/learner"]
    args += ["--setenv", "LANG", "C.UTF-8", "--setenv", "PYTHONDONTWRITEBYTECODE", "1"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), f"/{name}"]
        elif host.is_dir():
            args += ["--ro-bind", str(host), f"/{name}"]
    for name in ("ld.so.cache", "localtime"):
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    args += ["--ro-bind", str(slot.code_dir / "passwd"), "/etc/passwd"]
    args += ["--ro-bind", str(slot.code_dir / "group"), "/etc/group"]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]  # noqa: S108
    args += ["--ro-bind", str(config.kernel_env.resolve()), SANDBOX_KERNEL_ENV]
    args += ["--ro-bind", str(slot.code_dir), SANDBOX_CODE_DIR]
    args += ["--bind", str(slot.run_dir), SANDBOX_RUN_DIR]
    args += ["--dir", "/run/kernel", "--dir", "/home/learner", "--chdir", "/"]
    # The root and /dev are tmpfs mounts that every kernel of this server inherits: read-only, so
    # that no kernel can leave a file there for another. Kernels mount their own /tmp, $HOME, /dev/shm.
    args += ["--remount-ro", "/dev", "--remount-ro", "/"]
    return args
