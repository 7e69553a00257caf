"""A trainer uploads an nbgrader notebook with AUTOTEST directives (and, optionally, its
autotests.yml): the tests are generated once in the sandbox and stored with the version."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grading.models import ExerciseVersion
from grading.services.exercises import SourceRejected, add_version, load_source
from grading.sources import learner_notebook_bytes
from notebooks.autotest import uses_autotest
from tests.grading.factories import ExerciseFactory
from tests.grading.test_admin import (  # noqa: F401  (fixtures)
    admin_client,
    sakura,
    trainer,
)
from tests.grading.test_commands import NBGRADER

pytestmark = [pytest.mark.django_db, pytest.mark.kernel]

FILES = NBGRADER / "tests" / "apps" / "files"
YML = (FILES / "autotests.yml").read_bytes()
HIDDEN_LINE = 'assert str(a) == "5", "value of a is not correct"'


@pytest.fixture(autouse=True)
def _roles():
    from lms.people.roles import sync_roles

    sync_roles()


def upload(client, exercise, notebook: str, yml: bytes | None):
    files = {"source": SimpleUploadedFile("source.ipynb", (FILES / notebook).read_bytes())}
    if yml is not None:
        files["autotests"] = SimpleUploadedFile("autotests.yml", yml)
    return client.post(reverse("grading_exercises:upload", args=[exercise.pk]), files, follow=True)


def test_upload_with_its_yml_stores_the_generated_tests(client, trainer, sakura) -> None:  # noqa: F811
    exercise = ExerciseFactory(organisation=sakura)
    response = upload(admin_client(client, trainer), exercise, "autotest-hidden.ipynb", YML)
    assert response.status_code == 200
    version = ExerciseVersion.objects.get(exercise=exercise)
    source = load_source(version)
    assert not uses_autotest(source)
    assert HIDDEN_LINE in source.cells[2].source
    assert version.summary["autotest_snippets"] == 6
    assert version.summary["hidden_tests"] == 1
    learner = learner_notebook_bytes(source).decode()
    assert HIDDEN_LINE not in learner
    assert "assert str(type(a))" in learner  # the visible generated tests


def test_a_bad_yml_is_refused_and_nothing_is_stored(client, trainer, sakura) -> None:  # noqa: F811
    exercise = ExerciseFactory(organisation=sakura)
    bad = b"python3:\n  dispatch: [unclosed\n"
    response = upload(admin_client(client, trainer), exercise, "autotest-simple.ipynb", bad)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "autotests.yml" in messages[0]
    assert "YAML" in messages[0]
    assert not ExerciseVersion.objects.exists()


def test_a_snippet_that_raises_is_refused_and_nothing_is_stored(trainer, sakura) -> None:  # noqa: F811
    exercise = ExerciseFactory(organisation=sakura)
    data = (FILES / "autotest-simple.ipynb").read_text().replace("AUTOTEST c", "AUTOTEST c.nope")
    with pytest.raises(SourceRejected) as caught:
        add_version(exercise, data.encode(), autotests=YML, queue_validation=False)
    assert caught.value.codes == ["autotest_run_failed"]
    assert "AttributeError" in caught.value.messages[0]
    assert not ExerciseVersion.objects.exists()


def test_the_tests_digest_includes_the_generated_tests(trainer, sakura) -> None:  # noqa: F811
    """Same notebook and yml: the same tests (nbgrader's salts are stable), so the same digest;
    another yml (nbgrader's shipped one quotes differently): other tests, another digest."""
    exercise = ExerciseFactory(organisation=sakura)
    data = (FILES / "autotest-hashed.ipynb").read_bytes()
    first = add_version(exercise, data, autotests=YML, queue_validation=False)
    again = add_version(exercise, data, autotests=YML, queue_validation=False)
    shipped = add_version(exercise, data, autotests=None, queue_validation=False)
    assert first.tests_digest == again.tests_digest
    assert first.sha256 == again.sha256
    assert shipped.tests_digest != first.tests_digest
    test_cell = load_source(shipped).cells[2].source
    assert '== """' in test_cell
