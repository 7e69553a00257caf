"""factory_boy factories for the foundation's models (each feature keeps its own next to its tests)."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from lms.organisations.codes import with_check_digit
from lms.organisations.models import Department, DepartmentKind, Organisation
from lms.people.models import StaffProfile
from lms.people.roles import role_group
from lms.people.tiers import Tier

PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"テスト市{n}")
    prefecture = "13"
    # Five digits whatever the sequence has reached (a long session creates more than a thousand).
    local_government_code = factory.Sequence(lambda n: with_check_digit(f"13{n % 1000:03d}"))
    slug = factory.Sequence(lambda n: f"test-city-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"第{n}課")
    kind = DepartmentKind.KA
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: tuple[str, ...] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(*(role_group(role) for role in extracted))
        if create:
            self.save()


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    employee_number = factory.Sequence(lambda n: f"{n:06d}")
    family_name = "山田"
    given_name = factory.Sequence(lambda n: f"太郎{n}")
    family_name_kana = "ヤマダ"
    given_name_kana = "タロウ"
    tier = Tier.ALL_STAFF
