"""The learner's side over HTTP: download, submit (file or editor), clear refusals, live status."""

from __future__ import annotations

import json

import nbformat
import pytest
from django.test import override_settings
from django.urls import reverse

from grading.models import Grade, Submission
from tests.factories import PASSWORD, StaffProfileFactory
from tests.grading.conftest import answers_file
from tests.grading.factories import notebook_bytes, published_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise():
    return published_exercise("python-basics.ipynb", title="Python の基本")


@pytest.fixture
def client_of(client):
    def login(user):
        client.login(username=user.username, password=PASSWORD)
        return client

    return login


def test_exercise_page_shows_the_learner_version(client_of, learner, exercise) -> None:
    """Are answer cells editable, visible tests shown, and solutions and hidden tests absent?"""
    response = client_of(learner).get(reverse("grading:exercise", args=[exercise.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="answer:wait_label"' in html
    assert "assert wait_label(5) ==" in html  # a visible test
    assert "assert wait_label(29)" not in html  # a hidden test
    assert "return sorted(set(numbers))" not in html  # the trainer's solution
    assert "raise NotImplementedError()" in html
    assert reverse("grading:download", args=[exercise.pk]) in html
    assert html.count("<h1") == 1  # the notebook's own headings sit under the panel's


def test_download_is_the_learner_version(client_of, learner, exercise) -> None:
    response = client_of(learner).get(reverse("grading:download", args=[exercise.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    nb = nbformat.reads(response.content.decode(), as_version=4)
    text = "\n".join(cell.source for cell in nb.cells)
    assert "BEGIN HIDDEN TESTS" not in text
    assert "BEGIN SOLUTION" not in text
    assert "assert wait_label(30)" not in text


def test_other_municipality_exercise_is_hidden(client_of, learner) -> None:
    other = published_exercise(organisation=StaffProfileFactory().organisation)
    client = client_of(learner)
    assert client.get(reverse("grading:exercise", args=[other.pk])).status_code == 404
    assert client.get(reverse("grading:download", args=[other.pk])).status_code == 404


def upload(client, exercise, data: bytes, name: str = "answer.ipynb", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, data, content_type="application/x-ipynb+json")
    return client.post(reverse("grading:submit", args=[exercise.pk]), {"notebook": file}, **extra)


def test_bad_upload_in_the_page_gives_a_japanese_message(client_of, learner, exercise) -> None:
    """A learner uploading a file of another exercise is told so in Japanese; nothing stored."""
    client = client_of(learner)
    response = upload(client, exercise, notebook_bytes("small-regression.ipynb"), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("別の演習" in message for message in messages), messages
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x00\x01\x02 binary", "not_utf8"),
        (b"{not json", "invalid_json"),
        (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "unsupported_nbformat"),
    ],
)
def test_bad_upload_in_the_json_api(client_of, learner, exercise, data, detail) -> None:
    """The JSON API answers 400 with a stable code and a Japanese message."""
    response = upload(client_of(learner), exercise, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_notebook"
    assert error["detail"] == detail
    assert any("\u3040" <= ch <= "\u30ff" for ch in error["message"]), error["message"]
    assert not Submission.objects.exists()


@override_settings(GRADING_MAX_UPLOAD_BYTES=2048)
def test_upload_over_the_limit(client_of, learner, exercise) -> None:
    response = upload(client_of(learner), exercise, b" " * 4096, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["detail"] == "too_large"


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("ja", "解答したノートブック（.ipynb、5.0\xa0MB まで）"),  # filesizeformat's no-break space
        ("en", "Your answered notebook (.ipynb, at most 5.0\xa0MB)"),
    ],
)
@override_settings(GRADING_MAX_UPLOAD_BYTES=5 * 1024 * 1024)
def test_upload_label_names_the_limit_the_server_applies(
    client_of, learner, exercise, language, label
) -> None:
    """Does the upload field's label name the configured limit (not a fixed 20 MB), in Japanese and
    English, the limit an upload just over it then meets?"""
    client = client_of(learner)
    client.cookies["django_language"] = language
    html = client.get(reverse("grading:exercise", args=[exercise.pk])).content.decode()
    assert f'-file">{label}</label>' in html
    assert "20" not in label
    response = upload(
        client, exercise, b" " * (5 * 1024 * 1024 + 1), HTTP_ACCEPT="application/json"
    )
    assert response.json()["error"]["detail"] == "too_large"


@override_settings(GRADING_RATE_LIMIT_COUNT=2, GRADING_RATE_LIMIT_WINDOW_SECONDS=60)
def test_rate_limit_over_http(client_of, learner, exercise) -> None:
    """The third notebook in a minute gets 429, a Retry-After and a message saying how long."""
    client = client_of(learner)
    url = reverse("grading:run_tests", args=[exercise.pk])
    body = json.dumps({"answers": {"wait_label": "pass"}})
    for _ in range(2):
        ok = client.post(url, body, content_type="application/json")
        assert ok.status_code == 202
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "秒" in refused.json()["error"]["message"]


def test_editor_submission_stores_only_answers(client_of, learner, exercise) -> None:
    """The editor sends answers; the stored notebook is the learner version with them in it."""
    client = client_of(learner)
    response = client.post(
        reverse("grading:submit", args=[exercise.pk]),
        json.dumps({"answers": {"unique_sorted": "def unique_sorted(n):\n    return n"}}),
        content_type="application/json",
    )
    assert response.status_code == 202
    status = response.json()["submission"]
    assert status["status"] == "queued"
    assert status["attempt"] == 1
    submission = Submission.objects.get()
    cells = nbformat.reads(submission.read_bytes().decode(), as_version=4).cells
    assert any(cell.source == "def unique_sorted(n):\n    return n" for cell in cells)
    assert Grade.objects.get().status == "queued"


def test_status_of_someone_elses_submission_is_404(client_of, learner, exercise) -> None:
    client = client_of(learner)
    client.post(
        reverse("grading:submit", args=[exercise.pk]),
        json.dumps({"answers": {}}),
        content_type="application/json",
    )
    submission = Submission.objects.get()
    other = client_of(StaffProfileFactory().user)
    assert other.get(reverse("grading:submission_status", args=[submission.pk])).status_code == 404
    assert (
        other.get(reverse("grading:submission_feedback", args=[submission.pk])).status_code == 404
    )


def test_form_without_javascript_submits_answers(client_of, learner, exercise) -> None:
    """The editor form works as a plain form too, and lands on the feedback page."""
    response = client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        {"answer:wait_label": "def wait_label(m):\n    return '短い'", "lesson_page_id": "7"},
    )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("grading:submission_feedback", args=[submission.pk])
    assert submission.lesson_page_id == 7
    assert submission.channel == "editor"


def test_form_without_javascript_refuses_an_answer_over_the_limit(
    client_of, learner, exercise
) -> None:
    """An answer over 200,000 characters in the plain form: is the notebook refused with a
    message that says why, and nothing stored (not graded as if that cell were unanswered)?"""
    response = client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        {"answer:wait_label": "x" * 200_001, "answer:average_wait": "def average_wait(t): pass"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "解答「wait_label」が 200,000 文字を超えているため、何も提出されませんでした。"
        "短くしてからもう一度提出してください。"
    ]
    assert not Submission.objects.exists()
    assert not Grade.objects.exists()


def test_json_answers_over_the_limit_are_refused_saying_why(client_of, learner, exercise) -> None:
    response = client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        json.dumps({"answers": {"wait_label": "x" * 200_001}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "answer_too_long"
    assert "wait_label" in error["message"]
    assert not Submission.objects.exists()


def test_an_answer_at_the_limit_is_accepted(client_of, learner, exercise) -> None:
    response = client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        {"answer:wait_label": "#" * 200_000},
    )
    assert response.status_code == 302
    assert Submission.objects.count() == 1


@pytest.mark.kernel
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_submit_through_the_web_and_see_feedback(client_of, celery_worker_process) -> None:
    """End to end: a learner uploads a file, a real worker grades it in the sandbox, and the
    learner's status endpoint and feedback page show the result."""
    import time

    learner = StaffProfileFactory().user
    exercise = published_exercise("csv-standard-library.ipynb")
    client = client_of(learner)
    answers = {
        "read_rows": (
            "import csv\n\ndef read_rows(path):\n"
            "    with open(path, encoding='utf-8', newline='') as f:\n"
            "        return list(csv.DictReader(f))"
        ),
        "total_population": "def total_population(rows):\n    return sum(int(r['人口']) for r in rows)",
        "missing_households": "def missing_households(rows):\n    return [r['地区'] for r in rows if not r['世帯数']]",
    }
    response = upload(
        client, exercise, answers_file(exercise, answers), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 202, response.content
    status_url = response.json()["submission"]["status_url"]
    seen = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = client.get(status_url).json()
        seen.add(status["status"])
        if status["final"]:
            break
        time.sleep(0.1)
    assert status["status"] == "graded", celery_worker_process.log()[-3000:]
    assert (status["score"], status["max_score"]) == (3.0, 5.0)  # blank-only cell not handled
    assert status["sandboxed"] is True
    cells = {cell["grade_id"]: cell["status"] for cell in status["cells"]}
    assert cells["test_missing_households"] == "failed"
    assert "ヒント" in status["feedback_html"]  # the trainer's hint for the failed test
    assert "西" not in status["feedback_html"]  # the hidden test's data
    page = client.get(status["feedback_url"]).content.decode()
    assert "test_missing_households" in page
    assert "3 / 5" in page
    panel = client.get(reverse("grading:exercise", args=[exercise.pk])).content.decode()
    assert "3 / 5" in panel  # best score and attempt history


def test_upload_over_20_mb_is_refused(client_of, learner, exercise) -> None:
    """At the default limit: a 21 MB upload is refused before it is read, nothing stored."""
    data = b"{" + b" " * (21 * 1024 * 1024) + b"}"
    response = upload(client_of(learner), exercise, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["detail"] == "too_large"
    assert "20.0" in error["message"]
    assert not Submission.objects.exists()


def test_json_answers_with_a_lone_surrogate_are_refused(client_of, learner, exercise) -> None:
    """JSON may escape a lone UTF-16 surrogate ("\\ud800"), which no UTF-8 notebook can hold: the
    answers are refused as unreadable (it was a 500 when the notebook was written out)."""
    response = client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        '{"answers": {"wait_label": "x = \\"\\ud800\\""}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "lesson_page_id",
    ["Infinity", "-Infinity", "NaN", "99999999999999999999999", "2147483648", "true", "1.5e300"],
)
def test_json_lesson_page_id_out_of_range_is_ignored(
    client_of, learner, exercise, lesson_page_id
) -> None:
    """JSON's Infinity, or an id past an integer column's range, failed the request (500) or
    would fail the save on PostgreSQL: such an id is no lesson, the answers are still received."""
    response = client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        '{"answers": {"wait_label": "x = 1"}, "lesson_page_id": ' + lesson_page_id + "}",
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    assert Submission.objects.get().lesson_page_id is None


def test_form_lesson_page_id_out_of_range_is_ignored(client_of, learner, exercise) -> None:
    client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        {"answer:wait_label": "x = 1", "lesson_page_id": "99999999999999999999"},
    )
    assert Submission.objects.get().lesson_page_id is None
    client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]),
        {"answer:wait_label": "x = 1", "lesson_page_id": "2147483647"},
    )
    assert Submission.objects.filter(lesson_page_id=2147483647).count() == 1


def test_json_nested_too_deep_is_an_invalid_request(client_of, learner, exercise) -> None:
    """A body of arrays nested 100,000 deep made json.loads raise RecursionError (a 500)."""
    response = client_of(learner).post(
        reverse("grading:run_tests", args=[exercise.pk]),
        "[" * 100_000 + "]" * 100_000,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"
    assert "解答" in response.json()["error"]["message"]
    assert not Submission.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_json_body_over_the_request_limit_is_refused_in_json(client_of, learner, exercise) -> None:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE got Django's HTML error page, not the API's JSON."""
    body = json.dumps({"answers": {"wait_label": "x" * 20_000}})
    response = client_of(learner).post(
        reverse("grading:submit", args=[exercise.pk]), body, content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "answer_too_long"
    assert "何も提出されませんでした" in error["message"]
    assert not Submission.objects.exists()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_answers_with_another_content_type_are_told_to_send_json(
    client_of, learner, exercise, language
) -> None:
    """JSON answers sent as text/plain were told to "choose a notebook file" (no_file)."""
    client = client_of(learner)
    client.cookies["django_language"] = language
    response = client.post(
        reverse("grading:submit", args=[exercise.pk]),
        json.dumps({"answers": {"wait_label": "x = 1"}}),
        content_type="text/plain",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "unsupported_media_type"
    assert "application/json" in error["message"]
    assert ("JSON として" in error["message"]) == (language == "ja")
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("ja", "ログインの有効期限が切れています"), ("en", "no longer signed in")],
)
def test_signed_out_learner_sending_answers_is_told_to_sign_in(
    client, learner, exercise, language, words
) -> None:
    """The panel's fetch of a learner whose session ended was redirected to the login page; the
    panel read that HTML as "the server could not be reached", on every try."""
    client.cookies["django_language"] = language
    body = json.dumps({"answers": {"wait_label": "x = 1"}})
    for name in ("grading:submit", "grading:run_tests"):
        response = client.post(
            reverse(name, args=[exercise.pk]), body, content_type="application/json"
        )
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_signed_in"
        assert words in response.json()["error"]["message"]
    attempts = client.get(
        reverse("grading:attempts", args=[exercise.pk]), HTTP_ACCEPT="application/json"
    )
    assert attempts.status_code == 401
    assert not Submission.objects.exists()
    # A page request (the form without JavaScript) still goes to the login page.
    page = client.post(reverse("grading:submit", args=[exercise.pk]), {"answer:wait_label": "x"})
    assert page.status_code == 302
    assert "login" in page["Location"]


def test_status_of_a_signed_out_learner_or_a_missing_submission_is_json(
    client_of, client, learner, exercise
) -> None:
    """The status endpoint answers JSON the panel can show, never an HTML page it cannot read."""
    client = client_of(learner)
    response = client.post(
        reverse("grading:submit", args=[exercise.pk]),
        json.dumps({"answers": {}}),
        content_type="application/json",
    )
    url = response.json()["submission"]["status_url"]
    client_of(StaffProfileFactory().user)
    missing = client.get(url, HTTP_ACCEPT="application/json")
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "not_found",
        "message": "この提出は見つかりませんでした。",
    }
    client.logout()
    signed_out = client.get(url, HTTP_ACCEPT="application/json")
    assert signed_out.status_code == 401
    assert signed_out.json()["error"]["code"] == "not_signed_in"


def test_panel_carries_the_messages_for_answers_the_server_did_not_take(
    client_of, learner, exercise
) -> None:
    html = client_of(learner).get(reverse("grading:exercise", args=[exercise.pk])).content.decode()
    assert 'data-text-expired="このページは古くなっています' in html
    assert 'data-text-server-error="サーバーで要求を処理できませんでした。' in html
