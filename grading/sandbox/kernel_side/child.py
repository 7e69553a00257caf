"""What a forked child does to become one submission's kernel (see forkserver.py for the order)."""

import json
import os
import signal
import socket
import sys

from . import isolation

HOME = "/home/learner"
CONN_DIR = "/run/kernel"
LOG_NAME = "kernel.log"


def become_kernel(request: dict, config: dict, ctl: socket.socket) -> None:
    kernel_id = str(request["id"])
    limits = request["limits"]
    own_dir = os.path.join(config["run_dir"], kernel_id)
    if config["sandboxed"]:
        conn_dir, home = CONN_DIR, HOME
        _mount_private_view(own_dir, config["run_dir"], limits)
        isolation.loopback_up()
        socket.sethostname("sandbox")
        isolation.forbid_user_namespaces()
    else:
        conn_dir, home = own_dir, os.path.join(own_dir, "home")
        os.mkdir(home, 0o700)
        isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
    os.setsid()
    _redirect_stdio(os.path.join(conn_dir, LOG_NAME))
    isolation.close_fds_except({ctl.fileno()})
    os.environ.clear()
    os.environ.update(_environment(home, config, request.get("env") or {}))
    os.chdir(home)
    _set_limits(limits, own_user_namespace=config["sandboxed"])
    if config["sandboxed"]:
        isolation.drop_all_capabilities()
    else:
        isolation.prctl(isolation.PR_SET_NO_NEW_PRIVS, 1)
    _reseed()

    from .kernel import prepare

    app, seal_key = prepare(conn_dir)
    info = app.get_connection_info()
    info["key"] = info["key"].decode() if isinstance(info["key"], bytes) else info["key"]
    started = {"event": "started", "id": kernel_id, "connection": info, "seal": seal_key.hex()}
    ctl.send(json.dumps(started).encode())
    ctl.close()  # learner code must never reach the fork server's control socket
    del seal_key, started  # only the judging closures keep the key
    app.start()


def _mount_private_view(own_dir: str, all_dirs: str, limits: dict) -> None:
    i = isolation
    i.mount("none", "/", None, i.MS_REC | i.MS_PRIVATE)
    i.mount("proc", "/proc", "proc", i.MS_NOSUID | i.MS_NODEV | i.MS_NOEXEC)
    size = int(limits["workdir"])
    private = f"size={size},mode=1777"
    i.mount("tmpfs", "/tmp", "tmpfs", i.MS_NOSUID | i.MS_NODEV, private)  # noqa: S108 - its own
    i.mount("tmpfs", HOME, "tmpfs", i.MS_NOSUID | i.MS_NODEV, f"size={size},mode=0700")
    shm_flags = i.MS_NOSUID | i.MS_NODEV | i.MS_NOEXEC
    i.mount("tmpfs", "/dev/shm", "tmpfs", shm_flags, private)  # noqa: S108 - its own
    # A pseudo-terminal of one kernel must not be openable by another running as the same uid.
    pts = "newinstance,ptmxmode=0666,mode=0620"
    i.mount("devpts", "/dev/pts", "devpts", i.MS_NOSUID | i.MS_NOEXEC, pts)
    i.mount(own_dir, CONN_DIR, None, i.MS_BIND)
    # Cover the directory that holds every kernel's run directory with an empty, read-only tmpfs.
    flags = i.MS_NOSUID | i.MS_NODEV | i.MS_NOEXEC | i.MS_RDONLY
    i.mount("tmpfs", all_dirs, "tmpfs", flags, "size=4k,mode=0")


def _redirect_stdio(log_path: str) -> None:
    null = os.open(os.devnull, os.O_RDONLY)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)


def _environment(home: str, config: dict, extra: dict) -> dict:
    # IPython's and matplotlib's own files go to the private /tmp: the working directory starts empty.
    scratch = "/tmp" if config["sandboxed"] else home  # noqa: S108
    env = {
        "HOME": home,
        "USER": "learner",
        "LOGNAME": "learner",
        "PATH": config["path"],
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMPDIR": scratch,
        "IPYTHONDIR": os.path.join(scratch, ".ipython"),
        "MPLCONFIGDIR": os.path.join(scratch, ".matplotlib"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    env.update({str(k): str(v) for k, v in extra.items()})
    return env


def _set_limits(limits: dict, own_user_namespace: bool) -> None:
    i = isolation
    i.set_limit("RLIMIT_CORE", 0)
    if own_user_namespace:
        # Counted per uid *and user namespace*: in its own namespace, only the kernel's processes
        # count. Without one (sandbox off) it would count every process of the service's user.
        i.set_limit("RLIMIT_NPROC", int(limits["processes"]))
    cpu = int(limits["cpu_time"])
    i.set_limit("RLIMIT_CPU", cpu, cpu + 5)
    i.set_limit("RLIMIT_FSIZE", int(limits["file_size"]))
    i.set_limit("RLIMIT_DATA", int(limits["memory"]))
    i.set_limit("RLIMIT_NOFILE", int(limits.get("open_files", 1024)))
    i.set_limit("RLIMIT_MSGQUEUE", 0)


def _reseed() -> None:
    """Forked children inherit the server's random state; Python's random re-seeds itself, numpy not."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
