"""/cms/ beyond the page editor: the explorer, the workflow report and the image and document
libraries trainers need for lesson blocks."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_jpeg

from lms.people.roles import Role
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, get_test_image_file_jpeg().file.getvalue(), "image/jpeg")


@pytest.fixture
def foreign(home, aoba):
    course = CoursePageFactory(
        parent=CurriculumPageFactory(parent=home), title="あおば専用コース", organisation=aoba
    )
    return course, LessonPageFactory(parent=course, title="あおば専用レッスン")


@pytest.fixture
def login(client, staff_factory):
    def log_in(organisation, *roles):
        user = staff_factory(organisation, Role.LEARNER, *roles)
        client.login(username=user.username, password=PASSWORD)
        return user

    return log_in


@pytest.mark.parametrize("which", [0, 1])
def test_explorer_of_another_municipalitys_page_is_404(client, foreign, sakura, login, which):
    """Does exploring another municipality's course or lesson by its id show nothing (not even
    its title)?"""
    login(sakura, Role.TRAINER, Role.LEAD_TRAINER)
    response = client.get(reverse("wagtailadmin_explore", args=[foreign[which].pk]))
    assert response.status_code == 404
    assert "あおば専用" not in response.content.decode()


def test_workflow_report_hides_another_municipalitys_submissions(
    client, foreign, aoba, sakura, login
):
    _course, lesson = foreign
    author = login(aoba, Role.TRAINER)
    lesson.save_revision(user=author)
    lesson.get_workflow().start(lesson, author)
    assert (
        "あおば専用レッスン"
        in client.get(reverse("wagtailadmin_reports:workflow")).content.decode()
    )
    login(sakura, Role.TRAINER, Role.LEAD_TRAINER)
    response = client.get(reverse("wagtailadmin_reports:workflow"))
    assert response.status_code == 200
    assert "あおば専用レッスン" not in response.content.decode()


def test_trainers_upload_and_choose_images_and_documents(client, home, sakura, aoba, login):
    """Can a trainer add an image and a document (for lesson blocks) and choose them, edit their own
    upload but not another municipality's?"""
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(aoba, Role.TRAINER)
    client.post(
        reverse("wagtailimages:add"),
        {"title": "あおばの写真", "file": _upload("aoba.jpg")},
    )
    theirs = Image.objects.get(title="あおばの写真")

    login(sakura, Role.TRAINER)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "研修会場", "file": _upload("room.jpg")},
    )
    assert response.status_code == 302
    mine = Image.objects.get(title="研修会場")
    captions = SimpleUploadedFile(
        "captions.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xe3\x81\x82\n"
    )
    response = client.post(reverse("wagtaildocs:add"), {"title": "字幕", "file": captions})
    assert response.status_code == 302
    assert Document.objects.filter(title="字幕").exists()

    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert chooser.status_code == 200
    assert "研修会場" in chooser.json()["html"]
    assert client.get(reverse("wagtaildocs_chooser:choose")).status_code == 200
    assert client.get(reverse("wagtailimages:edit", args=[mine.pk])).status_code == 200
    response = client.post(reverse("wagtailimages:edit", args=[theirs.pk]), {"title": "書き換え"})
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.title == "あおばの写真"
