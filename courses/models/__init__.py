"""Learning pages (home → curriculum → course → lesson), the DSS vocabulary and the review task."""

from .course import CompletionRule, CoursePage
from .curriculum import CurriculumPage
from .home import LearningHome
from .lesson import EXERCISE_REQUIREMENT, QUIZ_REQUIREMENT, LessonPage
from .review import OrganisationReviewTask
from .taxonomy import SKILL_STANDARD_ITEMS, SkillStandard, SkillStandardItem

__all__ = [
    "EXERCISE_REQUIREMENT",
    "QUIZ_REQUIREMENT",
    "SKILL_STANDARD_ITEMS",
    "CompletionRule",
    "CoursePage",
    "CurriculumPage",
    "LearningHome",
    "LessonPage",
    "OrganisationReviewTask",
    "SkillStandard",
    "SkillStandardItem",
]
