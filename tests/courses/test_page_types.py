"""The page tree is fixed: learning home → curriculum → course → lesson, nothing else."""

from __future__ import annotations

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.models import CoursePage, CurriculumPage, LearningHome, LessonPage
from courses.setup import ensure_learning_site
from lms.people.tiers import Tier
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_learning_site()
        cls.curriculum = CurriculumPageFactory(parent=cls.home)
        cls.course = CoursePageFactory(parent=cls.curriculum)
        cls.lesson = LessonPageFactory(parent=cls.course)

    def setUp(self):
        self.login()  # a superuser, for the admin create views

    def test_subpage_types(self):
        """Does each page type allow exactly the next level below it?"""
        self.assertAllowedSubpageTypes(LearningHome, {CurriculumPage})
        self.assertAllowedSubpageTypes(CurriculumPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_parent_page_types(self):
        """Can each page type live only under the level above it?"""
        self.assertAllowedParentPageTypes(CurriculumPage, {LearningHome})
        self.assertAllowedParentPageTypes(CoursePage, {CurriculumPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})

    def test_no_skipping_levels(self):
        """Can a lesson be created directly in a curriculum, or a course under the home? (No.)"""
        self.assertCanNotCreateAt(CurriculumPage, LessonPage)
        self.assertCanNotCreateAt(LearningHome, CoursePage)
        self.assertCanNotCreateAt(Page, CurriculumPage)
        self.assertCanCreateAt(CoursePage, LessonPage)

    def test_only_one_learning_home(self):
        """Is the learning home unique and the root of the default site (served at /learn/)?"""
        assert not LearningHome.can_create_at(Page.get_first_root_node())
        site = Site.objects.get(is_default_site=True)
        assert site.root_page_id == self.home.pk
        assert self.home.url == "/learn/"
        assert ensure_learning_site().pk == self.home.pk

    def test_create_curriculum_course_and_lesson_in_the_admin(self):
        """Can a superuser create each level through the Wagtail admin?"""
        self.assertCanCreate(
            self.home,
            CurriculumPage,
            nested_form_data(
                {
                    "title": "新しいカリキュラム",
                    "slug": "new-curriculum",
                    "tier": Tier.MANAGERS,
                    "audience": "管理職",
                    "goals": "目標",
                    "estimated_hours": "2.5",
                }
            ),
        )
        self.assertCanCreate(
            self.curriculum,
            CoursePage,
            nested_form_data(
                {
                    "title": "新しいコース",
                    "slug": "new-course",
                    "summary": "概要",
                    "learning_objectives": "目標",
                    "estimated_minutes": "20",
                    "completion_rule": "all_lessons",
                    "completion_percentage": "100",
                }
            ),
        )
        self.assertCanCreate(
            self.course,
            LessonPage,
            nested_form_data(
                {
                    "title": "新しいレッスン",
                    "slug": "new-lesson",
                    "estimated_minutes": "10",
                    "body": streamfield([("markdown", "# 見出し\n\n本文")]),
                }
            ),
        )
        assert LessonPage.objects.filter(slug="new-lesson", live=True).exists()

    def test_pages_render(self):
        """Do the four page types render for an anonymous visitor?"""
        self.client.logout()
        for page in (self.home, self.curriculum, self.course, self.lesson):
            self.assertPageIsRenderable(page)

    def test_pages_are_editable_and_previewable(self):
        """Do the admin edit and preview views work for each page type?"""
        for page in (self.curriculum, self.course):
            self.assertPageIsEditable(page)
        # A StreamField's form data is built by the admin's JavaScript, so the test supplies it.
        lesson_data = nested_form_data(
            {
                "title": self.lesson.title,
                "slug": self.lesson.slug,
                "estimated_minutes": "10",
                "body": streamfield([("markdown", "本文")]),
            }
        )
        self.assertPageIsEditable(self.lesson, post_data={**lesson_data, "action-publish": ""})
        for page in (self.curriculum, self.course):
            self.assertPageIsPreviewable(page)
        self.assertPageIsPreviewable(self.lesson, post_data=lesson_data)
