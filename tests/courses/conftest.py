from __future__ import annotations

import pytest

from courses.setup import ensure_learning_site
from lms.people.roles import sync_roles
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory


@pytest.fixture
def home(db):
    sync_roles()
    return ensure_learning_site()


@pytest.fixture
def sakura(db):
    return OrganisationFactory(name="さくら市テスト", slug="sakura-test")


@pytest.fixture
def aoba(db):
    return OrganisationFactory(name="あおば町テスト", slug="aoba-test")


def make_staff(organisation, *roles, **fields):
    roles = roles or ("learner",)
    user = UserFactory(roles=roles)
    StaffProfileFactory(user=user, organisation=organisation, **fields)
    return user


@pytest.fixture
def staff_factory():
    return make_staff
