"""Demo learning content in Japanese, loaded by ``manage.py load_demo`` (``courses.demo.load``).

Three curricula (one per tier), shared courses plus one course of each municipality, lessons with real
text and quizzes; then demo staff's progress and required training. Idempotent: pages that exist are left
as they are (a trainer may have edited them), and progress is only added for people who have none.
"""

from __future__ import annotations

from django.db import transaction

from courses.models import CoursePage, CurriculumPage, LessonPage, SkillStandardItem
from courses.setup import ensure_learning_site
from lms.organisations.models import Organisation

from .curricula import CURRICULA
from .spec import CourseSpec, CurriculumSpec, LessonSpec


def load(out) -> None:
    with transaction.atomic():
        home = ensure_learning_site()
        created = _content(home)
    out.write(f"  learning pages created: {created}")
    from .learners import load_learners

    load_learners(out)


def _child(parent, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _publish(parent, page) -> None:
    parent.add_child(instance=page)
    page.save_revision().publish()


def _content(home) -> int:
    created = 0
    organisations = {o.slug: o for o in Organisation.objects.all()}
    courses_by_slug: dict[str, tuple[CoursePage, CourseSpec]] = {}
    for spec in CURRICULA:
        curriculum = _child(home, CurriculumPage, spec.slug)
        if curriculum is None:
            curriculum = _curriculum(spec)
            _publish(home, curriculum)
            curriculum.skill_standards.set(
                SkillStandardItem.objects.filter(code__in=spec.skill_codes)
            )
            curriculum.save_revision().publish()
            created += 1
        for course_spec in spec.courses:
            if course_spec.organisation_slug and course_spec.organisation_slug not in organisations:
                continue  # that municipality is not in this instance
            course = _child(curriculum, CoursePage, course_spec.slug)
            if course is None:
                course = _course(course_spec, organisations)
                _publish(curriculum, course)
                created += 1
                for lesson_spec in course_spec.lessons:
                    _publish(course, _lesson(lesson_spec))
                    created += 1
            courses_by_slug[course_spec.slug] = (course, course_spec)
    for course, course_spec in courses_by_slug.values():
        if course_spec.prerequisites and not course.prerequisites.exists():
            course.prerequisites.set(
                [
                    courses_by_slug[slug][0]
                    for slug in course_spec.prerequisites
                    if slug in courses_by_slug
                ]
            )
            course.save_revision().publish()
    return created


def _curriculum(spec: CurriculumSpec) -> CurriculumPage:
    return CurriculumPage(
        title=spec.title,
        slug=spec.slug,
        tier=spec.tier,
        audience=spec.audience,
        goals=spec.goals,
        estimated_hours=spec.hours,
    )


def _course(spec: CourseSpec, organisations) -> CoursePage:
    return CoursePage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        learning_objectives=spec.objectives,
        estimated_minutes=spec.minutes,
        organisation=organisations.get(spec.organisation_slug) if spec.organisation_slug else None,
        completion_rule=spec.completion_rule,
        completion_percentage=spec.completion_percentage,
    )


def _lesson(spec: LessonSpec) -> LessonPage:
    return LessonPage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        estimated_minutes=spec.minutes,
        body=spec.body,
    )
