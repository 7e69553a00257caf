"""Trainers in Wagtail admin: only their municipality's exercises and learners; uploads,
publishing, gradebook and CSV, failure rates, manual grading and re-grading."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from grading.models import ExerciseVersion, Grade, GradeStatus, ManualScore, ValidationStatus
from grading.services.submissions import submit
from lms.people.roles import Role, sync_roles
from tests.factories import PASSWORD, OrganisationFactory, StaffProfileFactory, UserFactory
from tests.grading.conftest import answers_file
from tests.grading.factories import (
    ExerciseFactory,
    ExerciseVersionFactory,
    notebook_bytes,
    published_exercise,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles():
    sync_roles()


def staff(organisation, *roles, **names):
    user = UserFactory(roles=roles or (Role.LEARNER,))
    return StaffProfileFactory(user=user, organisation=organisation, **names).user


@pytest.fixture
def sakura():
    return OrganisationFactory(name="さくら市")


@pytest.fixture
def aoba():
    return OrganisationFactory(name="あおば町")


@pytest.fixture
def trainer(sakura):
    return staff(sakura, Role.LEARNER, Role.TRAINER)


def admin_client(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_trainer_sees_own_and_shared_exercises_only(client, trainer, sakura, aoba) -> None:
    """The exercise list holds the trainer's municipality's and shared exercises, not others'."""
    ExerciseFactory(title="さくらの演習", organisation=sakura)
    ExerciseFactory(title="共有の演習", organisation=None)
    aoba_exercise = ExerciseFactory(title="あおばの演習", organisation=aoba)
    client = admin_client(client, trainer)
    html = client.get(reverse("grading_exercises:index")).content.decode()
    assert "さくらの演習" in html
    assert "共有の演習" in html
    assert "あおばの演習" not in html
    dashboard = reverse("grading_exercises:dashboard", args=[aoba_exercise.pk])
    assert client.get(dashboard).status_code == 404
    edit = reverse("grading_exercises:edit", args=[aoba_exercise.pk])
    assert client.get(edit).status_code == 404


def test_learner_cannot_open_the_admin(client, sakura) -> None:
    learner = staff(sakura)
    response = admin_client(client, learner).get(reverse("grading_exercises:index"))
    assert response.status_code in (302, 403)


def test_new_exercise_belongs_to_the_trainers_municipality(client, trainer, sakura) -> None:
    response = admin_client(client, trainer).post(
        reverse("grading_exercises:add"),
        {
            "title": "新しい演習",
            "description": "",
            "cell_timeout_seconds": 30,
            "notebook_timeout_seconds": 120,
            "attempts_allowed": 0,
            "late_policy": "accept",
            "late_penalty_percent": 20,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    exercise = trainer.staff_profile.organisation.exercises.get(title="新しい演習")
    assert exercise.organisation == sakura
    assert exercise.created_by == trainer


def test_gradebook_and_csv_list_only_own_learners(client, trainer, sakura, aoba) -> None:
    """A shared exercise taken in two municipalities: each trainer sees only their own staff."""
    exercise = published_exercise("python-basics.ipynb")
    mine = staff(sakura, family_name="佐藤", given_name="花子", employee_number="S-001")
    theirs = staff(aoba, family_name="鈴木", given_name="一郎", employee_number="A-001")
    for learner in (mine, theirs):
        submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    client = admin_client(client, trainer)
    html = client.get(reverse("grading_exercises:dashboard", args=[exercise.pk])).content.decode()
    assert "佐藤 花子" in html
    assert "鈴木" not in html
    response = client.get(reverse("grading_exercises:gradebook_csv", args=[exercise.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 10
    assert rows[0][0] == "職員番号"
    assert [row[:2] for row in rows[1:]] == [["S-001", "佐藤 花子"]]


def test_upload_of_an_invalid_source_stores_nothing(client, trainer, sakura) -> None:
    exercise = ExerciseFactory(organisation=sakura)
    bad = SimpleUploadedFile("bad.ipynb", b'{"nbformat": 3}')
    response = admin_client(client, trainer).post(
        reverse("grading_exercises:upload", args=[exercise.pk]), {"source": bad}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("nbformat 3" in m for m in messages), messages
    assert not ExerciseVersion.objects.exists()


@override_settings(GRADING_MAX_UPLOAD_BYTES=1024 * 1024)
def test_upload_over_the_limit_names_the_configured_limit(client, trainer, sakura) -> None:
    """The refusal names the limit in force (here 1 MB), not a fixed 20 MB; nothing is stored."""
    exercise = ExerciseFactory(organisation=sakura)
    big = SimpleUploadedFile("big.ipynb", b" " * (1024 * 1024 + 1))
    response = admin_client(client, trainer).post(
        reverse("grading_exercises:upload", args=[exercise.pk]), {"source": big}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["ファイルが上限の 1.0\xa0MB を超えています。"]  # Django's filesizeformat
    assert not ExerciseVersion.objects.exists()


def test_upload_then_publish_only_after_validation(client, trainer, sakura) -> None:
    """A stored version waits for its reference run; publishing before it passes is refused."""
    exercise = ExerciseFactory(organisation=sakura)
    client = admin_client(client, trainer)
    source = SimpleUploadedFile("s.ipynb", notebook_bytes("python-basics.ipynb"))
    client.post(reverse("grading_exercises:upload", args=[exercise.pk]), {"source": source})
    version = ExerciseVersion.objects.get(exercise=exercise)
    assert version.validation_status == ValidationStatus.PENDING
    assert version.summary["tests"] == 3
    publish = reverse("grading_exercises:publish", args=[exercise.pk, version.pk])
    client.post(publish)
    exercise.refresh_from_db()
    assert exercise.published_version is None
    version.validation_status = ValidationStatus.PASSED
    version.save()
    client.post(publish)
    exercise.refresh_from_db()
    assert exercise.published_version == version
    preview = client.get(reverse("grading_exercises:preview", args=[exercise.pk, version.pk]))
    html = preview.content.decode()
    assert "raise NotImplementedError()" in html
    assert "BEGIN HIDDEN TESTS" not in html
    assert "assert wait_label(29)" not in html


def test_trainer_cannot_change_a_shared_exercise(client, trainer, sakura) -> None:
    """A municipal trainer may read a shared exercise's gradebook but not change the exercise."""
    exercise = published_exercise("python-basics.ipynb")
    submit(exercise=exercise, learner=staff(sakura), data=answers_file(exercise, {}))
    client = admin_client(client, trainer)
    # Wagtail answers PermissionDenied with a redirect to the dashboard and an error message.
    denied = client.post(reverse("grading_exercises:regrade", args=[exercise.pk]))
    assert denied.status_code == 302
    assert not Grade.objects.filter(reason="regrade").exists()
    source = SimpleUploadedFile("s.ipynb", notebook_bytes("python-basics.ipynb"))
    client.post(reverse("grading_exercises:upload", args=[exercise.pk]), {"source": source})
    assert exercise.versions.count() == 1


def test_regrade_button_queues_every_submission(client, trainer, sakura) -> None:
    exercise = published_exercise("python-basics.ipynb", organisation=sakura)
    learner = staff(sakura)
    submission = submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
    Grade.objects.filter(submission=submission).update(status=GradeStatus.GRADED)
    admin_client(client, trainer).post(reverse("grading_exercises:regrade", args=[exercise.pk]))
    assert submission.grades.filter(status=GradeStatus.QUEUED, reason="regrade").count() == 1


@pytest.mark.kernel
def test_manual_grading_and_failure_rates(client, trainer, sakura) -> None:
    """Graded for real in the sandbox: a trainer scores the manual cell, and sees which test fails."""
    from grading.execution import shutdown_executor
    from grading.runner import grade_pending

    exercise = published_exercise("manual-cell-source.ipynb", organisation=sakura)
    wrong = staff(sakura)
    right = staff(sakura)
    answers = {
        wrong: {"double": "def double(x):\n    return x", "explain": "わかりません"},
        right: {"double": "def double(x):\n    return 2 * x", "explain": "2 倍です"},
    }
    submissions = {}
    try:
        for learner, answer in answers.items():
            submissions[learner] = submit(
                exercise=exercise, learner=learner, data=answers_file(exercise, answer)
            )
            assert grade_pending(submissions[learner].pk) == "graded"
    finally:
        shutdown_executor()
    client = admin_client(client, trainer)
    html = client.get(reverse("grading_exercises:dashboard", args=[exercise.pk])).content.decode()
    assert "test_double" in html
    assert "50%" in html  # one of two learners failed it
    url = reverse("grading_exercises:manual", args=[exercise.pk, submissions[right].pk])
    page = client.get(url).content.decode()
    assert "2 倍です" in page
    refused = client.post(url, {"score:explain": "9"}, follow=True)
    assert any("0" in str(m) and "3" in str(m) for m in refused.context["messages"])
    client.post(url, {"score:explain": "3", "comment:explain": "明快です"})
    assert ManualScore.objects.get(submission=submissions[right]).score == 3.0
    grade = submissions[right].grades.get()
    assert (grade.score, grade.max_score, grade.needs_manual_grade) == (5.0, 5.0, False)


@pytest.mark.kernel
def test_manual_grading_after_a_regrade_uses_the_regrades_version(client, trainer, sakura) -> None:
    """Version 2 adds the manual cell "reflect"; once the submission is re-graded against it, does
    the trainer score version 2's manual cells (not those of the submission's version 1), and do
    those scores complete the current grade?"""
    from grading.execution import shutdown_executor
    from grading.runner import grade_pending
    from grading.services.exercises import publish_version

    exercise = published_exercise("manual-cell-source.ipynb", organisation=sakura)
    answer = {"double": "def double(x):\n    return 2 * x", "explain": "2 倍です"}
    submission = submit(
        exercise=exercise, learner=staff(sakura), data=answers_file(exercise, answer)
    )
    v2 = ExerciseVersionFactory(
        exercise=exercise, source="manual-cell-source-added.ipynb", number=2
    )
    try:
        assert grade_pending(submission.pk) == "graded"
        assert publish_version(v2) == 1
        assert grade_pending(submission.pk) == "graded"
    finally:
        shutdown_executor()
    current = submission.grades.order_by("-queued_at", "-pk").first()
    assert current.exercise_version == v2
    assert submission.exercise_version != v2
    # "reflect" was not answered (nbgrader: 0 points, nothing to judge); "explain" awaits a person.
    assert (current.score, current.max_score, current.needs_manual_grade) == (2.0, 7.0, True)
    client = admin_client(client, trainer)
    url = reverse("grading_exercises:manual", args=[exercise.pk, submission.pk])
    page = client.get(url).content.decode()
    assert 'name="score:explain"' in page
    assert 'name="score:reflect"' in page
    response = client.post(url, {"score:explain": "3", "score:reflect": "2"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["手動採点の点数を保存しました。"]
    scored = ManualScore.objects.filter(submission=submission)
    assert dict(scored.values_list("grade_id", "score")) == {"explain": 3.0, "reflect": 2.0}
    current.refresh_from_db()
    assert (current.score, current.max_score, current.needs_manual_grade) == (7.0, 7.0, False)


def test_gradebook_links_the_attempt_awaiting_a_manual_grade(client, trainer, sakura) -> None:
    """An earlier attempt still awaits a manual grade, the latest does not: does the gradebook
    link the earlier one, does its page name the learner family name first, and does the CSV
    defuse a name a spreadsheet would run as a formula?"""
    exercise = published_exercise("manual-cell-source.ipynb", organisation=sakura)
    learner = staff(sakura, family_name="=HYPERLINK(1)", given_name="花子")
    first, latest = (
        submit(exercise=exercise, learner=learner, data=answers_file(exercise, {}))
        for _ in range(2)
    )
    graded = {"status": GradeStatus.GRADED, "score": 2.0, "max_score": 5.0}
    Grade.objects.filter(submission=first).update(needs_manual_grade=True, **graded)
    Grade.objects.filter(submission=latest).update(needs_manual_grade=False, **graded)
    client = admin_client(client, trainer)
    html = client.get(reverse("grading_exercises:dashboard", args=[exercise.pk])).content.decode()
    manual = reverse("grading_exercises:manual", args=[exercise.pk, first.pk])
    assert f'href="{manual}"' in html
    assert "=HYPERLINK(1) 花子" in client.get(manual).content.decode()
    response = client.get(reverse("grading_exercises:gradebook_csv", args=[exercise.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(1) 花子"


def test_validation_report_says_each_failing_tests_status_in_japanese(
    client, trainer, sakura
) -> None:
    exercise = published_exercise("python-basics.ipynb", organisation=sakura)
    version = exercise.published_version
    failure = {"grade_id": "test_wait_label", "status": "timeout", "error": "", "traceback": ""}
    reference = {"score": 0.0, "max_score": 5.0, "failures": [failure]}
    version.validation_report = {"passed": False, "reference": reference}
    version.save()
    client = admin_client(client, trainer)
    html = client.get(reverse("grading_exercises:dashboard", args=[exercise.pk])).content.decode()
    assert "テスト test_wait_label：時間切れ" in html
