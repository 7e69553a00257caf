"""Demo staff's learning: named demo accounts progress through the services (signals fire), the
generated roster gets bulk progress spread over recent weeks (for HR reports), and each municipality
assigns required training. Added only once: people who already have progress are left alone."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage, CurriculumPage
from courses.quiz import correct_answers, score_quiz
from lms.organisations.models import Department, Organisation
from lms.people.models import StaffProfile
from lms.people.tiers import Tier
from lms.progress import services
from lms.progress.models import (
    Enrolment,
    LessonProgress,
    ProgressEvent,
    QuizAttempt,
    TrainingAssignment,
)
from lms.progress.models.progress import CompletedVia, ProgressEventKind

ALL = None  # every lesson of the course
# username: [(course slug, number of lessons to complete, or ALL)]
NAMED_PROGRESS = {
    "sakura-learner": [("information-security", ALL), ("generative-ai", 1)],
    "sakura-manager": [("information-security", ALL), ("dx-projects", 2)],
    "sakura-practitioner": [("cloud-basics", ALL), ("python-data-analysis", 1)],
    "sakura-trainer": [("information-security", 2)],
    "aoba-learner": [("generative-ai", ALL), ("data-basics", 1)],
    "aoba-manager": [("bpr", 2)],
}
# tier: [(course slug, share of staff enrolled, share of those who finish)]
# A municipality's own courses appear in the plan too; they apply only to that municipality's staff.
ROSTER_PLAN = {
    Tier.ALL_STAFF: [("information-security", 0.8, 0.7), ("generative-ai", 0.5, 0.5), ("data-basics", 0.3, 0.4),
                     ("sakura-security-procedures", 0.4, 0.6)],
    Tier.MANAGERS: [("information-security", 0.85, 0.8), ("generative-ai", 0.4, 0.5), ("data-basics", 0.3, 0.5),
                    ("sakura-security-procedures", 0.5, 0.6), ("dx-projects", 0.6, 0.5), ("ebpm", 0.4, 0.4),
                    ("bpr", 0.3, 0.3), ("aoba-counter-dx", 0.5, 0.5)],
    Tier.PRACTITIONERS: [("information-security", 0.8, 0.8), ("cloud-basics", 0.7, 0.6), ("python-data-analysis", 0.5, 0.0)],
}  # fmt: skip
# Share of the generated staff who take every course of their plan to the end: they complete whole
# curricula, so HR's funnels and the internal certificates have people in every step.
DILIGENT_SHARE = 0.12
# (organisation slug or None for both, kind, target slug, tier, department path, days until due, note)
ASSIGNMENTS = [
    (None, "curriculum", "digital-basics", "", "", 45, "今年度の全職員必修研修です。"),
    (None, "course", "information-security", "", "", -10, "年1回の情報セキュリティ研修（必修）。"),
    (None, "curriculum", "dx-leadership", Tier.MANAGERS, "", 90, "管理職・現場リーダーの必修研修です。"),
    (None, "curriculum", "cloud-ai-practice", Tier.PRACTITIONERS, "", 120, ""),
    ("sakura", "course", "sakura-security-procedures", "", "総務部", 30, "総務部の職員は先行して受講してください。"),
    ("aoba", "course", "generative-ai", "", "企画課", 20, "生成AIの試行導入に先立って受講してください。"),
    ("sakura", "course", "generative-ai", "", "市民部", -3, "窓口での生成AI試行に先立ち、市民部の職員は受講してください。"),
]  # fmt: skip


def load_learners(out) -> None:
    courses = {c.slug: c for c in CoursePage.objects.all()}
    with transaction.atomic():
        named = _named_progress(courses)
    out.write(f"  demo accounts with new progress: {named}")
    for organisation in Organisation.objects.filter(slug__in=["sakura", "aoba"]):
        with transaction.atomic():
            enrolments = _roster_progress(organisation, courses)
            assignments = _assignments(organisation, courses)
        out.write(
            f"  {organisation.name}: {enrolments} roster enrolments, {assignments} assignments"
        )


def _lessons(course):
    return list(course.live_lessons().defer(None))


def _named_progress(courses) -> int:
    users = get_user_model().objects.filter(username__in=NAMED_PROGRESS)
    count = 0
    for user in users:
        if Enrolment.objects.filter(user=user).exists():
            continue
        for slug, lesson_count in NAMED_PROGRESS[user.username]:
            course = courses.get(slug)
            if course is None:
                continue
            lessons = _lessons(course)
            for lesson in lessons if lesson_count is ALL else lessons[:lesson_count]:
                _complete(user, lesson, course)
        count += 1
    return count


def _complete(user, lesson, course) -> None:
    quizzes = lesson.quiz_blocks()
    if not lesson.requirements():
        services.mark_lesson_done(user, lesson, course)
        return
    for block_id, quiz in quizzes.items():
        answers = correct_answers(quiz)
        services.record_quiz_attempt(
            user, lesson, course, block_id, answers, score_quiz(quiz, answers)
        )


def _roster_progress(organisation, courses) -> int:
    """Bulk progress for the generated staff (no signals: certificates for them are not demo data)."""
    roster = list(
        StaffProfile.objects.filter(organisation=organisation)
        .exclude(user__username__in=[f"{organisation.slug}-{s}" for s in _named_suffixes()])
        .select_related("user")
        .order_by("employee_number")
    )
    if Enrolment.objects.filter(user__in=[p.user for p in roster]).exists():
        return 0
    rng = random.Random(f"progress-{organisation.slug}")  # noqa: S311 (demo data)
    now = timezone.now()
    lessons = {slug: _lessons(course) for slug, course in courses.items()}
    enrolments, progress, attempts, events = [], [], [], []
    for profile in roster:
        diligent = rng.random() < DILIGENT_SHARE
        for slug, enrol_share, finish_share in ROSTER_PLAN[profile.tier]:
            course = courses.get(slug)
            if course is None or not lessons[slug]:
                continue
            if course.organisation_id not in (None, organisation.pk):
                continue  # another municipality's own course
            if not diligent and rng.random() >= enrol_share:
                continue
            course_lessons = lessons[slug]
            finished = diligent or rng.random() < finish_share
            done = len(course_lessons) if finished else rng.randint(0, len(course_lessons) - 1)
            started = now - dt.timedelta(days=rng.randint(3, 75), hours=rng.randint(0, 8))
            enrolment = Enrolment(
                user=profile.user,
                course=course,
                organisation=organisation,
                enrolled_at=started,
                last_activity_at=started + dt.timedelta(days=done),
                last_lesson=course_lessons[min(done, len(course_lessons) - 1)],
                completed_at=started + dt.timedelta(days=done) if finished else None,
            )
            enrolments.append((enrolment, course_lessons[:done], course_lessons))
    Enrolment.objects.bulk_create([e for e, _done, _all in enrolments])
    for enrolment, done_lessons, _all in enrolments:
        base = enrolment.enrolled_at
        events.append(_event(enrolment, ProgressEventKind.ENROLLED, base))
        for index, lesson in enumerate(done_lessons):
            at = base + dt.timedelta(days=index, minutes=20)
            progress.append(
                LessonProgress(
                    user_id=enrolment.user_id,
                    lesson=lesson,
                    enrolment=enrolment,
                    started_at=at - dt.timedelta(minutes=15),
                    completed_at=at,
                    completed_via=CompletedVia.REQUIREMENTS
                    if lesson.requirements()
                    else CompletedVia.MARKED_DONE,
                    passed_requirements=lesson.requirements(),
                )
            )
            for block_id, quiz in lesson.quiz_blocks().items():
                answers = correct_answers(quiz)
                result = score_quiz(quiz, answers)
                attempts.append(
                    QuizAttempt(
                        user_id=enrolment.user_id,
                        lesson=lesson,
                        enrolment=enrolment,
                        quiz_block_id=block_id,
                        answers=answers,
                        correct_count=result.correct_count,
                        question_count=result.question_count,
                        score_percent=result.score_percent,
                        pass_mark=result.pass_mark,
                        passed=result.passed,
                        submitted_at=at,
                    )
                )
            events.append(_event(enrolment, ProgressEventKind.LESSON_COMPLETED, at, lesson))
        if enrolment.completed_at:
            events.append(
                _event(enrolment, ProgressEventKind.COURSE_COMPLETED, enrolment.completed_at)
            )
    LessonProgress.objects.bulk_create(progress)
    QuizAttempt.objects.bulk_create(attempts)
    ProgressEvent.objects.bulk_create(events)
    return len(enrolments)


def _named_suffixes() -> list[str]:
    from lms.demo.people import DEMO_ACCOUNTS

    return [row[0] for row in DEMO_ACCOUNTS]


def _event(enrolment, kind, at, lesson=None) -> ProgressEvent:
    return ProgressEvent(
        occurred_at=at,
        user_id=enrolment.user_id,
        organisation_id=enrolment.organisation_id,
        kind=kind,
        course=enrolment.course,
        lesson=lesson,
    )


def _assignments(organisation, courses) -> int:
    curricula = {c.slug: c for c in CurriculumPage.objects.all()}
    hr = get_user_model().objects.filter(username=f"{organisation.slug}-hr").first()
    today = timezone.localdate()
    created = 0
    for org_slug, kind, slug, tier, department_path, days, note in ASSIGNMENTS:
        if org_slug not in (None, organisation.slug):
            continue
        target = (
            {"course": courses.get(slug)}
            if kind == "course"
            else {"curriculum": curricula.get(slug)}
        )
        if next(iter(target.values())) is None:
            continue
        if TrainingAssignment.objects.filter(organisation=organisation, **target).exists():
            continue
        department = (
            Department.objects.filter(organisation=organisation, path=department_path).first()
            if department_path
            else None
        )
        # Created directly: one demo assignment is deliberately already overdue.
        TrainingAssignment.objects.create(
            organisation=organisation,
            tier=tier,
            department=department,
            due_date=today + dt.timedelta(days=days),
            note=note,
            assigned_by=hr,
            **target,
        )
        created += 1
    return created
