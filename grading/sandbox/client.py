"""A minimal Jupyter client over ZMQ ipc sockets: no threads, no event loop, no heartbeat.

The executor polls the shell and iopub sockets together with the kernel's pidfd, so it learns of a
dead kernel at once instead of through heartbeats.
"""

import logging
import os
import time
from pathlib import Path

import zmq
from jupyter_client.session import Session

log = logging.getLogger(__name__)

MIB = 1024 * 1024
# Learner code runs in the kernel, next to its sockets and signing key, so whatever arrives on these
# channels may be forged, malformed or a flood. zmq buffers up to ``RCVHWM`` messages per channel in
# our process, each frame at most ``MAXMSGSIZE`` (a larger one drops the connection instead of taking
# our memory); past the high-water mark the kernel's side holds or drops them, not the worker.
IOPUB_MAX_MESSAGE = 32 * MIB
IOPUB_QUEUE = 8
SHELL_MAX_MESSAGE = 16 * MIB
SHELL_QUEUE = 4


class RejectedMessage(ValueError):
    """A message that is malformed or not signed with the kernel's key: ignored."""


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
        self.rejected = 0  # messages ignored as malformed or wrongly signed
        self.last_rejection = ""
        for sock, queue, size in (
            (self.shell, SHELL_QUEUE, SHELL_MAX_MESSAGE),
            (self.iopub, IOPUB_QUEUE, IOPUB_MAX_MESSAGE),
        ):
            sock.linger = 0
            # Never reconnect: the kernel owns its socket files and could swap one for a link to
            # some other socket on the host, which we would then connect to.
            sock.setsockopt(zmq.RECONNECT_IVL, -1)
            sock.setsockopt(zmq.RCVHWM, queue)
            sock.setsockopt(zmq.MAXMSGSIZE, size)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.shell.connect(f"ipc://{ip}-{connection['shell_port']}")
        self.iopub.connect(f"ipc://{ip}-{connection['iopub_port']}")

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        message = self.session.msg(msg_type, content, metadata=metadata or {})
        self.session.send(self.shell, message)
        return message["header"]["msg_id"]

    def receive(self, sock: zmq.Socket, content: bool = True, limit: int = 64) -> dict | None:
        """One valid message, or None when none is waiting. ``content=False`` leaves it as bytes.

        Malformed or wrongly signed messages are counted, logged and skipped; after ``limit`` of
        them in a row this returns None, so that a flood of junk cannot keep the caller from its
        deadlines.
        """
        for _ in range(limit):
            try:
                frames = sock.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return None
            try:
                return self._parse(frames, content)
            except Exception as exc:  # whatever junk does to jupyter_client's parser
                self.reject(exc)
        return None

    def _parse(self, frames: list[bytes], content: bool) -> dict:
        _, frames = self.session.feed_identities(frames)
        if len(frames) < 5:
            raise RejectedMessage(f"{len(frames)} frames after the delimiter, not 5 or more")
        msg = self.session.deserialize(frames, content=content)
        if not isinstance(msg.get("msg_type"), str):
            raise RejectedMessage("no message type")
        if not isinstance(msg.get("parent_header"), dict) or not isinstance(
            msg.get("metadata"), dict
        ):
            raise RejectedMessage("parent header or metadata is not an object")
        if content and not isinstance(msg.get("content"), dict):
            raise RejectedMessage("content is not an object")
        return msg

    def unpack(self, raw: bytes) -> dict | None:
        """A message's content left packed by ``receive(content=False)``; None when malformed."""
        try:
            content = self.session.unpack(raw)
            if not isinstance(content, dict):
                raise RejectedMessage("content is not an object")
        except Exception as exc:
            self.reject(exc)
            return None
        return content

    def reject(self, exc: BaseException) -> None:
        self.rejected += 1
        self.last_rejection = f"{type(exc).__name__}: {str(exc)[:200]}"
        if self.rejected == 1:  # once per kernel: the execution log carries the count
            log.warning("ignored a malformed or wrongly signed message: %s", self.last_rejection)

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
