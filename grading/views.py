"""Learner pages and JSON endpoints: download, submit (file or browser editor), run tests, status."""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from grading import conf, learner
from grading.models import Channel, Exercise, Purpose, Submission
from grading.notebook_errors import describe
from grading.services.exercises import load_source
from grading.services.submissions import SubmissionRefused, can_submit_to, submit
from grading.sources import learner_notebook_bytes, notebook_with_answers
from notebooks.errors import ErrorCode, NotebookError

MAX_ANSWER_CHARS = 200_000
MAX_PAGE_ID = 2_147_483_647  # the largest value an integer column holds (PostgreSQL, MySQL)
FORM_CONTENT_TYPES = ("", "multipart/form-data", "application/x-www-form-urlencoded")


def signed_in(view):
    """``login_required``, except that a JSON request (the panel's fetch) of someone no longer
    signed in gets a 401 with a message: redirected to the login page, the panel read HTML and
    told the learner "the server could not be reached" on every try."""
    page_view = login_required(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated and _wants_json(request):
            message = _(
                "You are no longer signed in. Sign in again in another tab, then come back and "
                "send again: your answers are still on this page."
            )
            return JsonResponse(
                {"error": {"code": "not_signed_in", "message": message}}, status=401
            )
        return page_view(request, *args, **kwargs)

    return wrapper


def visible_exercise(request: HttpRequest, pk: int) -> Exercise:
    exercise = get_object_or_404(
        Exercise.objects.select_related("published_version"), pk=pk, published_version__isnull=False
    )
    if not can_submit_to(exercise, request.user):
        raise Http404
    return exercise


def own_submission(request: HttpRequest, pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("exercise").prefetch_related("grades"),
        Q(pk=pk) & Q(learner=request.user),
    )


@login_required
@require_GET
def exercise_page(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = visible_exercise(request, pk)
    return render(request, "grading/exercise_page.html", {"exercise": exercise, "lesson": None})


@login_required
@require_GET
def download_notebook(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = visible_exercise(request, pk)
    data = learner_notebook_bytes(load_source(exercise.published_version))
    name = slugify(exercise.title, allow_unicode=False) or f"exercise-{exercise.pk}"
    response = HttpResponse(data, content_type="application/x-ipynb+json")
    response["Content-Disposition"] = f'attachment; filename="{name}.ipynb"'
    return response


@signed_in
@require_POST
def submit_notebook(request: HttpRequest, pk: int) -> HttpResponse:
    return _receive(request, pk, Purpose.SUBMISSION)


@signed_in
@require_POST
def run_tests(request: HttpRequest, pk: int) -> HttpResponse:
    return _receive(request, pk, Purpose.PRACTICE)


@signed_in
@require_GET
@never_cache
def submission_status(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        submission = own_submission(request, pk)
    except Http404:  # not the learner's, or gone: JSON, as the panel reads it
        message = _("This submission was not found.")
        return JsonResponse({"error": {"code": "not_found", "message": message}}, status=404)
    return JsonResponse(learner.submission_status(submission))


@signed_in
@require_GET
@never_cache
def exercise_attempts(request: HttpRequest, pk: int) -> JsonResponse:
    exercise = visible_exercise(request, pk)
    return JsonResponse(learner.attempts_summary(exercise, request.user))


@login_required
@require_GET
def submission_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    submission = own_submission(request, pk)
    status = learner.submission_status(submission)
    return render(
        request,
        "grading/submission_feedback.html",
        {"submission": submission, "exercise": submission.exercise, "status": status},
    )


def _receive(request: HttpRequest, pk: int, purpose: str) -> HttpResponse:
    exercise = visible_exercise(request, pk)
    wants_json = _wants_json(request)
    try:
        data, channel, lesson_page_id = _read_request(request, exercise)
        submission = submit(
            exercise=exercise,
            learner=request.user,
            data=data,
            purpose=purpose,
            channel=channel,
            lesson_page_id=lesson_page_id,
            language=get_language() or "ja",
        )
    except SubmissionRefused as refused:
        if wants_json:
            response = JsonResponse({"error": refused.as_dict()}, status=refused.status)
            if refused.retry_after:
                response["Retry-After"] = str(refused.retry_after)
            return response
        messages.error(request, refused.message)
        return redirect(_back(request, exercise))
    if wants_json:
        return JsonResponse({"submission": learner.submission_status(submission)}, status=202)
    messages.success(request, _("Your notebook was received and is being graded."))
    return redirect(reverse("grading:submission_feedback", args=[submission.pk]))


def _read_request(request: HttpRequest, exercise: Exercise) -> tuple[bytes, str, int | None]:
    if request.content_type == "application/json":
        return _read_answers(request, exercise)
    if request.content_type not in FORM_CONTENT_TYPES:
        # JSON answers sent as text/plain were told to "choose a notebook file".
        raise SubmissionRefused(
            "unsupported_media_type",
            _(
                "Send the notebook file as a form upload (multipart/form-data), or the answers "
                "as JSON (Content-Type: application/json)."
            ),
            status=415,
        )
    lesson_page_id = _int_or_none(request.POST.get("lesson_page_id"))
    upload = request.FILES.get("notebook")
    answers = {
        key.removeprefix("answer:"): value
        for key, value in request.POST.items()
        if key.startswith("answer:")
    }
    for grade_id, value in answers.items():
        if len(value) > MAX_ANSWER_CHARS:
            raise _answer_too_long(grade_id)
    if upload is None and answers:
        # The browser editor's form without JavaScript.
        source = load_source(exercise.published_version)
        return notebook_with_answers(source, answers), Channel.EDITOR, lesson_page_id
    if upload is None:
        raise SubmissionRefused("no_file", _("Choose a notebook file (.ipynb) to upload."))
    max_bytes = conf.get("GRADING_MAX_UPLOAD_BYTES")
    if upload.size > max_bytes:
        error = NotebookError(ErrorCode.TOO_LARGE, size=upload.size, max_bytes=max_bytes)
        raise SubmissionRefused("invalid_notebook", describe(error), detail_code=error.code.value)
    return upload.read(), Channel.UPLOAD, lesson_page_id


def _read_answers(request: HttpRequest, exercise: Exercise) -> tuple[bytes, str, int | None]:
    invalid = SubmissionRefused("invalid_request", _("The answers could not be read."))
    try:
        body = request.body
    except RequestDataTooBig:  # over DATA_UPLOAD_MAX_MEMORY_SIZE: was an HTML error page
        raise SubmissionRefused(
            "answer_too_long",
            _("The answers are too long to be sent, so nothing was submitted."),
        ) from None
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: arrays nested some thousands deep (was a server error).
        raise invalid from None
    answers = payload.get("answers") if isinstance(payload, dict) else None
    if not isinstance(answers, dict) or not all(
        _is_text(k) and _is_text(v) for k, v in answers.items()
    ):
        raise invalid
    for grade_id, value in answers.items():
        if len(value) > MAX_ANSWER_CHARS:
            raise _answer_too_long(grade_id)
    source = load_source(exercise.published_version)
    data = notebook_with_answers(source, answers)
    return data, Channel.EDITOR, _int_or_none(payload.get("lesson_page_id"))


def _is_text(value: object) -> bool:
    """A string UTF-8 can hold: JSON may escape a lone surrogate ("\\ud800"), which no notebook
    file, kernel message or database row can."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _answer_too_long(grade_id: str) -> SubmissionRefused:
    """An answer over the limit refuses the whole notebook: never graded as unanswered."""
    message = _(
        "The answer “%(cell)s” is longer than %(limit)s characters, so nothing was submitted. "
        "Shorten it and submit again."
    ) % {"cell": grade_id[:100], "limit": f"{MAX_ANSWER_CHARS:,}"}
    return SubmissionRefused("answer_too_long", message)


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.content_type == "application/json" or "application/json" in accept


def _back(request: HttpRequest, exercise: Exercise) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("grading:exercise", args=[exercise.pk])


def _int_or_none(value: object) -> int | None:
    """A page id, or ``None`` for anything else: JSON's Infinity and ids past the column's range
    (sent as is, they failed the request, or the grade's save on PostgreSQL) included."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_PAGE_ID else None
