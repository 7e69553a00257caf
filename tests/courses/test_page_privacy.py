"""Learning pages offer no Wagtail privacy setting: who may open them is their organisation's rule,
and a lesson hidden by a page restriction would still count towards its course's completion."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["curriculum", "course", "lesson"])
def test_the_cms_sets_no_privacy_on_learning_pages(client, home, kind):
    """Does /cms/'s privacy dialog say the page cannot be made private, and refuse a forged post?"""
    curriculum = CurriculumPageFactory(parent=home)
    course = CoursePageFactory(parent=curriculum)
    lesson = LessonPageFactory(parent=course)
    page = {"curriculum": curriculum, "course": course, "lesson": lesson}[kind]
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
    dialog = client.get(url)
    assert dialog.status_code == 200
    assert "restriction_type" not in dialog.json()["html"]
    group = Group.objects.get_or_create(name="hr")[0]
    client.post(url, {"restriction_type": "groups", "groups": [group.pk]})
    client.post(url, {"restriction_type": "login"})
    assert not PageViewRestriction.objects.exists()


def test_the_learning_home_can_still_be_restricted(client, home):
    """Is the whole learning site still restrictable (e.g. to logged-in staff) above the pages?"""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailadmin_pages:set_privacy", args=[home.pk])
    client.post(url, {"restriction_type": "login"})
    assert PageViewRestriction.objects.get().page_id == home.pk
