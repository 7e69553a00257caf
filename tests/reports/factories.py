"""factory_boy factories and builders for HR reports: targets and a small department tree."""

from __future__ import annotations

import datetime as dt

import factory

from lms.organisations.models import Department, DepartmentKind
from lms.reports.models import Target, TargetScope
from tests.factories import OrganisationFactory


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"目標{n}")
    scope = TargetScope.ORGANISATION
    target_count = 10
    start_date = dt.date(2025, 4, 1)
    deadline = dt.date(2028, 3, 31)

    @factory.post_generation
    def certifications(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.certifications.set(extracted)


def department_tree(organisation) -> dict[str, Department]:
    """総務部/人事課/人事係, 総務部/情報政策課/DX推進係 and 市民部/市民課/窓口係, by unit name."""
    units = {}
    for bu, ka, kakari in [
        ("総務部", "人事課", "人事係"),
        ("総務部", "情報政策課", "DX推進係"),
        ("市民部", "市民課", "窓口係"),
    ]:
        top, _ = Department.objects.get_or_create(
            organisation=organisation, parent=None, name=bu, defaults={"kind": DepartmentKind.BU}
        )
        section, _ = Department.objects.get_or_create(
            organisation=organisation, parent=top, name=ka, defaults={"kind": DepartmentKind.KA}
        )
        units[kakari], _ = Department.objects.get_or_create(
            organisation=organisation,
            parent=section,
            name=kakari,
            defaults={"kind": DepartmentKind.KAKARI},
        )
    return units
