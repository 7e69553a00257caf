"""Learner views outside the page tree: the catalogue (with search) and the lesson actions.

Lesson actions (quiz answers, "mark as done") work as plain form POSTs without JavaScript; ``quiz.js``
sends the same POST asking for JSON and updates the page in place.
"""

from __future__ import annotations

from functools import reduce, wraps
from operator import and_, or_

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page, PageViewRestriction

from lms.people.tiers import Tier
from lms.progress import services
from lms.progress.queries import (
    course_progress,
    course_progress_map,
    lesson_completion_ids,
    passed_requirements,
)

from .models import CoursePage, CurriculumPage, LessonPage
from .models.lesson import quiz_requirement
from .quiz import QuizAnswerError, answers_from_post, feedback_for, score_quiz
from .search import query_text
from .templatetags.learning_tags import progress_text
from .visibility import (
    can_see_course,
    courses_open_to,
    has_unpublished_ancestor,
    page_visibility_filter,
    published_branch_filter,
)

MAX_SEARCH_RESULTS = 50


def catalogue(request: HttpRequest) -> HttpResponse:
    """Curricula by tier with the courses the user may see; ``?q=`` searches courses and lessons."""
    query = (request.GET.get("q") or "").strip()[:200]
    tier = request.GET.get("tier") or ""
    if tier not in Tier.values:
        tier = ""
    curricula = CurriculumPage.objects.live().order_by("path")
    if tier:
        curricula = curricula.filter(tier=tier)
    curricula = list(curricula)
    courses = list(courses_open_to(request.user).select_related("organisation").order_by("path"))
    progress = course_progress_map(request.user, courses)
    by_curriculum = {
        c.pk: [
            (course, progress.get(course.pk))
            for course in courses
            if course.path.startswith(c.path)
        ]
        for c in curricula
    }
    tiers = [
        (value, label, [(c, by_curriculum[c.pk]) for c in curricula if c.tier == value])
        for value, label in Tier.choices
        if not tier or value == tier
    ]
    results = (
        search_learning_pages(
            request.user, query, within=curricula if tier else None, request=request
        )
        if query
        else None
    )
    return render(
        request,
        "courses/catalogue.html",
        {
            "tiers": tiers,
            "tier_choices": Tier.choices,
            "selected_tier": tier,
            "query": query,
            "results": results,
        },
    )


def search_learning_pages(user, query: str, within=None, request=None) -> list[dict]:
    """Courses and lessons matching ``query`` that ``user`` may see (Wagtail search, Japanese-aware).

    ``within``: only below these curricula; ``request``: also leave out pages whose privacy setting
    it does not satisfy. Each result: {"page", "is_lesson", "course"} (the
    lesson's course, for context).
    """
    terms = query_text(query)
    if not terms:
        return []
    pages = (
        Page.objects.live()
        .type(CoursePage, LessonPage)
        .filter(page_visibility_filter(user))
        .filter(published_branch_filter())
    )
    if request is not None:
        pages = pages.filter(restricted_branch_filter(request))
    if within is not None:
        if not within:
            return []
        pages = pages.filter(reduce(or_, (Q(path__startswith=c.path) for c in within)))
    # Specific pages in one query per page type (not one per result), lesson bodies left unread.
    pages = pages.defer_streamfields().specific().search(terms, operator="and")
    found = list(pages[:MAX_SEARCH_RESULTS])
    parent_paths = {page.path[: -Page.steplen] for page in found if isinstance(page, LessonPage)}
    courses = {course.path: course for course in CoursePage.objects.filter(path__in=parent_paths)}
    return [
        {
            "page": page,
            "is_lesson": isinstance(page, LessonPage),
            "course": courses.get(page.path[: -Page.steplen]),
        }
        for page in found
    ]


def _visible_lesson(
    request: HttpRequest, lesson_id: int, *, check_privacy: bool = True
) -> tuple[LessonPage, CoursePage]:
    """The lesson and its course, if ``request`` may open the lesson page; else 404.

    The same rules as serving the page: the course's visibility, no unpublished page above, and
    the CMS's privacy settings (view restrictions) of the lesson or a page above it (not checked
    when only finding where to log in again: the lesson page asks for them itself)."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    course = lesson.course() if lesson is not None else None
    if (
        course is None
        or not can_see_course(request.user, course.organisation_id)
        or has_unpublished_ancestor(lesson)
        or (
            check_privacy
            and not all(r.accept_request(request) for r in lesson.get_view_restrictions())
        )
    ):
        raise Http404
    return lesson, course


def restricted_branch_filter(request: HttpRequest) -> Q:
    """A filter on any ``Page`` queryset hiding pages whose privacy setting (a view restriction on
    them or above them) ``request`` does not satisfy, as Wagtail would refuse to serve them."""
    refused = [
        ~Q(path__startswith=restriction.page.path)
        for restriction in PageViewRestriction.objects.select_related("page")
        if not restriction.accept_request(request)
    ]
    return reduce(and_, refused, Q())


def login_then_lesson(view):
    """Like ``login_required``, but the login page returns to the lesson, not to this POST-only URL
    (whose GET is a 405): a learner whose session ended mid-lesson lands back on the lesson."""

    @wraps(view)
    def wrapper(request: HttpRequest, lesson_id: int, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, lesson_id, *args, **kwargs)
        lesson, _course = _visible_lesson(request, lesson_id, check_privacy=False)
        if _wants_json(request):
            message = _("Your session has ended. Log in again to record your answers.")
            return JsonResponse({"error": message}, status=401)
        return redirect_to_login(lesson.url)

    return wrapper


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _progress_payload(user, lesson, course) -> dict:
    lesson_ids = list(course.live_lessons().values_list("pk", flat=True))
    completed = lesson_completion_ids(user, lesson_ids)
    progress = course_progress(user, course, lesson_ids, completed)
    return {
        "percent": progress.percent,
        "text": progress_text(progress.completed_lessons, progress.total_lessons, progress.percent),
        "completed_lessons": progress.completed_lessons,
        "total_lessons": progress.total_lessons,
        "course_complete": progress.is_complete,
        "lesson_complete": lesson.pk in completed,
    }


def _bad_request(request: HttpRequest, message: str, lesson: LessonPage) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return render(
        request,
        "courses/bad_request.html",
        {"message": message, "lesson": lesson},
        status=400,
    )


@require_POST
@login_then_lesson
def submit_quiz(request: HttpRequest, lesson_id: int, block_id: str) -> HttpResponse:
    lesson, course = _visible_lesson(request, lesson_id)
    quiz = lesson.quiz_blocks().get(block_id)
    if quiz is None:
        raise Http404
    try:
        answers = answers_from_post(quiz, request.POST)
        result = score_quiz(quiz, answers)
    except QuizAnswerError as error:
        return _bad_request(request, str(error), lesson)
    services.record_quiz_attempt(request.user, lesson, course, block_id, answers, result)
    if _wants_json(request):
        quiz_passed = quiz_requirement(block_id) in passed_requirements(request.user, lesson)
        feedback = render_to_string(
            "courses/includes/quiz_feedback.html",
            {"feedback": feedback_for(result, quiz_passed=quiz_passed), "block_id": block_id},
            request=request,
        )
        return JsonResponse(
            {
                "passed": result.passed,
                "score_percent": result.score_percent,
                "feedback_html": feedback,
                "progress": _progress_payload(request.user, lesson, course),
            }
        )
    if result.passed:
        messages.success(request, _("Quiz passed: %(score)s%%.") % {"score": result.score_percent})
    else:
        messages.warning(
            request,
            _(
                "Not passed yet: %(score)s%% (pass mark %(mark)s%%). Read the explanations and try again."
            )
            % {"score": result.score_percent, "mark": result.pass_mark},
        )
    return redirect(f"{lesson.url}#quiz-{block_id}")


@require_POST
@login_then_lesson
def mark_done(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson, course = _visible_lesson(request, lesson_id)
    try:
        services.mark_lesson_done(request.user, lesson, course)
    except ValidationError as error:
        return _bad_request(request, " ".join(error.messages), lesson)
    if _wants_json(request):
        return JsonResponse({"progress": _progress_payload(request.user, lesson, course)})
    messages.success(request, _("Lesson marked as done."))
    return redirect(lesson.url)
