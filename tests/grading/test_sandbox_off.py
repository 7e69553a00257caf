"""MANABI_SANDBOX=off: allowed in development only, and every grade made that way says so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from grading import execution, runner
from grading.checks import check_sandbox_setting
from grading.models import GradeStatus
from grading.sandbox import SandboxUnavailableError
from grading.services.submissions import submit
from lms.people.roles import Role, sync_roles
from tests.factories import PASSWORD, OrganisationFactory, StaffProfileFactory, UserFactory
from tests.grading.conftest import answers_file
from tests.grading.factories import published_exercise

PROJECT = Path(__file__).resolve().parents[2]
REFUSAL = "MANABI_SANDBOX=off は受講者のコードをサンドボックスなしで実行するため"
WITHOUT_SANDBOX = "この採点はサンドボックスを使わずに行われました（開発用の設定）。"


@pytest.fixture
def sandbox_off(monkeypatch):
    """MANABI_SANDBOX=off in the environment; no executor of this process kept either side."""
    execution.shutdown_executor()
    monkeypatch.setenv("MANABI_SANDBOX", "off")
    yield
    execution.shutdown_executor()


def test_check_refuses_sandbox_off_without_debug(sandbox_off, settings) -> None:
    """With DEBUG off, is MANABI_SANDBOX=off one system check error that stops every command?"""
    settings.DEBUG = False
    errors = check_sandbox_setting()
    assert [error.id for error in errors] == ["grading.E001"]
    assert REFUSAL in errors[0].msg
    with pytest.raises(SystemCheckError, match=r"grading\.E001"):
        call_command("check")


def test_check_allows_sandbox_off_in_development_and_on_anywhere(
    sandbox_off, settings, monkeypatch
) -> None:
    settings.DEBUG = True
    assert check_sandbox_setting() == []
    settings.DEBUG = False
    monkeypatch.setenv("MANABI_SANDBOX", "on")
    assert check_sandbox_setting() == []
    monkeypatch.setenv("MANABI_SANDBOX", "maybe")
    assert "MANABI_SANDBOX must be 'on' or 'off'" in check_sandbox_setting()[0].msg


def test_manage_py_check_fails_with_one_message() -> None:
    """The command line an operator runs: exit 1, the refusal once, no traceback."""
    env = {
        **os.environ,
        "MANABI_SANDBOX": "off",
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("grading.E001") == 1
    assert done.stderr.count(REFUSAL) == 1
    assert "Traceback" not in done.stderr
    assert "1 issue" in done.stderr


@pytest.mark.django_db
def test_worker_refuses_sandbox_off_without_debug(sandbox_off, settings, learner) -> None:
    """The worker's executor is refused, and the grade ends failed with the reason (after the
    retries), not graded without the sandbox."""
    settings.DEBUG = False
    with pytest.raises(SandboxUnavailableError, match="MANABI_SANDBOX=off"):
        execution.get_executor()
    exercise = published_exercise("python-basics.ipynb")
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    settings.GRADING_MAX_RETRIES = 2
    assert isinstance(runner.grade_pending(submission.pk), runner.Retry)
    assert runner.grade_pending(submission.pk) == runner.FAILED
    grade = submission.grades.get()
    assert grade.status == GradeStatus.FAILED
    assert REFUSAL in grade.error_message


@pytest.mark.kernel
@pytest.mark.django_db(transaction=True)
def test_a_grade_made_without_the_sandbox_says_so(sandbox_off, settings, client) -> None:
    """With DEBUG on and MANABI_SANDBOX=off the worker grades for real without the sandbox: is the
    grade stored as sandboxed=False, and do the learner's feedback and status and the trainer's
    gradebook and manual grading page say so?"""
    settings.DEBUG = True
    sync_roles()
    town = OrganisationFactory()
    learner = StaffProfileFactory(organisation=town).user
    trainer = StaffProfileFactory(
        organisation=town, user=UserFactory(roles=(Role.LEARNER, Role.TRAINER))
    ).user
    exercise = published_exercise("python-basics.ipynb")
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    assert runner.grade_pending(submission.pk) == runner.GRADED
    grade = submission.grades.get()
    assert grade.status == GradeStatus.GRADED
    assert grade.sandboxed is False
    assert grade.executor_log.startswith("SANDBOX OFF")

    client.login(username=learner.username, password=PASSWORD)
    feedback = client.get(reverse("grading:submission_feedback", args=[submission.pk]))
    assert WITHOUT_SANDBOX in feedback.content.decode()
    status = client.get(reverse("grading:submission_status", args=[submission.pk])).json()
    assert status["sandboxed"] is False

    client.login(username=trainer.username, password=PASSWORD)
    dashboard = client.get(reverse("grading_exercises:dashboard", args=[exercise.pk]))
    assert "サンドボックスなしで採点" in dashboard.content.decode()
    manual = client.get(reverse("grading_exercises:manual", args=[exercise.pk, submission.pk]))
    assert WITHOUT_SANDBOX in manual.content.decode()
