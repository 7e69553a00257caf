"""A minimal Jupyter client over ZMQ ipc sockets: no threads, no event loop, no heartbeat.

The executor polls the shell and iopub sockets together with the kernel's pidfd, so it learns of a
dead kernel at once instead of through heartbeats.
"""

import os
import time
from pathlib import Path

import zmq
from jupyter_client.session import Session

MAX_MESSAGE = 64 * 1024 * 1024  # a larger iopub message drops the connection instead of our memory


class KernelChannels:
    def __init__(self, context: zmq.Context, connection: dict, host_dir: Path | None) -> None:
        ip = connection["ip"]
        if (
            host_dir is not None
        ):  # the kernel sees its directory as /run/kernel; we see the host path
            ip = str(host_dir / os.path.basename(ip))
        self.session = Session(
            key=str(connection["key"]).encode(),
            signature_scheme=connection.get("signature_scheme", "hmac-sha256"),
            username="manabi",
            check_pid=False,
        )
        self.shell = context.socket(zmq.DEALER)
        self.iopub = context.socket(zmq.SUB)
        for sock in (self.shell, self.iopub):
            sock.linger = 0
            # Never reconnect: the kernel owns its socket files and could swap one for a link to
            # some other socket on the host, which we would then connect to.
            sock.setsockopt(zmq.RECONNECT_IVL, -1)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.setsockopt(zmq.RCVHWM, 0)
        self.iopub.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
        self.shell.connect(f"ipc://{ip}-{connection['shell_port']}")
        self.iopub.connect(f"ipc://{ip}-{connection['iopub_port']}")

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        message = self.session.msg(msg_type, content, metadata=metadata or {})
        self.session.send(self.shell, message)
        return message["header"]["msg_id"]

    def receive(self, sock: zmq.Socket, content: bool = True) -> dict | None:
        """One message, or None when none is waiting. ``content=False`` leaves it as bytes."""
        try:
            frames = sock.recv_multipart(zmq.NOBLOCK)
        except zmq.Again:
            return None
        _, frames = self.session.feed_identities(frames)
        return self.session.deserialize(frames, content=content)

    def unpack(self, raw: bytes) -> dict:
        return self.session.unpack(raw)

    def close(self) -> None:
        self.shell.close(linger=0)
        self.iopub.close(linger=0)


def wait_ready(channels: KernelChannels, pidfd: int, timeout: float) -> dict:
    """Ask for kernel_info until it is answered and iopub is known to be subscribed."""
    deadline = time.monotonic() + timeout
    poller = zmq.Poller()
    poller.register(channels.shell, zmq.POLLIN)
    poller.register(channels.iopub, zmq.POLLIN)
    poller.register(pidfd, zmq.POLLIN)
    info: dict | None = None
    subscribed = False
    request = channels.send("kernel_info_request", {})
    asked_at = time.monotonic()
    while True:
        now = time.monotonic()
        if info is not None and subscribed:
            return info
        if now >= deadline:
            raise TimeoutError("the kernel did not answer kernel_info in time")
        if info is not None and now - asked_at > 0.05:
            # Replied but nothing on iopub yet: our subscription may have arrived late. Ask again.
            request = channels.send("kernel_info_request", {})
            asked_at = now
        events = dict(poller.poll(max(1, int(min(deadline - now, 0.05) * 1000))))
        if pidfd in events:
            raise RuntimeError("the kernel exited while starting")
        while (msg := channels.receive(channels.iopub)) is not None:
            subscribed = subscribed or msg["parent_header"].get("msg_id") == request
        while (msg := channels.receive(channels.shell)) is not None:
            if msg["msg_type"] == "kernel_info_reply":
                info = msg["content"]
