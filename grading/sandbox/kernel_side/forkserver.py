"""The fork server: imports ipykernel, numpy and pandas once, then forks one fresh kernel per request.

It runs inside the outer sandbox (bubblewrap) as the unprivileged sandbox user, single-threaded, with
no zmq context, thread or event loop before forking. Each request makes a child that

1. unshares its own user, mount, network, pid, ipc, uts and cgroup namespaces (so it can neither see
   nor signal the server, other kernels or their files) and forks again to become pid 1 there;
2. mounts a private /proc, an empty size-limited /tmp and $HOME, binds only its own run directory
   (for the kernel's sockets) and covers the directory of all the others;
3. sets its resource limits, clears the environment, drops every capability, forbids further user
   namespaces, re-seeds numpy's random generator;
4. binds the kernel's ipc sockets, reports ``started`` to the executor on the control socket (the
   kernel attaches its pid as SCM_CREDENTIALS, which the executor receives translated to its own pid
   namespace), closes that socket and only then starts serving.

Protocol on the inherited fd ``ctl_fd`` (a SOCK_SEQPACKET socket), one JSON object per message. Requests:
``{"op": "spawn", "id", "limits": {...}, "env": {...}}``, ``{"op": "exit"}``. Events: ``ready``,
``started`` (from the kernel itself), ``error``, ``exit`` (with the kernel's wait status).
"""

import gc
import importlib
import json
import os
import select
import signal
import socket
import sys

THREAD_VARS = {
    # Set before numpy and matplotlib are imported: both read them once, at import.
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "MPLCONFIGDIR": "/tmp/.matplotlib",  # noqa: S108 - the server's private /tmp
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}


class ForkServer:
    def __init__(self, config: dict) -> None:
        self.config = config
        self.sandboxed = bool(config["sandboxed"])
        self.run_dir = config["run_dir"]
        self.ctl = socket.socket(fileno=int(config["ctl_fd"]))
        self.wake_r, self.wake_w = os.pipe()
        self.kernels: dict[int, str] = {}

    def send(self, message: dict) -> None:
        self.ctl.send(json.dumps(message).encode())

    def preload(self) -> dict:
        os.environ.update(THREAD_VARS)
        versions = {"python": sys.version.split()[0]}
        for name in ["manabi_kernel.kernel", *self.config.get("preload", [])]:
            try:
                module = importlib.import_module(name)
            except Exception as exc:  # reported to the executor's log, not fatal
                versions[name] = f"unavailable ({type(exc).__name__}: {exc})"
                continue
            package = sys.modules.get(name.split(".")[0], module)
            versions[name.split(".")[0]] = getattr(package, "__version__", "")
        import ipykernel

        versions["ipykernel"] = ipykernel.__version__
        _warm_up_tracebacks()
        from .guard import prepare_in_server

        prepare_in_server()
        versions.pop("manabi_kernel", None)
        gc.collect()
        gc.freeze()  # forked children then share these objects without copying them
        return versions

    def serve(self) -> None:
        from . import isolation

        isolation.prctl(isolation.PR_SET_CHILD_SUBREAPER, 1)
        versions = self.preload()
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.send({"event": "ready", "versions": versions, "pid": os.getpid()})
        while True:
            readable, _, _ = select.select([self.ctl, self.wake_r], [], [])
            if self.wake_r in readable:
                os.read(self.wake_r, 4096)
                self.reap()
            if self.ctl in readable:
                data = self.ctl.recv(1 << 20)
                if not data:
                    return
                request = json.loads(data)
                if request.get("op") == "exit":
                    return
                if request.get("op") == "spawn":
                    self.spawn(request)

    def reap(self) -> None:
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            kernel_id = self.kernels.pop(pid, None)
            if kernel_id:
                code = os.waitstatus_to_exitcode(status)
                cpu = round(
                    usage.ru_utime + usage.ru_stime, 3
                )  # the kernel's own and reaped children's
                self.send({"event": "exit", "id": kernel_id, "status": code, "cpu": cpu})

    def spawn(self, request: dict) -> None:
        kernel_id = str(request["id"])
        try:
            os.mkdir(os.path.join(self.run_dir, kernel_id), 0o700)
        except OSError as exc:
            self.send({"event": "error", "id": kernel_id, "message": f"run directory: {exc}"})
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            self._child(request, write_end)  # never returns
        os.close(write_end)
        answer = b""
        while chunk := os.read(read_end, 4096):
            answer += chunk
        os.close(read_end)
        if answer.startswith(b"P"):
            self.kernels[int(answer[1:])] = kernel_id
        else:
            message = answer[1:].decode(errors="replace") or "kernel child exited early"
            self.send({"event": "error", "id": kernel_id, "message": message})
        self.reap()

    def _child(self, request: dict, report_fd: int) -> None:
        """First child: enter new namespaces, then fork the kernel (pid 1 of the new pid namespace)."""
        from . import isolation

        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            if self.sandboxed:
                isolation.enter_namespaces()
                pid = os.fork()
                if pid:
                    os.write(report_fd, b"P%d" % pid)
                    os._exit(0)
            else:
                os.write(report_fd, b"P%d" % os.getpid())
            os.close(report_fd)
            report_fd = -1
        except BaseException as exc:
            if report_fd >= 0:
                os.write(report_fd, f"E{type(exc).__name__}: {exc}".encode())
            os._exit(70)
        from .child import become_kernel

        try:
            become_kernel(request, self.config, self.ctl)
        except BaseException as exc:
            try:
                message = f"kernel start failed: {type(exc).__name__}: {exc}"
                self.send({"event": "error", "id": request["id"], "message": message})
            finally:
                os._exit(71)
        os._exit(0)


def _warm_up_tracebacks() -> None:
    """Format one traceback now, so that no kernel pays for IPython's lazy imports and caches.

    Every cell's traceback includes IPython's ``run_code`` frame, which makes ``executing`` parse
    interactiveshell.py (~0.1 s) unless its cache already holds it.
    """
    import executing
    import stack_data
    from IPython.core import interactiveshell
    from IPython.core.ultratb import AutoFormattedTB

    for source_class in (executing.Source, stack_data.Source):
        source_class.for_filename(interactiveshell.__file__)

    formatter = AutoFormattedTB(mode="Context", color_scheme="Linux")
    try:
        _ = 1 / 0
    except ZeroDivisionError:
        formatter.structured_traceback(*sys.exc_info())


def main() -> None:
    config = json.loads(sys.argv[1])
    ForkServer(config).serve()


if __name__ == "__main__":
    main()
