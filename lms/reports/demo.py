"""Demo certifications and targets: each municipality's HR sees a live dashboard from the first login.

Internal certificates are linked to the demo curricula and awarded to whoever already completed them.
No generated practitioner takes every course of the practitioners' curriculum (its last course is not in
the roster's plan), so a few of them finish it here, through the progress services and then the award
rule, as a learner would: the クラウド・AI実践者 certificate and the practitioner targets' funnels then
have people in every step.
Holdings of external certifications are spread over the past two years, faster recently (so forecasts
have a pace), with some expiring soon and some waiting for HR's verification. Targets start at the
beginning of the previous fiscal year. Idempotent: a municipality that has demo holdings is left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lms.certification import awards
from lms.certification.models import (
    Certification,
    CertificationKind,
    CertificationLevel,
    Holding,
    HoldingState,
)
from lms.certification.validity import default_expiry
from lms.organisations.models import Department, Organisation
from lms.people.models import StaffProfile
from lms.people.tiers import Tier

from . import targets
from .fiscal import fiscal_year
from .models import Target, TargetScope

DEMO_CREDENTIAL_PREFIX = "DEMO-"
# code, name, curriculum slug, minimum score, tiers, description
INTERNAL = [
    ("MANABI-DIGITAL-BASICS", "デジタル基礎修了", "digital-basics", 70, [Tier.ALL_STAFF],
     "「全職員向け デジタル基礎」の全コースを修了し、各理解度チェックで70%以上。"),
    ("MANABI-DX-LEADER", "DX推進リーダー", "dx-leadership", 80, [Tier.MANAGERS],
     "「管理職・現場リーダー向け DX推進」の全コースを修了し、各理解度チェックで80%以上。"),
    ("MANABI-CLOUD-AI", "クラウド・AI実践者", "cloud-ai-practice", 80, [Tier.PRACTITIONERS],
     "「クラウド・AI実践者向け」の全コースを修了し、各理解度チェックで80%以上。"),
]  # fmt: skip
# tier: [(certification code, share of that tier holding it by today)]
HOLDINGS_PLAN = {
    Tier.ALL_STAFF: [("IPA-IP", 0.22), ("AI-900", 0.06), ("IPA-SG", 0.04)],
    Tier.MANAGERS: [("IPA-IP", 0.35), ("IPA-SG", 0.15), ("AZ-900", 0.15), ("AI-900", 0.12)],
    Tier.PRACTITIONERS: [("AZ-900", 0.55), ("AI-900", 0.45), ("IPA-FE", 0.3), ("AZ-104", 0.3),
                         ("AI-102", 0.15), ("DP-100", 0.12), ("AZ-305", 0.1)],
}  # fmt: skip
PENDING_SHARE = 0.06
HISTORY_DAYS = 730


def load(out) -> None:
    with transaction.atomic():
        internal = _internal_certifications()
    out.write(f"  internal certificates: {len(internal)}")
    for organisation in Organisation.objects.filter(slug__in=["sakura", "aoba"]):
        with transaction.atomic():
            holdings = _holdings(organisation)
            created = _targets(organisation)
        with transaction.atomic():
            finished = _practitioners_finish_practice(organisation)
        out.write(
            f"  {organisation.name}: {holdings} holdings, {created} targets created, "
            f"{finished} practitioners finished their curriculum"
        )
    with transaction.atomic():
        awarded = _award_completed()
    out.write(f"  internal certificates awarded: {awarded}")


def _internal_certifications() -> list[Certification]:
    from courses.models import CurriculumPage

    result = []
    for order, (code, name, slug, minimum, tiers, description) in enumerate(INTERNAL):
        certification, _created = Certification.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": CertificationKind.INTERNAL,
                "issuer": "Manabi",
                "level": CertificationLevel.INTERNAL,
                "tiers": [str(tier) for tier in tiers],
                "description": description,
                "award_minimum_score": minimum,
                "sort_order": order,
            },
        )
        curriculum = CurriculumPage.objects.filter(slug=slug).first()
        if curriculum is not None and not certification.award_pages.exists():
            certification.award_pages.add(curriculum)
        result.append(certification)
    return result


def _issue_day(rng: random.Random, today: dt.date) -> dt.date:
    """A day in the last two years, more often recent: the programme is picking up speed."""
    return today - dt.timedelta(days=int(HISTORY_DAYS * (1 - rng.random() ** 0.6)))


def _holdings(organisation: Organisation) -> int:
    if Holding.objects.filter(
        organisation=organisation, credential_id__startswith=DEMO_CREDENTIAL_PREFIX
    ).exists():
        return 0
    rng = random.Random(f"holdings-{organisation.slug}")  # noqa: S311 (demo data)
    today = timezone.localdate()
    certifications = {c.code: c for c in Certification.objects.filter(kind="external")}
    staff = list(
        StaffProfile.objects.filter(organisation=organisation, is_active=True).order_by("pk")
    )
    rows = []
    for person in staff:
        for code, share in HOLDINGS_PLAN[Tier(person.tier)]:
            if rng.random() >= share:
                continue
            certification = certifications[code]
            issued = _issue_day(rng, today)
            if certification.validity_months and rng.random() < 0.12:
                issued = today - dt.timedelta(days=365 - rng.randint(3, 80))  # expiring soon
            pending = rng.random() < PENDING_SHARE
            rows.append(
                Holding(
                    organisation=organisation,
                    staff=person,
                    certification=certification,
                    credential_id=f"{DEMO_CREDENTIAL_PREFIX}{rng.randrange(10**8):08d}",
                    issued_on=issued,
                    expires_on=default_expiry(issued, certification.validity_months),
                    state=HoldingState.PENDING if pending else HoldingState.VERIFIED,
                    declared_at=timezone.now() - dt.timedelta(days=rng.randint(0, 20)),
                )
            )
    Holding.objects.bulk_create(rows)
    return len(rows)


def _targets(organisation: Organisation) -> int:
    from courses.models import CurriculumPage

    today = timezone.localdate()
    start = fiscal_year(today).previous().start
    end_of_next_year = fiscal_year(today).next().end
    practice = CurriculumPage.objects.filter(slug="cloud-ai-practice").first()
    basics = CurriculumPage.objects.filter(slug="digital-basics").first()
    total = StaffProfile.objects.filter(organisation=organisation, is_active=True).count()
    top = Department.objects.filter(organisation=organisation, parent=None).order_by("path").first()
    plans = [
        ("AZ-305 を保有する職員を増やす", ["AZ-305"], TargetScope.TIER, Tier.PRACTITIONERS, None,
         8, end_of_next_year, practice),
        ("クラウド基礎（AZ-900 / AI-900）", ["AZ-900", "AI-900"], TargetScope.TIER,
         Tier.PRACTITIONERS, None, 30, fiscal_year(today).end, practice),
        ("ITパスポートを全職員の3割に", ["IPA-IP"], TargetScope.ORGANISATION, "", None,
         max(1, total * 3 // 10), end_of_next_year, basics),
        (f"{top.name if top else ''} AI-900 取得推進", ["AI-900"], TargetScope.DEPARTMENT, "", top,
         None, fiscal_year(today).end, None),
    ]  # fmt: skip
    created = 0
    for name, codes, scope, tier, department, count, deadline, page in plans:
        if scope == TargetScope.DEPARTMENT and department is None:
            continue
        target, was_created = Target.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "scope": scope,
                "tier": tier,
                "department": department,
                "target_count": count or 1,
                "start_date": start,
                "deadline": deadline,
                "preparing_page": page,
            },
        )
        if was_created:
            target.certifications.set(Certification.objects.filter(code__in=codes))
            if count is None:  # half as many again as hold it today
                people = StaffProfile.objects.filter(organisation=organisation)
                current = targets.summary(target, people, today).forecast.current
                target.target_count = max(current + 3, current * 3 // 2)
                target.save(update_fields=["target_count"])
            created += 1
    return created


PRACTICE_CURRICULUM = "cloud-ai-practice"
# Practitioners holding these who finish the curriculum too: the AZ-305 target's funnel reaches its end.
PRACTICE_CERTIFIED_FINISHERS = (("AZ-305", 2), ("AZ-104", 2))


def _practitioners_finish_practice(organisation: Organisation) -> int:
    """Some practitioners complete every course of their curriculum; returns how many newly did.

    Who: those who completed all but one of its courses (the roster's diligent learners), and the first
    few whose AZ-305 or AZ-104 is valid today. Lessons are completed through ``lms.progress.services`` with
    correct quiz answers, so the course completion rule and then the award rule decide; a notebook
    exercise counts as passed without running it (as in the roster's bulk progress: no kernels here).
    """
    from courses.models import CurriculumPage
    from lms.progress.models import Enrolment

    curriculum = CurriculumPage.objects.filter(slug=PRACTICE_CURRICULUM).first()
    if curriculum is None:
        return 0
    practitioners = (
        StaffProfile.objects.filter(
            organisation=organisation, tier=Tier.PRACTITIONERS, is_active=True
        )
        .exclude(user__username__in=_named_logins(organisation))  # their progress tells a story
        .select_related("user")
        .order_by("employee_number")
    )
    chosen: dict[int, StaffProfile] = {}
    today = timezone.localdate()
    for code, how_many in PRACTICE_CERTIFIED_FINISHERS:
        holders = practitioners.filter(
            Q(holdings__expires_on__isnull=True) | Q(holdings__expires_on__gt=today),
            holdings__certification__code=code,
            holdings__state=HoldingState.VERIFIED,
        ).distinct()[:how_many]
        chosen.update((person.pk, person) for person in holders)
    finished = 0
    for person in practitioners:
        courses = awards.courses_of(curriculum, person.user)
        done = set(
            Enrolment.objects.filter(
                user=person.user, course__in=courses, completed_at__isnull=False
            ).values_list("course_id", flat=True)
        )
        missing = [course for course in courses if course.pk not in done]
        if not missing or (person.pk not in chosen and len(missing) > 1):
            continue
        for course in missing:
            _complete_course(person.user, course)
        finished += 1
    return finished


def _named_logins(organisation: Organisation) -> list[str]:
    from lms.demo.people import DEMO_ACCOUNTS

    return [f"{organisation.slug}-{suffix}" for suffix, *_rest in DEMO_ACCOUNTS]


def _complete_course(user, course) -> None:
    from courses.quiz import correct_answers, score_quiz
    from lms.progress import services

    for lesson in course.live_lessons().defer(None):
        if not lesson.requirements():
            services.mark_lesson_done(user, lesson, course)
            continue
        for block_id, quiz in lesson.quiz_blocks().items():
            answers = correct_answers(quiz)
            services.record_quiz_attempt(
                user, lesson, course, block_id, answers, score_quiz(quiz, answers)
            )
        for exercise_id in lesson.exercise_ids():
            services.record_exercise_passed(user, lesson, course, exercise_id)


def _award_completed() -> int:
    """Internal certificates for people who completed a curriculum before the rule existed."""
    from lms.progress.models import Enrolment

    awarded = 0
    completions = (
        Enrolment.objects.filter(completed_at__isnull=False)
        .order_by("user_id", "-completed_at")
        .values_list("user_id", "completed_at")
    )
    latest: dict[int, dt.datetime] = {}
    for user_id, completed_at in completions:
        latest.setdefault(user_id, completed_at)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(list(latest))
    for user_id, completed_at in latest.items():
        awarded += len(awards.evaluate(users[user_id], timezone.localdate(completed_at)))
    return awarded
