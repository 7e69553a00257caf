"""Who must take an assigned training: one rule, checked in both directions."""

from __future__ import annotations

import itertools

import pytest

from lms.organisations.models import DepartmentKind
from lms.people.tiers import Tier
from lms.progress.models import TrainingAssignment
from lms.progress.scope import assignments_for, staff_in_scope
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory
from tests.factories import DepartmentFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home, sakura, aoba):
    """Sakura with 総務部 > 人事課 > 研修係 and 市民部; staff in each, of every tier; one in aoba."""
    bu = DepartmentFactory(organisation=sakura, name="総務部", kind=DepartmentKind.BU)
    ka = DepartmentFactory(organisation=sakura, name="人事課", kind=DepartmentKind.KA, parent=bu)
    kakari = DepartmentFactory(
        organisation=sakura, name="研修係", kind=DepartmentKind.KAKARI, parent=ka
    )
    other_bu = DepartmentFactory(organisation=sakura, name="市民部", kind=DepartmentKind.BU)
    staff = [
        StaffProfileFactory(organisation=sakura, department=department, tier=tier)
        for department, tier in itertools.product([bu, ka, kakari, other_bu], Tier.values)
    ]
    staff.append(StaffProfileFactory(organisation=sakura, department=ka, is_active=False))
    staff.append(StaffProfileFactory(organisation=sakura, department=None))
    staff.append(StaffProfileFactory(organisation=aoba))
    course = CoursePageFactory(parent=CurriculumPageFactory(parent=home))
    return {"sakura": sakura, "aoba": aoba, "departments": [bu, ka, kakari, other_bu],
            "staff": staff, "course": course}  # fmt: skip


def _assignment(world, **fields):
    return TrainingAssignment.objects.create(
        organisation=world["sakura"], course=world["course"], due_date="2030-01-01", **fields
    )


def test_whole_organisation(world):
    assignment = _assignment(world)
    in_scope = set(staff_in_scope(assignment))
    assert len(in_scope) == 4 * 3 + 1  # every active sakura member, with or without department
    assert all(p.organisation == world["sakura"] and p.is_active for p in in_scope)


def test_department_includes_the_ones_below_it(world):
    _bu, ka, kakari, _other_bu = world["departments"]
    in_scope = set(staff_in_scope(_assignment(world, department=ka)))
    assert {p.department for p in in_scope} == {ka, kakari}
    assert len(in_scope) == 2 * 3


def test_tier_and_department_together(world):
    bu, *_rest = world["departments"]
    in_scope = set(staff_in_scope(_assignment(world, department=bu, tier=Tier.MANAGERS)))
    assert len(in_scope) == 3  # 総務部, 人事課, 研修係: one manager each
    assert {p.tier for p in in_scope} == {Tier.MANAGERS}


def test_both_directions_agree(world):
    """For every assignment shape and every member of staff: in staff_in_scope ⇔ in assignments_for."""
    assignments = [_assignment(world)]
    for department in [None, *world["departments"]]:
        for tier in ["", *Tier.values]:
            assignments.append(_assignment(world, department=department, tier=tier))
    for profile in world["staff"]:
        mine = set(assignments_for(profile))
        for assignment in assignments:
            in_scope = staff_in_scope(assignment).filter(pk=profile.pk).exists()
            assert in_scope == (assignment in mine), (
                profile,
                assignment.department,
                assignment.tier,
            )


def test_another_municipality_is_never_in_scope(world):
    aoba_member = world["staff"][-1]
    assert not assignments_for(aoba_member).exists()
    assert aoba_member not in staff_in_scope(_assignment(world))
