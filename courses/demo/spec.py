"""The shape of demo content: plain data the loader turns into pages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: str
    summary: str
    minutes: int
    body: list  # raw stream data (courses.stream_builders.LessonBody(...).data)


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    objectives: str
    minutes: int
    lessons: list[LessonSpec]
    organisation_slug: str | None = None  # None: a shared course
    prerequisites: tuple[str, ...] = ()  # slugs of courses
    completion_rule: str = "all_lessons"
    completion_percentage: int = 100


@dataclass(frozen=True)
class CurriculumSpec:
    slug: str
    title: str
    tier: str
    audience: str
    goals: str
    hours: float
    skill_codes: tuple[str, ...]
    courses: list[CourseSpec] = field(default_factory=list)
