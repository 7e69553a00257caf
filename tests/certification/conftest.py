import pytest

from lms.people.roles import Role
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def hr(organisation):
    """An HR member of ``organisation`` (a StaffProfile)."""
    return StaffProfileFactory(
        organisation=organisation, user=UserFactory(roles=(Role.LEARNER, Role.HR))
    )


@pytest.fixture
def learner(organisation):
    return StaffProfileFactory(organisation=organisation, user=UserFactory(roles=(Role.LEARNER,)))
