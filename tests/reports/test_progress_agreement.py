"""HR reports (``lms.reports.progress_source``) and the learner's own required training
(``lms.progress.queries``) read the same rules: which courses an assignment covers
(``courses.visibility.courses_open_to_staff_of``) and when it is complete
(``lms.progress.completion.assignment_completed_at``). Do they agree where it is easy to differ?"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lms.people.models import StaffProfile
from lms.people.roles import Role
from lms.progress import services
from lms.progress.models import TrainingAssignment
from lms.progress.queries import assignment_completion, required_training_for
from lms.reports import progress_source
from tests.courses.conftest import aoba, home  # noqa: F401
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST_DUE = TODAY - dt.timedelta(days=10)


def _course(parent, title, organisation=None):
    course = CoursePageFactory(parent=parent, title=title, organisation=organisation)
    LessonPageFactory(parent=course)
    return course


def _complete(user, course):
    services.mark_lesson_done(user, course.live_lessons().first(), course)


@pytest.fixture
def trainings(home, organisation, aoba):  # noqa: F811
    """Past-due training of the municipality: a live curriculum with a shared course, its own course and
    another municipality's course; its own course alone; a withdrawn (unpublished) curriculum whose
    course is still live, assigned both as a curriculum and as a course; a curriculum holding only
    another municipality's course."""
    live = CurriculumPageFactory(parent=home, title="共通カリキュラム")
    shared = _course(live, "共通コース")
    own = _course(live, "自市のコース", organisation)
    _course(live, "他町のコース", aoba)
    withdrawn = CurriculumPageFactory(parent=home, title="取り下げたカリキュラム")
    below = _course(withdrawn, "取り下げたカリキュラムの講座")
    foreign_only = CurriculumPageFactory(parent=home, title="他町だけのカリキュラム")
    _course(foreign_only, "他町だけの講座", aoba)
    for target in (
        {"curriculum": live},
        {"course": own},
        {"curriculum": withdrawn},
        {"course": below},
        {"curriculum": foreign_only},
    ):
        TrainingAssignment.objects.create(organisation=organisation, due_date=PAST_DUE, **target)
    return {"live": live, "shared": shared, "own": own, "withdrawn": withdrawn, "below": below}


@pytest.fixture
def learners(organisation, units, trainings):
    """'done' completes the shared and own courses, 'partial' the shared one, 'idle' only the course
    of the curriculum that is withdrawn afterwards."""
    people = {}
    for number, name in enumerate(("done", "partial", "idle"), start=1):
        people[name] = StaffProfileFactory(
            organisation=organisation,
            department=units["窓口係"],
            employee_number=f"10000{number}",
            user=UserFactory(username=f"agreement-{name}", roles=(Role.LEARNER,)),
        ).user
    _complete(people["done"], trainings["shared"])
    _complete(people["done"], trainings["own"])
    _complete(people["partial"], trainings["shared"])
    _complete(people["idle"], trainings["below"])
    trainings["withdrawn"].unpublish()
    return people


def test_overdue_and_completion_agree_with_each_learners_required_training(
    hr, organisation, trainings, learners
):
    """Does HR's overdue list name exactly the (person, training) pairs the learners' own required
    training shows as not complete, and do the completion figures count exactly the pairs the learners
    have — leaving out training whose curriculum is withdrawn and another municipality's courses?"""
    staff = StaffProfile.objects.filter(organisation=organisation, is_active=True)
    by_learner = {
        (profile.employee_number, row.title): row.is_complete
        for profile in staff.select_related("user")
        for row in required_training_for(profile.user)
    }
    total, rows = progress_source.overdue(hr.user, TODAY)
    assert total == len(rows)
    assert {(row.employee_number, row.training) for row in rows} == {
        pair for pair, complete in by_learner.items() if not complete
    }
    by_department = progress_source.required_completion_by_department(hr.user, PAST_DUE, TODAY)
    assert sum(row.assigned for row in by_department) == len(by_learner)
    assert sum(row.completed for row in by_department) == sum(by_learner.values())

    # What the learners see, so that agreeing on nothing cannot pass: two trainings each (the live
    # curriculum without the other municipality's course, and the own course), 'done' has both.
    live, own = trainings["live"].title, trainings["own"].title
    assert {title for _number, title in by_learner} == {live, own}
    assert len(by_learner) == 2 * staff.count() == 8
    assert {pair for pair, complete in by_learner.items() if complete} == {
        ("100001", live),
        ("100001", own),
    }
    assert total == 6


def test_completion_agrees_with_hrs_figures_in_progress(hr, organisation, trainings, learners):
    """Person by person, is an assignment complete in the HR reports exactly when
    ``assignment_completion`` (HR's per-assignment figures in progress) says so?"""
    overdue_pairs = {
        (row.employee_number, row.training) for row in progress_source.overdue(hr.user, TODAY)[1]
    }
    numbers = dict(StaffProfile.objects.values_list("pk", "employee_number"))
    open_titles = {row.title for row in required_training_for(learners["done"])}
    assert {title for _number, title in overdue_pairs} == open_titles
    checked = 0
    for assignment in TrainingAssignment.objects.filter(organisation=organisation):
        if assignment.target_title not in open_titles:
            continue  # nothing anyone can open: left out on both sides
        for profile_id, completed_at in assignment_completion(assignment).items():
            pair = (numbers[profile_id], assignment.target_title)
            assert (pair in overdue_pairs) is (completed_at is None)
            checked += 1
    assert checked == 8


def test_funnel_counts_the_courses_learners_can_open(hr, organisation, trainings, learners):
    """Does a target's funnel through a curriculum count completion over the courses the
    municipality's staff can open (not another municipality's), agreeing with the learners' own
    required training, and does a withdrawn curriculum count nobody, though a course of it was
    completed before it was withdrawn?"""
    people = StaffProfile.objects.filter(organisation=organisation)
    funnel = progress_source.funnel(trainings["live"], people, set(), hr.user)
    complete = [
        user
        for user in learners.values()
        if any(
            row.is_complete
            for row in required_training_for(user)
            if row.title == trainings["live"].title
        )
    ]
    assert (funnel.population, funnel.enrolled, funnel.completed) == (4, 2, len(complete))
    assert complete == [learners["done"]]
    withdrawn = progress_source.funnel(trainings["withdrawn"], people, set(), hr.user)
    assert (withdrawn.population, withdrawn.enrolled, withdrawn.completed) == (4, 0, 0)
