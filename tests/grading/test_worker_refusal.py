"""A worker where bubblewrap is missing: the grade fails with what to install, the learner is told."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from grading.models import GradeStatus
from grading.services.submissions import submit
from tests.conftest import start_worker, stop_worker
from tests.factories import PASSWORD
from tests.grading.conftest import answers_file, wait_for_final_grade
from tests.grading.factories import published_exercise

pytestmark = pytest.mark.django_db(transaction=True)

INSTALL = "apt-get install bubblewrap"
LEARNER_MESSAGE = "採点を完了できませんでした。"


def path_without_bwrap(folder: Path) -> str:
    """A PATH with every command of this machine but bubblewrap."""
    folder.mkdir()
    for directory in ("/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        for program in Path(directory).glob("*"):
            target = folder / program.name
            if program.name != "bwrap" and not target.exists():
                target.symlink_to(program)
    return str(folder)


@pytest.fixture
def worker_without_bwrap(tmp_path, monkeypatch):
    """The only worker on a queue of its own: on a shared broker (Redis) the session's worker, which
    has bubblewrap, would otherwise take the task or one of its retries and grade it."""
    queue = f"grading-no-bwrap-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("PATH", path_without_bwrap(tmp_path / "bin"))
    worker = start_worker(tmp_path / "worker.log", queues=queue)
    monkeypatch.undo()
    with override_settings(GRADING_QUEUE=queue):
        yield worker
    stop_worker(worker)


def test_missing_bubblewrap_fails_the_grade_and_the_learner_is_told(
    worker_without_bwrap, learner, client
) -> None:
    """The real worker path: each delivery retries, then the grade is failed with the message that
    names the package; the learner's status and feedback page say grading could not be completed
    instead of staying "queued"."""
    exercise = published_exercise("python-basics.ipynb")
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    grade = wait_for_final_grade(submission, worker_without_bwrap)
    assert grade.status == GradeStatus.FAILED, worker_without_bwrap.log()[-3000:]
    assert INSTALL in grade.error_message
    assert grade.deliveries == 3  # GRADING_MAX_RETRIES runs, then failed
    assert "not installed" in worker_without_bwrap.log()

    client.login(username=learner.username, password=PASSWORD)
    status = client.get(reverse("grading:submission_status", args=[submission.pk])).json()
    assert status["status"] == "failed"
    assert status["final"] is True
    assert status["error"].startswith(LEARNER_MESSAGE)
    page = client.get(reverse("grading:submission_feedback", args=[submission.pk]))
    html = page.content.decode()
    assert LEARNER_MESSAGE in html
    assert "data-status-url" not in html  # no more polling: the result is final
