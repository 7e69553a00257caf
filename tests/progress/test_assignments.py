"""Assigning required training, and what staff in scope see in My learning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from lms.audit import AuditEvent
from lms.people.roles import Role
from lms.people.tiers import Tier
from lms.progress import services
from lms.progress.assignments import assign_training
from lms.progress.models import TrainingAssignment
from lms.progress.queries import (
    assignment_completion,
    completion_by_department,
    required_training_for,
)
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are matched in English (their msgids); the Japanese is checked by the views' tests."""
    with translation.override("en"):
        yield


SOON = timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def catalogue(home, sakura, aoba):
    curriculum = CurriculumPageFactory(parent=home)
    shared = CoursePageFactory(parent=curriculum, title="共通コース")
    own = CoursePageFactory(parent=curriculum, title="さくらのコース", organisation=sakura)
    foreign = CoursePageFactory(parent=curriculum, title="あおばのコース", organisation=aoba)
    for course in (shared, own, foreign):
        LessonPageFactory(parent=course)
    return {"curriculum": curriculum, "shared": shared, "own": own, "foreign": foreign}


def test_assign_a_course_to_a_tier_is_audited(catalogue, sakura, staff_factory):
    hr = staff_factory(sakura, Role.HR)
    assignment = assign_training(
        actor=hr, organisation=sakura, course=catalogue["shared"], tier=Tier.MANAGERS, due_date=SOON
    )
    assert assignment.assigned_by == hr
    event = AuditEvent.objects.get(action="training.assigned")
    assert event.organisation == sakura
    assert event.data["tier"] == Tier.MANAGERS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"course": "foreign"}, "another organisation"),
        ({"course": "shared", "due_date": timezone.localdate() - dt.timedelta(days=1)}, "past"),
        ({"course": "shared", "curriculum": "curriculum"}, "either"),
        ({}, "either"),
    ],
)
def test_bad_assignments_are_refused(catalogue, sakura, staff_factory, kwargs, message):
    targets = {k: catalogue[v] for k, v in kwargs.items() if k in ("course", "curriculum")}
    with pytest.raises(ValidationError, match=message):
        assign_training(
            actor=staff_factory(sakura, Role.HR),
            organisation=sakura,
            due_date=kwargs.get("due_date", SOON),
            **targets,
        )
    assert not TrainingAssignment.objects.exists()


def test_required_training_progress_and_overdue(catalogue, sakura, staff_factory):
    """Does a learner in scope see required training with progress, overdue highlighted?"""
    learner = staff_factory(sakura)
    manager = staff_factory(sakura, tier=Tier.MANAGERS)
    TrainingAssignment.objects.create(
        organisation=sakura, curriculum=catalogue["curriculum"], due_date=SOON
    )
    overdue = TrainingAssignment.objects.create(
        organisation=sakura,
        course=catalogue["own"],
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    TrainingAssignment.objects.create(
        organisation=sakura, course=catalogue["shared"], tier=Tier.MANAGERS, due_date=SOON
    )
    rows = required_training_for(learner)
    assert [row.title for row in rows] == ["さくらのコース", catalogue["curriculum"].title]
    assert rows[0].is_overdue
    assert not rows[1].is_overdue
    # The curriculum counts the courses sakura staff can see: shared and sakura's, not aoba's.
    assert [c.title for c in rows[1].courses] == ["共通コース", "さくらのコース"]
    assert len(required_training_for(manager)) == 3

    own = catalogue["own"]
    services.mark_lesson_done(learner, own.live_lessons().first(), own)
    rows = required_training_for(learner)
    done = next(row for row in rows if row.assignment == overdue)
    assert done.is_complete
    assert not done.is_overdue
    curriculum_row = next(row for row in rows if row.assignment != overdue)
    assert (curriculum_row.completed_courses, curriculum_row.percent) == (1, 50)
    assert rows[-1] == done  # completed training sorts last

    completion = assignment_completion(overdue)
    assert completion[learner.staff_profile.pk] is not None
    assert completion[manager.staff_profile.pk] is None
    by_department = completion_by_department(overdue)
    assert sum(row["in_scope"] for row in by_department) == 2
    assert sum(row["completed"] for row in by_department) == 1


def test_my_learning_and_hr_agree_on_completion(catalogue, sakura, staff_factory):
    """Do the learner's required training and HR's completion figures say the same, at the same time,
    as courses are completed one by one?"""
    learner = staff_factory(sakura)
    assignment = TrainingAssignment.objects.create(
        organisation=sakura, curriculum=catalogue["curriculum"], due_date=SOON
    )
    for key in ("shared", "own", None):
        row = required_training_for(learner)[0]
        by_hr = assignment_completion(assignment)[learner.staff_profile.pk]
        assert row.is_complete is (by_hr is not None)
        assert row.completed_at == by_hr
        if key:
            course = catalogue[key]
            services.mark_lesson_done(learner, course.live_lessons().first(), course)
    assert row.is_complete


def test_my_learning_page(client, catalogue, sakura, staff_factory):
    learner = staff_factory(sakura)
    TrainingAssignment.objects.create(
        organisation=sakura,
        course=catalogue["own"],
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    shared = catalogue["shared"]
    services.record_lesson_visit(learner, shared.live_lessons().first(), shared)
    client.login(username=learner.username, password=PASSWORD)
    response = client.get(reverse("progress:my_learning"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="is-overdue"' in html
    assert 'class="overdue"' in html
    assert "さくらのコース" in html
    assert "共通コース" in html
    assert "<progress" in html
    assert 'id="resume-title"' in html


def test_required_training_leaves_out_courses_that_cannot_be_opened(
    client, catalogue, home, sakura, staff_factory
):
    """An unpublished course, or a live course of an unpublished curriculum, is a 404: is it left out
    of required training, whether assigned itself or through its curriculum, in My learning and in
    HR's completion figures alike?"""
    learner = staff_factory(sakura)
    withdrawn = CurriculumPageFactory(parent=home, title="取り下げるカリキュラム")
    below = CoursePageFactory(parent=withdrawn, title="取り下げられる講座")
    LessonPageFactory(parent=below)
    for target in (
        {"course": below},
        {"curriculum": withdrawn},
        {"curriculum": catalogue["curriculum"]},
    ):
        assign_training(actor=None, organisation=sakura, due_date=SOON, **target)
    course_row = TrainingAssignment.objects.get(course=below)
    titles = [row.title for row in required_training_for(learner)]
    assert sorted(titles) == sorted(
        ["取り下げられる講座", "取り下げるカリキュラム", catalogue["curriculum"].title]
    )

    withdrawn.unpublish()
    assert below.live  # still live itself, yet its page is a 404
    client.login(username=learner.username, password=PASSWORD)
    assert client.get(below.url).status_code == 404
    rows = required_training_for(learner)
    assert [row.title for row in rows] == [catalogue["curriculum"].title]
    assert [c.title for c in rows[0].courses] == ["共通コース", "さくらのコース"]
    html = client.get(reverse("progress:my_learning")).content.decode()
    assert "取り下げられる講座" not in html
    assert "取り下げるカリキュラム" not in html
    assert set(assignment_completion(course_row).values()) == {None}

    # One course of a live curriculum unpublished: the curriculum counts the others.
    catalogue["own"].unpublish()
    rows = required_training_for(learner)
    assert [c.title for c in rows[0].courses] == ["共通コース"]
    shared = catalogue["shared"]
    services.mark_lesson_done(learner, shared.live_lessons().first(), shared)
    assert required_training_for(learner)[0].is_complete


def test_my_learning_requires_login(client):
    response = client.get(reverse("progress:my_learning"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_hr_assigns_through_the_page(client, catalogue, sakura, aoba, staff_factory):
    hr = staff_factory(sakura, Role.HR)
    client.login(username=hr.username, password=PASSWORD)
    assert client.get(reverse("progress:assignments")).status_code == 200
    response = client.post(
        reverse("progress:assignment_create"),
        {"target": f"course:{catalogue['shared'].pk}", "tier": "", "due_date": SOON.isoformat()},
    )
    assert response.status_code == 302
    assignment = TrainingAssignment.objects.get()
    assert assignment.organisation == sakura

    foreign = client.post(
        reverse("progress:assignment_create"),
        {"target": f"course:{catalogue['foreign'].pk}", "due_date": SOON.isoformat()},
    )
    assert foreign.status_code == 400
    assert TrainingAssignment.objects.count() == 1

    other = TrainingAssignment.objects.create(
        organisation=aoba, course=catalogue["shared"], due_date=SOON
    )
    assert client.post(reverse("progress:assignment_withdraw", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("progress:assignment_withdraw", args=[assignment.pk])).status_code
        == 302
    )
    assert list(TrainingAssignment.objects.all()) == [other]


def test_trainers_assign_and_learners_cannot(client, catalogue, sakura, staff_factory):
    trainer = staff_factory(sakura, Role.LEARNER, Role.TRAINER)
    client.login(username=trainer.username, password=PASSWORD)
    assert client.get(reverse("progress:assignments")).status_code == 200
    learner = staff_factory(sakura)
    client.login(username=learner.username, password=PASSWORD)
    assert client.get(reverse("progress:assignments")).status_code == 403
    response = client.post(
        reverse("progress:assignment_create"),
        {"target": f"course:{catalogue['shared'].pk}", "due_date": SOON.isoformat()},
    )
    assert response.status_code == 403
