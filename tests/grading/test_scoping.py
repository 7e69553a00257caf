"""Grading's scoping of exercises (``grading.scoping``): platform admins are one rule, ``has_role(user,
Role.PLATFORM_ADMIN)``, superusers included."""

from __future__ import annotations

import pytest

from grading.scoping import can_edit, exercises_for, is_trainer
from lms.people.roles import Role
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory

from .factories import ExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["superuser", "platform_admin_group"])
def test_platform_admins_see_and_edit_every_exercise(kind):
    """Does a platform_admin group member who is not a superuser see and edit every municipality's
    exercises as a superuser does, where a municipal trainer sees the shared ones and their own and
    edits only their own?"""
    sakura, aoba = OrganisationFactory(), OrganisationFactory()
    shared = ExerciseFactory(title="共有")
    own = ExerciseFactory(title="さくら", organisation=sakura)
    foreign = ExerciseFactory(title="あおば", organisation=aoba)
    if kind == "superuser":
        admin = UserFactory(is_superuser=True, is_staff=True)
    else:
        admin = UserFactory(roles=(Role.PLATFORM_ADMIN,))
        assert not admin.is_superuser
    trainer = StaffProfileFactory(organisation=sakura, user=UserFactory(roles=(Role.TRAINER,))).user

    assert is_trainer(admin)
    assert set(exercises_for(admin)) == {shared, own, foreign}
    assert all(can_edit(admin, exercise) for exercise in (shared, own, foreign))
    assert set(exercises_for(trainer)) == {shared, own}
    assert [e for e in (shared, own, foreign) if can_edit(trainer, e)] == [own]
