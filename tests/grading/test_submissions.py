"""Receiving notebooks: bad input is refused with a clear message and nothing is stored."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import nbformat
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation

from grading.models import Grade, GradeStatus, LatePolicy, Purpose, Submission
from grading.services.exercises import load_source
from grading.services.submissions import SubmissionRefused, submit
from grading.sources import learner_notebook_bytes, notebook_with_answers
from tests.factories import StaffProfileFactory, UserFactory
from tests.grading.factories import notebook_bytes, published_exercise

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_STORAGE_ROOT) / "grading" / "submissions"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def exercise():
    return published_exercise("python-basics.ipynb")


@pytest.fixture
def learner():
    return StaffProfileFactory().user


def learner_file(exercise, answers: dict[str, str] | None = None) -> bytes:
    source = load_source(exercise.published_version)
    if answers is None:
        return learner_notebook_bytes(source)
    return notebook_with_answers(source, answers)


def five_thousand_cells() -> bytes:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1") for _ in range(5000)])
    return nbformat.writes(nb).encode()


def nbformat3() -> bytes:
    return json.dumps(
        {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}
    ).encode()


BAD_FILES = {
    "not JSON": (b"print('hello')\n", "invalid_json", "JSON"),
    "not a notebook": (b'{"hello": "world"}', "not_a_notebook", "notebook"),
    "nbformat 3": (nbformat3(), "unsupported_nbformat", "nbformat 3"),
    "binary junk": (bytes(range(256)) * 40, "not_utf8", "binary"),
    "5 000 cells": (five_thousand_cells(), "too_many_cells", "5000"),
    "another exercise": (
        notebook_bytes("numpy-statistics.ipynb"),
        "wrong_exercise",
        "another exercise",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_is_refused_and_nothing_is_stored(case, exercise, learner) -> None:
    """Is each kind of bad file refused with a message naming the problem, and nothing kept?"""
    data, code, words = BAD_FILES[case]
    files_before = stored_files()
    with translation.override("en"), pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=data)
    assert refused.value.code == "invalid_notebook"
    assert refused.value.detail_code == code
    assert words.lower() in refused.value.message.lower()
    assert not Submission.objects.exists()
    assert not Grade.objects.exists()
    assert stored_files() == files_before


@override_settings(GRADING_MAX_UPLOAD_BYTES=1024)
def test_file_over_the_size_limit_is_refused(exercise, learner) -> None:
    """Is a file over the upload limit refused before it is parsed, with both sizes named?"""
    data = learner_file(exercise)
    with translation.override("en"), pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=data)
    assert refused.value.detail_code == "too_large"
    assert "1.0" in refused.value.message  # 1.0 KB, the limit
    assert not Submission.objects.exists()


def test_japanese_message_for_a_bad_file(exercise, learner) -> None:
    """Does a learner using Japanese get the reason in Japanese?"""
    with translation.override("ja"), pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=nbformat3())
    assert "nbformat 3" in refused.value.message
    assert "対応" in refused.value.message


@pytest.mark.parametrize(
    ("data", "japanese"),
    [
        (b"[1, 2]", "最上位が 配列"),
        (b'{"cells": []}', "「nbformat」"),
        (b'{"nbformat": 4, "cells": {}}', "「cells」"),
        (
            b'{"nbformat": "4", "cells": []}',
            "「nbformat」フィールドが 文字列 で、整数ではありません",
        ),
        (b'{"nbformat": 4, "cells": [{}, "x = 1"]}', "セル 2 が 文字列 で"),
    ],
)
def test_json_that_is_not_a_notebook_is_explained_in_japanese(
    exercise, learner, data, japanese
) -> None:
    """Is the reason a JSON file is not a notebook said in Japanese too (no English left)?"""
    with translation.override("ja"), pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=data)
    assert japanese in refused.value.message
    assert "it has" not in refused.value.message
    assert "top level" not in refused.value.message


def test_good_submission_is_stored_exactly_and_queued(exercise, learner) -> None:
    """Is an accepted file stored byte for byte with its SHA-256, numbered, and a grade queued?"""
    data = learner_file(exercise, {"wait_label": "def wait_label(m):\n    return '短い'"})
    submission = submit(exercise=exercise, learner=learner, data=data)
    assert submission.read_bytes() == data
    assert submission.size == len(data)
    assert submission.attempt_number == 1
    assert submission.organisation == learner.staff_profile.organisation
    grade = submission.grades.get()
    assert grade.status == GradeStatus.QUEUED
    assert grade.exercise_version == exercise.published_version


def test_a_stored_submission_cannot_be_changed(exercise, learner) -> None:
    """Does the model refuse to change a stored submission's file or learner?"""
    submission = submit(exercise=exercise, learner=learner, data=learner_file(exercise))
    submission.sha256 = "0" * 64
    with pytest.raises(ValidationError):
        submission.save()
    submission.refresh_from_db()
    submission.learner = UserFactory()
    with pytest.raises(ValidationError):
        submission.save()


@override_settings(GRADING_RATE_LIMIT_COUNT=3, GRADING_RATE_LIMIT_WINDOW_SECONDS=60)
def test_rate_limit_per_learner(exercise, learner) -> None:
    """After the limit, is the learner told to wait (and for how long), while others are not?"""
    data = learner_file(exercise)
    now = timezone.now()
    for seconds in (0, 1, 2):
        submit(exercise=exercise, learner=learner, data=data, now=now + timedelta(seconds=seconds))
    with translation.override("en"), pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=data, now=now + timedelta(seconds=3))
    assert refused.value.code == "rate_limited"
    assert refused.value.status == 429
    assert refused.value.retry_after == 57
    assert "57" in refused.value.message
    other = StaffProfileFactory().user
    submit(exercise=exercise, learner=other, data=data, now=now + timedelta(seconds=3))
    # Test runs count too, and the window moves on.
    submit(exercise=exercise, learner=learner, data=data, now=now + timedelta(seconds=61))
    assert Submission.objects.filter(learner=learner).count() == 4


@override_settings(GRADING_RATE_LIMIT_COUNT=2, GRADING_RATE_LIMIT_WINDOW_SECONDS=60)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_cannot_all_pass_the_rate_limit(monkeypatch) -> None:
    """Four requests that all pass the early check at once (held there by a barrier, as the
    notebook is being checked): do only two get stored, the others told to wait?"""
    import threading

    from django.db import connection

    from grading.services import submissions

    exercise = published_exercise("python-basics.ipynb")
    learner = StaffProfileFactory().user
    data = learner_file(exercise)
    barrier = threading.Barrier(4, timeout=30)
    check_notebook = submissions._check_notebook

    def held(*args, **kwargs):
        result = check_notebook(*args, **kwargs)
        barrier.wait()  # every request has passed the first rate-limit check
        return result

    monkeypatch.setattr(submissions, "_check_notebook", held)
    outcomes: list[str] = []

    def send() -> None:
        try:
            submit(exercise=exercise, learner=learner, data=data, purpose=Purpose.PRACTICE)
            outcomes.append("stored")
        except SubmissionRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["rate_limited", "rate_limited", "stored", "stored"]
    assert Submission.objects.filter(learner=learner).count() == 2


def test_attempts_allowed(learner) -> None:
    """Are submissions beyond the allowed attempts refused, while test runs stay possible?"""
    exercise = published_exercise(attempts_allowed=2)
    data = learner_file(exercise)
    submit(exercise=exercise, learner=learner, data=data)
    submit(exercise=exercise, learner=learner, data=data)
    with pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=data)
    assert refused.value.code == "attempts_used"
    practice = submit(exercise=exercise, learner=learner, data=data, purpose=Purpose.PRACTICE)
    assert practice.attempt_number is None


def test_an_attempt_whose_grading_failed_on_our_side_is_not_used_up(learner) -> None:
    """A grade that failed (the sandbox or the worker could not finish it: "please try again later")
    gives the attempt back; its number stays taken, and graded, timed-out or pending ones count."""
    from grading.learner import panel_state

    exercise = published_exercise(attempts_allowed=2)
    data = learner_file(exercise)
    first = submit(exercise=exercise, learner=learner, data=data)
    first.grades.update(status=GradeStatus.FAILED, error_message="sandbox unavailable")
    state = panel_state(exercise, learner, with_cells=False)
    assert (state.attempts_used, state.attempts_left, state.can_submit) == (0, 2, True)
    second = submit(exercise=exercise, learner=learner, data=data)
    second.grades.update(status=GradeStatus.TIMED_OUT)
    third = submit(exercise=exercise, learner=learner, data=data)
    assert [first.attempt_number, second.attempt_number, third.attempt_number] == [1, 2, 3]
    with pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=data)
    assert refused.value.code == "attempts_used"
    state = panel_state(exercise, learner, with_cells=False)
    assert (state.attempts_used, state.attempts_left, state.can_submit) == (2, 0, False)


def test_due_date_policies(learner) -> None:
    """After the due date: refused under "reject", accepted and marked late otherwise."""
    past = timezone.now() - timedelta(days=1)
    closed = published_exercise(due_at=past, late_policy=LatePolicy.REJECT)
    with pytest.raises(SubmissionRefused) as refused:
        submit(exercise=closed, learner=learner, data=learner_file(closed))
    assert refused.value.code == "past_due"
    lenient = published_exercise(due_at=past, late_policy=LatePolicy.PENALTY)
    assert submit(exercise=lenient, learner=learner, data=learner_file(lenient)).is_late


def test_exercise_of_another_municipality_is_not_open(learner) -> None:
    """Can a learner submit to another municipality's exercise? (No.)"""
    other_city = StaffProfileFactory().organisation
    exercise = published_exercise(organisation=other_city)
    with pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=learner_file(exercise))
    assert refused.value.code == "not_allowed"


def test_unpublished_exercise_refuses(learner) -> None:
    exercise = published_exercise()
    exercise.published_version = None
    exercise.save()
    with pytest.raises(SubmissionRefused) as refused:
        submit(exercise=exercise, learner=learner, data=b"{}")
    assert refused.value.code == "not_published"
