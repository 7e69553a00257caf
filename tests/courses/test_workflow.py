"""The review workflow in /cms/: a trainer drafts and submits, a lead trainer of the same
municipality approves, and the lesson is published; other municipalities' leads cannot act."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.models import LessonPage, OrganisationReviewTask
from lms.people.roles import Role
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home, sakura):
    return CoursePageFactory(parent=CurriculumPageFactory(parent=home), organisation=sakura)


def _lesson_data(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "reviewed-lesson",
            "estimated_minutes": "10",
            "body": streamfield([("markdown", "## 新しいレッスン\n\n本文です。")]),
            **extra,
        }
    )


def _add_url(course):
    return reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])


def test_trainer_submits_and_lead_trainer_approves(client, course, sakura, aoba, staff_factory):
    trainer = staff_factory(sakura, Role.LEARNER, Role.TRAINER)
    lead = staff_factory(sakura, Role.LEARNER, Role.TRAINER, Role.LEAD_TRAINER)
    other_lead = staff_factory(aoba, Role.LEARNER, Role.TRAINER, Role.LEAD_TRAINER)

    # A trainer cannot publish: "publish" saves a draft.
    client.login(username=trainer.username, password=PASSWORD)
    response = client.post(_add_url(course), _lesson_data("下書き", **{"action-publish": "1"}))
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="reviewed-lesson")
    assert not lesson.live

    # Submit for review.
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    response = client.post(edit_url, _lesson_data("審査待ちのレッスン", **{"action-submit": "1"}))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.workflow_in_progress
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    task = task_state.task.specific
    assert isinstance(task, OrganisationReviewTask)
    assert not lesson.live

    # Another municipality's lead trainer neither sees nor approves it.
    assert task.get_actions(lesson, other_lead) == []
    assert not task.get_task_states_user_can_moderate(other_lead).exists()
    client.login(username=other_lead.username, password=PASSWORD)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk]
    )
    assert client.post(approve_url, {"comment": ""}).status_code in (302, 403)
    lesson.refresh_from_db()
    assert not lesson.live

    # The municipality's own lead trainer sees it awaiting review and approves: it is published.
    assert list(task.get_task_states_user_can_moderate(lead)) == [task_state]
    client.login(username=lead.username, password=PASSWORD)
    assert "審査待ちのレッスン" in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.post(approve_url, {"comment": "確認しました"})
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.live
    assert lesson.title == "審査待ちのレッスン"
    assert not lesson.workflow_in_progress
    assert lesson.revisions.count() >= 2  # the draft and the submitted version
    assert client.get(lesson.url).status_code == 200


def test_scheduled_publishing_is_available(client, course, sakura, staff_factory):
    """Can a lead trainer schedule a lesson (go-live date) instead of publishing it at once?"""
    import datetime as dt

    from django.utils import timezone

    from courses.tasks import publish_scheduled

    lead = staff_factory(sakura, Role.LEARNER, Role.TRAINER, Role.LEAD_TRAINER)
    client.login(username=lead.username, password=PASSWORD)
    go_live = timezone.localtime() + dt.timedelta(minutes=1)
    response = client.post(
        _add_url(course),
        _lesson_data(
            "予約公開",
            **{"action-publish": "1", "go_live_at": go_live.strftime("%Y-%m-%d %H:%M")},
        ),
    )
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="reviewed-lesson")
    assert not lesson.live
    assert lesson.go_live_at is not None
    revision = lesson.revisions.get(approved_go_live_at__isnull=False)
    # Let the go-live time pass (in the revision, as the scheduler reads it).
    past = timezone.now() - dt.timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled()  # what Celery beat runs every minute
    lesson.refresh_from_db()
    assert lesson.live


def test_beat_runs_scheduled_publishing_every_minute():
    """Does Celery beat's schedule (as the beat process reads it from settings) hold
    ``courses-publish-scheduled``, naming a task the worker knows, due again one minute after each
    run?"""
    import datetime as dt

    from celery.beat import ScheduleEntry

    from lms.celery import app

    entry = app.conf.beat_schedule["courses-publish-scheduled"]
    app.loader.import_default_modules()  # what a worker does: autodiscover every app's tasks
    assert entry["task"] in app.tasks
    scheduled = ScheduleEntry(
        name="courses-publish-scheduled", task=entry["task"], schedule=entry["schedule"], app=app
    )
    now = scheduled.schedule.now()
    due, _next = scheduled.schedule.is_due(now)
    assert not due  # just ran
    due, next_in = scheduled.schedule.is_due(now - dt.timedelta(seconds=61))
    assert due  # a minute has passed
    assert 0 < next_in <= 60
    assert scheduled.schedule.remaining_estimate(now) <= dt.timedelta(minutes=1)
