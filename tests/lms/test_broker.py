"""The embedded file-system broker under several consumers: every message arrives whole, once.

Kombu's own file-system transport lets a consumer take a message file before its producer has
written it; the consumer reads it empty and the message is lost (a grade then stays "queued").
"""

from __future__ import annotations

import multiprocessing
import os
import time

from django.conf import settings
from kombu import Connection, Exchange, Queue

TRANSPORT = "lms.broker:FilesystemTransport"
MESSAGES = 3000
CONSUMERS = 3


def _options(folder) -> dict:
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "processed_folder": str(folder / "processed"),
        "store_processed": False,
        "polling_interval": 0.001,
    }


def _consume(folder, received, stop) -> None:
    with Connection("filesystem://", transport=TRANSPORT, transport_options=_options(folder)) as c:
        channel = c.default_channel
        received.put(("ready", None))
        while not stop.is_set() or channel._size("race"):
            try:
                message = channel.basic_get("race")
            except Exception as error:  # an empty or half-written file: the message would be lost
                received.put(("error", repr(error)))
                continue
            if message is None:
                time.sleep(0.001)
                continue
            received.put(("message", message.payload["number"]))
            message.ack()


def test_the_project_uses_the_safe_transport_for_filesystem_brokers() -> None:
    """Is the safe transport what Celery uses when the broker is the embedded file-system one?"""
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        assert settings.CELERY_BROKER_TRANSPORT == TRANSPORT


def test_a_burst_with_several_consumers_loses_and_doubles_nothing(tmp_path) -> None:
    """While one producer sends a burst as fast as it can and three consumers poll every
    millisecond, does every message arrive exactly once, with nothing left behind?"""
    for name in ("queue", "control", "processed"):
        (tmp_path / name).mkdir()
    context = multiprocessing.get_context("spawn")
    received, stop = context.Queue(), context.Event()
    with Connection(
        "filesystem://", transport=TRANSPORT, transport_options=_options(tmp_path)
    ) as c:
        Queue("race", Exchange("race"), "race")(c.default_channel).declare()
        consumers = [
            context.Process(target=_consume, args=(tmp_path, received, stop))
            for _ in range(CONSUMERS)
        ]
        for process in consumers:
            process.start()
        assert [received.get(timeout=60) for _ in consumers] == [("ready", None)] * CONSUMERS
        producer = c.Producer()
        for number in range(MESSAGES):
            producer.publish({"number": number}, exchange="race", routing_key="race")
        stop.set()
        results = [received.get(timeout=60) for _ in range(MESSAGES)]
        for process in consumers:
            process.join(timeout=60)
    errors = [detail for kind, detail in results if kind == "error"]
    numbers = sorted(detail for kind, detail in results if kind == "message")
    assert errors == []
    assert numbers == list(range(MESSAGES))
    assert os.listdir(tmp_path / "queue") == []
    assert os.listdir(tmp_path / "processed") == []
