"""The grading worker's process life: one executor per process, a sweep when the worker starts.

Celery gives a pool process a few seconds to initialise, so the executor (and its kernel pool) is
started in a background thread; a task arriving earlier simply waits for it.
"""

from __future__ import annotations

import logging
import threading

from celery.signals import worker_process_init, worker_process_shutdown, worker_ready

from grading import execution

logger = logging.getLogger(__name__)


@worker_process_init.connect
def start_executor(**kwargs: object) -> None:
    def start() -> None:
        try:
            execution.get_executor()
        except Exception:
            logger.exception("the sandbox executor could not start; tasks will report why")

    threading.Thread(target=start, name="start-executor", daemon=True).start()


@worker_process_shutdown.connect
def stop_executor(**kwargs: object) -> None:
    execution.shutdown_executor()


@worker_ready.connect
def sweep_on_start(**kwargs: object) -> None:
    from grading.recovery import requeue_stalled

    try:
        count = requeue_stalled()
    except Exception:
        logger.exception("the stalled-grade sweep failed")
        return
    if count:
        logger.warning("queued %s stalled submission(s) again", count)
