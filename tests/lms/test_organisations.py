import pytest
from django.core.exceptions import ValidationError

from lms.organisations.codes import check_digit, validate_local_government_code
from lms.organisations.models import Department, DepartmentKind, Organisation
from tests.factories import DepartmentFactory, OrganisationFactory


@pytest.mark.parametrize(
    ("code", "name"),
    [("131016", "千代田区"), ("011002", "札幌市"), ("010006", "北海道"), ("271004", "大阪市")],
)
def test_real_codes_pass_the_check_digit(code: str, name: str) -> None:
    """Do real local-government codes validate?"""
    validate_local_government_code(code)
    assert check_digit(code[:5]) == int(code[5])


@pytest.mark.parametrize(
    ("code", "reason"),
    [("13101", "format"), ("1310166", "format"), ("13101a", "format"), ("131017", "check_digit"),
     ("481004", "prefecture"), ("００１００２", "format")],
)  # fmt: skip
def test_bad_codes_are_refused_with_a_reason(code: str, reason: str) -> None:
    """Does each kind of wrong code get its own message?"""
    with pytest.raises(ValidationError) as caught:
        validate_local_government_code(code)
    assert caught.value.code == reason


@pytest.mark.django_db
def test_department_tree_rules_and_paths() -> None:
    """Are 部 / 課 / 係 placed only where they belong, and does a rename carry down the paths?"""
    organisation = OrganisationFactory()
    bu = DepartmentFactory(organisation=organisation, name="総務部", kind=DepartmentKind.BU)
    ka = DepartmentFactory(
        organisation=organisation, name="人事課", kind=DepartmentKind.KA, parent=bu
    )
    kakari = DepartmentFactory(
        organisation=organisation, name="研修係", kind=DepartmentKind.KAKARI, parent=ka
    )
    assert kakari.path == "総務部/人事課/研修係"

    orphan = Department(organisation=organisation, name="孤立係", kind=DepartmentKind.KAKARI)
    with pytest.raises(ValidationError):
        orphan.full_clean()
    misplaced = Department(
        organisation=organisation, name="企画部", kind=DepartmentKind.BU, parent=ka
    )
    with pytest.raises(ValidationError):
        misplaced.full_clean()
    other = OrganisationFactory()
    foreign = Department(organisation=other, name="人事係", kind=DepartmentKind.KAKARI, parent=ka)
    with pytest.raises(ValidationError):
        foreign.full_clean()

    bu.name = "総務局"
    bu.save()
    kakari.refresh_from_db()
    assert kakari.path == "総務局/人事課/研修係"
    assert set(bu.descendant_ids()) == {bu.pk, ka.pk, kakari.pk}


@pytest.mark.django_db
def test_organisation_code_must_match_its_prefecture() -> None:
    """Is a valid code refused when its first two digits name another prefecture than the one chosen,
    with the message on the code field, and accepted when they match?"""
    chiyoda = Organisation(
        name="千代田区", prefecture="27", local_government_code="131016", slug="chiyoda"
    )
    with pytest.raises(ValidationError) as caught:
        chiyoda.full_clean()
    assert list(caught.value.message_dict) == ["local_government_code"]
    assert "都道府県" in caught.value.message_dict["local_government_code"][0]
    chiyoda.prefecture = "13"
    chiyoda.full_clean()
