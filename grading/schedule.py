"""The periodic stalled-grade sweep, registered with the Celery app's beat schedule."""

from __future__ import annotations

from grading import conf
from lms.celery import app


@app.on_after_finalize.connect
def add_sweep(sender: object, **kwargs: object) -> None:
    from grading.tasks import requeue_stalled_grades

    sender.add_periodic_task(
        float(conf.get("GRADING_SWEEP_INTERVAL_SECONDS")),
        requeue_stalled_grades.s(),
        name="grading: requeue stalled grades",
        queue="grading",
    )
