"""In /cms/, trainers author only their own municipality's courses; shared content is authored by
platform-level trainers. Checked in the explorer, the edit view and by direct URL."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.models import CoursePage, LessonPage
from lms.people.roles import Role
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home, sakura, aoba):
    curriculum = CurriculumPageFactory(parent=home)
    shared = CoursePageFactory(parent=curriculum, title="共有コース")
    own = CoursePageFactory(parent=curriculum, title="さくらのコース", organisation=sakura)
    foreign = CoursePageFactory(parent=curriculum, title="あおばのコース", organisation=aoba)
    return {
        "curriculum": curriculum,
        "shared": shared,
        "own": own,
        "own_lesson": LessonPageFactory(parent=own),
        "foreign": foreign,
        "foreign_lesson": LessonPageFactory(parent=foreign),
        "shared_lesson": LessonPageFactory(parent=shared),
    }


@pytest.fixture
def sakura_trainer(client, sakura, staff_factory):
    user = staff_factory(sakura, Role.LEARNER, Role.TRAINER)
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def platform_trainer(home):
    return UserFactory(roles=(Role.TRAINER, Role.LEAD_TRAINER))


def _edit(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_trainer_edits_own_municipalitys_course_and_lessons(client, tree, sakura_trainer):
    assert client.get(_edit(tree["own"])).status_code == 200
    assert client.get(_edit(tree["own_lesson"])).status_code == 200
    perms = tree["own_lesson"].permissions_for_user(sakura_trainer)
    assert perms.can_edit()
    assert not perms.can_publish()  # trainers submit for review; lead trainers publish


@pytest.mark.parametrize(
    "name", ["foreign", "foreign_lesson", "shared", "shared_lesson", "curriculum"]
)
def test_trainer_cannot_open_other_pages_by_direct_url(client, tree, sakura_trainer, name):
    """Is the edit view refused for another municipality's page and for shared content?"""
    page = tree[name]
    response = client.get(_edit(page))
    assert response.status_code in (302, 403)
    assert _edit(page) not in response.get("Location", "")
    response = client.post(_edit(page), {"title": "書き換え"})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title != "書き換え"
    perms = page.specific.permissions_for_user(sakura_trainer)
    assert not perms.can_edit()
    assert not perms.can_delete()
    assert not perms.can_publish()
    assert not perms.can_move()
    for url_name in ("delete", "unpublish", "move", "copy", "history"):
        response = client.get(reverse(f"wagtailadmin_pages:{url_name}", args=[page.pk]))
        assert response.status_code in (302, 403), url_name


def test_explorer_hides_other_municipalities_courses(client, tree, sakura_trainer):
    response = client.get(reverse("wagtailadmin_explore", args=[tree["curriculum"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "さくらのコース" in html
    assert "共有コース" in html  # visible, read-only
    assert "あおばのコース" not in html
    assert _edit(tree["shared"]) not in html
    assert _edit(tree["own"]) in html
    response = client.get(reverse("wagtailadmin_explore", args=[tree["foreign"].pk]))
    assert response.status_code == 404  # see test_cms_isolation.py


def test_page_chooser_hides_other_municipalities_courses(client, tree, sakura_trainer):
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[tree["curriculum"].pk]))
    html = response.json()["html"]
    assert "さくらのコース" in html
    assert "あおばのコース" not in html


def test_a_trainers_new_course_belongs_to_their_municipality(
    client, tree, sakura, aoba, sakura_trainer
):
    """Even if the form is tampered with, is a sakura trainer's course owned by sakura?"""
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", tree["curriculum"].pk]),
        nested_form_data(
            {
                "title": "さくらの新コース",
                "slug": "sakura-new",
                "summary": "概要",
                "learning_objectives": "目標",
                "organisation": aoba.pk,  # ignored: the field is fixed for municipal trainers
                "estimated_minutes": "30",
                "completion_rule": "all_lessons",
                "completion_percentage": "100",
            }
        ),
    )
    assert response.status_code == 302
    course = CoursePage.objects.get(slug="sakura-new")
    assert course.organisation == sakura
    assert not course.live  # a draft until reviewed


def test_trainer_cannot_add_lessons_to_another_municipalitys_course(client, tree, sakura_trainer):
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", tree["foreign"].pk])
    response = client.post(
        url,
        nested_form_data(
            {"title": "侵入", "slug": "intrusion", "estimated_minutes": "5",
             "body": streamfield([("markdown", "x")])}
        ),
    )  # fmt: skip
    assert response.status_code in (302, 403)
    assert not LessonPage.objects.filter(slug="intrusion").exists()


def test_platform_trainer_edits_shared_content_only(client, tree, platform_trainer):
    client.force_login(platform_trainer)
    assert client.get(_edit(tree["shared_lesson"])).status_code == 200
    assert client.get(_edit(tree["curriculum"])).status_code == 200
    assert client.get(_edit(tree["own"])).status_code in (302, 403)
    assert tree["shared"].permissions_for_user(platform_trainer).can_publish()
    assert not tree["own_lesson"].permissions_for_user(platform_trainer).can_edit()


def test_admin_refuses_an_image_without_alt_text(client, tree, sakura_trainer):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="写真", file=get_test_image_file())
    lesson = tree["own_lesson"]
    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "estimated_minutes": "10",
            "body": streamfield([("image", {"image": image.pk, "alt_text": "", "caption": ""})]),
        }
    )
    response = client.post(_edit(lesson), data)
    assert response.status_code == 200  # the form again, with errors
    assert response.context_data["form"].errors
    lesson.refresh_from_db()
    assert not any(block.block_type == "image" for block in lesson.body)
    data["body-0-value-alt_text"] = "研修会場の様子"
    response = client.post(_edit(lesson), data)
    assert response.status_code == 302
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert draft.body[0].value["alt_text"] == "研修会場の様子"


def test_admin_page_search_hides_other_municipalities_courses(client, tree, sakura_trainer):
    search = reverse("wagtailadmin_pages:search")
    response = client.get(search, {"q": "さくらのコース"})
    assert response.status_code == 200
    assert _edit(tree["own"]) in response.content.decode()
    foreign_page_link = reverse("wagtailadmin_explore", args=[tree["foreign"].pk])
    assert foreign_page_link not in client.get(search, {"q": "あおばのコース"}).content.decode()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert foreign_page_link in client.get(search, {"q": "あおばのコース"}).content.decode()
