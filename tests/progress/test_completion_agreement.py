"""The set-based form of 'is this assigned training complete' (``queries.users_who_completed``, what HR
reports count over thousands of people) against the one rule (``completion.assignment_completed_at``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lms.progress.completion import assignment_completed_at
from lms.progress.models import Enrolment
from lms.progress.queries import users_who_completed
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EARLIER = dt.datetime(2025, 4, 1, 9, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)


def test_the_query_and_the_rule_agree_person_by_person(home):
    """For training covering two courses, and for training covering none, does the query name exactly
    the learners the rule calls complete: not someone with one course done and the other only enrolled,
    not someone whose extra completed course stands in for a missing one, not someone never enrolled?"""
    curriculum = CurriculumPageFactory(parent=home)
    first, second, elsewhere = (CoursePageFactory(parent=curriculum) for _ in range(3))
    # Per learner: {course: completed at (None = enrolled, not complete)}.
    cases = {
        "both done": {first: EARLIER, second: LATER},
        "both done, and another": {first: EARLIER, second: LATER, elsewhere: LATER},
        "one done, one enrolled": {first: EARLIER, second: None},
        "one done, another instead": {first: EARLIER, elsewhere: LATER},
        "only enrolled": {first: None, second: None},
        "never enrolled": {},
    }
    users = {}
    for name, enrolments in cases.items():
        users[name] = user = UserFactory()
        for course, completed_at in enrolments.items():
            Enrolment.objects.create(
                user=user,
                course=course,
                enrolled_at=timezone.now(),
                last_activity_at=timezone.now(),
                completed_at=completed_at,
            )
    for covered in ([first.pk, second.pk], [first.pk], []):
        by_rule = {
            name
            for name, enrolments in cases.items()
            if assignment_completed_at(
                covered, {c.pk: at for c, at in enrolments.items() if at is not None}
            )
            is not None
        }
        by_query = set(
            users_who_completed(Enrolment.objects.all(), covered).values_list("user_id", flat=True)
        )
        assert by_query == {users[name].pk for name in by_rule}
    # The rule's answers themselves, so that agreeing on nothing cannot pass.
    both = users_who_completed(Enrolment.objects.all(), [first.pk, second.pk])
    assert set(both.values_list("user_id", flat=True)) == {
        users["both done"].pk,
        users["both done, and another"].pk,
    }
    assert not users_who_completed(Enrolment.objects.all(), []).exists()
