import pytest

from lms.people.roles import Role
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory

from .factories import department_tree


@pytest.fixture
def organisation():
    return OrganisationFactory(slug="sakura-test", name="さくらテスト市")


@pytest.fixture
def units(organisation):
    return department_tree(organisation)


@pytest.fixture
def hr(organisation, units):
    return StaffProfileFactory(
        organisation=organisation,
        department=units["人事係"],
        employee_number="900001",
        user=UserFactory(username="hr-user", roles=(Role.LEARNER, Role.HR)),
    )


@pytest.fixture
def other_hr():
    """HR of another municipality."""
    return StaffProfileFactory(
        organisation=OrganisationFactory(slug="aoba-test", name="あおばテスト町"),
        user=UserFactory(username="other-hr", roles=(Role.LEARNER, Role.HR)),
    )


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr.user)
    return client
