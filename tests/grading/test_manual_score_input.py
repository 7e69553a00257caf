"""What a trainer types as a manual score: full-width digits from a Japanese input method are
read, and a refusal names the cell it is about."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grading.models import ManualScore
from grading.services.submissions import submit
from tests.grading.conftest import answers_file
from tests.grading.factories import published_exercise
from tests.grading.test_admin import _roles, admin_client, sakura, staff, trainer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def manual_url(sakura):  # noqa: F811
    exercise = published_exercise("manual-cell-source.ipynb", organisation=sakura)
    submission = submit(exercise=exercise, learner=staff(sakura), data=answers_file(exercise, {}))
    return reverse("grading_exercises:manual", args=[exercise.pk, submission.pk])


@pytest.mark.parametrize(("typed", "stored"), [("１．５", 1.5), ("２", 2.0), (" 0.5 ", 0.5)])
def test_full_width_score_is_read(client, trainer, manual_url, typed, stored) -> None:  # noqa: F811
    """ "１．５" (full-width, as an input method in full-width mode types it) was "not a number"."""
    response = admin_client(client, trainer).post(manual_url, {"score:explain": typed}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["手動採点の点数を保存しました。"]
    assert ManualScore.objects.get().score == stored


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ja", "「explain」の点数「1,5」は数値ではありません。"),
        ("en", "The score of “explain”, “1,5”, is not a number."),
    ],
)
def test_a_score_that_is_not_a_number_names_its_cell(
    client,
    trainer,  # noqa: F811
    manual_url,
    language,
    message,
) -> None:
    client = admin_client(client, trainer)
    client.cookies["django_language"] = language
    response = client.post(manual_url, {"score:explain": "1,5"}, follow=True)
    assert message in [str(m) for m in response.context["messages"]]
    assert not ManualScore.objects.exists()
