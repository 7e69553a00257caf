""" "Platform admin" is one rule, ``has_role(user, Role.PLATFORM_ADMIN)``: the platform_admin group, a
superuser counting as one. Does a member of the group who is not a superuser get what a superuser gets
in courses — every municipality's courses, in pages, the catalogue, /cms/ and its choosers — where a
platform-level lead trainer without the role does not?"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import nested_form_data

from courses.authoring import may_author
from courses.models import CoursePage, LessonPage
from courses.permissions import OrganisationPagePermissionPolicy
from courses.visibility import can_see_course, is_hidden_from
from courses.wagtail_hooks import hide_other_organisations_pages
from lms.people.roles import Role
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import UserFactory
from tests.grading.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

ADMINS = ["superuser", "platform_admin_group"]


@pytest.fixture
def tree(home, sakura, aoba):
    curriculum = CurriculumPageFactory(parent=home)
    shared = CoursePageFactory(parent=curriculum, title="共有コース")
    foreign = CoursePageFactory(parent=curriculum, title="あおばのコース", organisation=aoba)
    return {
        "curriculum": curriculum,
        "shared": shared,
        "shared_lesson": LessonPageFactory(parent=shared, title="共有レッスン"),
        "foreign": foreign,
        "foreign_lesson": LessonPageFactory(parent=foreign, title="あおばのレッスン"),
    }


def _admin(kind: str, *roles: str):
    """A superuser, or a platform_admin group member who is not one (with ``roles`` besides: CMS page
    permissions come from the trainer groups, which a superuser does not need)."""
    if kind == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    user = UserFactory(roles=(Role.PLATFORM_ADMIN, *roles))
    assert not user.is_superuser
    return user


@pytest.fixture
def platform_lead(home):
    """The control: a lead trainer without a municipality and without the platform admin role."""
    return UserFactory(roles=(Role.TRAINER, Role.LEAD_TRAINER))


@pytest.mark.parametrize("kind", ADMINS)
def test_platform_admins_see_every_municipalitys_courses(client, tree, kind, platform_lead):
    """Are another municipality's course and lesson there for a platform admin, in the pages and the
    catalogue, and in the rule itself?"""
    foreign, lesson = tree["foreign"], tree["foreign_lesson"]
    for user, expected in ((_admin(kind), True), (platform_lead, False)):
        client.force_login(user)
        assert client.get(foreign.url).status_code == (200 if expected else 404)
        assert client.get(lesson.url).status_code == (200 if expected else 404)
        catalogue = client.get(reverse("courses:catalogue")).content.decode()
        assert ("あおばのコース" in catalogue) is expected
        assert "共有コース" in catalogue
        assert can_see_course(user, foreign.organisation_id) is expected
        assert is_hidden_from(user, lesson) is not expected
        assert not is_hidden_from(user, tree["shared_lesson"])


@pytest.mark.parametrize("kind", ADMINS)
def test_platform_admins_author_and_explore_every_municipalitys_pages(
    client, rf, tree, aoba, kind, platform_lead
):
    """In /cms/, may a platform admin author another municipality's course, explore it, find it in
    the page chooser and the explorable pages, where a platform-level lead trainer may not?"""
    foreign = tree["foreign"]
    policy = OrganisationPagePermissionPolicy(Page)
    children = Page.objects.child_of(foreign)
    admin = _admin(kind, Role.TRAINER, Role.LEAD_TRAINER)
    for user, expected in ((admin, True), (platform_lead, False)):
        assert may_author(user, aoba.pk) is expected
        assert foreign.permissions_for_user(user).can_edit() is expected
        explorable = policy.explorable_instances(user)
        assert explorable.filter(pk=foreign.pk).exists() is expected
        assert explorable.filter(pk=tree["shared"].pk).exists()
        request = rf.get("/")
        request.user = user
        if expected:
            assert list(hide_other_organisations_pages(foreign, children, request)) == [
                tree["foreign_lesson"].page_ptr
            ]
        client.force_login(user)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[foreign.pk]))
        assert (edit.status_code == 200) is expected
        explore = client.get(reverse("wagtailadmin_explore", args=[foreign.pk]))
        assert explore.status_code == (200 if expected else 404)
        chooser = client.get(
            reverse("wagtailadmin_choose_page_child", args=[tree["curriculum"].pk])
        ).json()["html"]
        assert ("あおばのコース" in chooser) is expected
        assert "共有コース" in chooser


@pytest.mark.parametrize("kind", ADMINS)
def test_platform_admins_choose_a_courses_municipality(client, tree, aoba, kind, platform_lead):
    """Does a platform admin's new course belong to the municipality chosen in the form, where a
    platform-level trainer's is always shared?"""
    for user, slug, expected in (
        (_admin(kind, Role.TRAINER), "chosen", aoba),
        (platform_lead, "fixed", None),
    ):
        client.force_login(user)
        response = client.post(
            reverse(
                "wagtailadmin_pages:add", args=["courses", "coursepage", tree["curriculum"].pk]
            ),
            nested_form_data(
                {
                    "title": f"新コース {slug}",
                    "slug": slug,
                    "summary": "概要",
                    "learning_objectives": "目標",
                    "organisation": aoba.pk,
                    "estimated_minutes": "30",
                    "completion_rule": "all_lessons",
                    "completion_percentage": "100",
                }
            ),
        )
        assert response.status_code == 302
        assert CoursePage.objects.get(slug=slug).organisation == expected


@pytest.mark.parametrize("kind", ADMINS)
def test_platform_admins_review_every_municipalitys_submissions(
    tree, aoba, staff_factory, kind, platform_lead
):
    """Is an aoba trainer's lesson awaiting review among what a platform admin may moderate?"""
    lesson = LessonPage.objects.get(pk=tree["foreign_lesson"].pk)
    author = staff_factory(aoba, Role.LEARNER, Role.TRAINER)
    lesson.save_revision(user=author)
    lesson.get_workflow().start(lesson, author)
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    task = state.task.specific
    admin = _admin(kind, Role.TRAINER, Role.LEAD_TRAINER)
    assert list(task.get_task_states_user_can_moderate(admin)) == [state]
    assert task.get_actions(lesson, admin)
    assert not task.get_task_states_user_can_moderate(platform_lead).exists()
    assert task.get_actions(lesson, platform_lead) == []


@pytest.mark.parametrize("kind", ADMINS)
def test_exercise_chooser_offers_platform_admins_every_exercise(
    client, home, aoba, kind, platform_lead
):
    """Does the lesson's exercise chooser offer a platform admin another municipality's exercise,
    where a platform-level trainer gets only the shared ones?"""
    ExerciseFactory(title="共有の演習")
    ExerciseFactory(title="あおばの演習", organisation=aoba)
    for user, expected in ((_admin(kind, Role.TRAINER), True), (platform_lead, False)):
        client.force_login(user)
        response = client.get(reverse("courses_exercise_chooser:choose"))
        assert response.status_code == 200
        html = response.json()["html"]
        assert "共有の演習" in html
        assert ("あおばの演習" in html) is expected
