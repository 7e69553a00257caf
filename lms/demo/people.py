"""Two fictional municipalities, their departments, ~300 staff each, and the documented demo logins."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from lms.organisations.codes import with_check_digit
from lms.organisations.models import Department, DepartmentKind, Organisation
from lms.people.models import DepartmentAssignment, StaffProfile
from lms.people.roles import Role, role_group
from lms.people.tiers import Tier

from . import DEMO_PASSWORD
from .names import FAMILY_NAMES, GIVEN_NAMES

STAFF_PER_ORGANISATION = 300

# (slug, name, kana, prefecture, first five digits of the code, departments {部 or 課: {課 or 係: [係]}})
SAKURA_DEPARTMENTS = {
    "総務部": {"総務課": ["総務係", "文書係"], "人事課": ["人事係", "研修係"], "情報政策課": ["DX推進係", "システム係"]},
    "企画財政部": {"企画課": ["企画係", "統計係"], "財政課": ["財政係"]},
    "市民部": {"市民課": ["窓口係", "戸籍係"], "税務課": ["市民税係", "資産税係"]},
    "福祉部": {"福祉課": ["障害福祉係", "生活支援係"], "高齢介護課": ["介護保険係"]},
    "都市整備部": {"都市計画課": ["計画係"], "道路課": ["維持係"]},
    "教育部": {"学校教育課": ["学務係"]},
}  # fmt: skip
AOBA_DEPARTMENTS = {
    # A town without 部: 課 at the top.
    None: {"総務課": ["総務係", "人事係", "研修係"], "企画課": ["企画係", "DX推進係"], "住民課": ["窓口係", "住民係", "税務係"],
           "健康福祉課": ["福祉係", "健康係"], "建設課": ["土木係"], "教育課": ["学校教育係"]},
}  # fmt: skip


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kana: str
    prefecture: str
    code_prefix: str
    departments: dict
    login_prefix: str


DEMO_ORGANISATIONS = [
    DemoOrganisation("sakura", "さくら市", "サクラシ", "14", "14999", SAKURA_DEPARTMENTS, "sakura"),
    DemoOrganisation("aoba", "あおば町", "アオバチョウ", "04", "04998", AOBA_DEPARTMENTS, "aoba"),
]

# (login suffix, employee number, family, given, kana family, kana given, tier, position, roles, department)
DEMO_ACCOUNTS = [
    ("learner", "000001", "山田", "花子", "ヤマダ", "ハナコ", Tier.ALL_STAFF, "主事", (Role.LEARNER,), "窓口係"),
    ("manager", "000002", "佐藤", "誠", "サトウ", "マコト", Tier.MANAGERS, "課長", (Role.LEARNER,), "企画係"),
    ("practitioner", "000003", "鈴木", "翔太", "スズキ", "ショウタ", Tier.PRACTITIONERS, "主任",
     (Role.LEARNER,), "DX推進係"),
    ("trainer", "000004", "高橋", "美咲", "タカハシ", "ミサキ", Tier.PRACTITIONERS, "主査",
     (Role.LEARNER, Role.TRAINER), "研修係"),
    ("lead", "000005", "田中", "直樹", "タナカ", "ナオキ", Tier.MANAGERS, "係長",
     (Role.LEARNER, Role.TRAINER, Role.LEAD_TRAINER), "研修係"),
    ("hr", "000006", "伊藤", "陽子", "イトウ", "ヨウコ", Tier.MANAGERS, "課長補佐", (Role.LEARNER, Role.HR), "人事係"),
    ("admin", "000007", "渡辺", "隆", "ワタナベ", "タカシ", Tier.MANAGERS, "課長",
     (Role.LEARNER, Role.ORG_ADMIN, Role.HR), "総務係"),
]  # fmt: skip
PLATFORM_ADMIN_USERNAME = "platform-admin"
PLATFORM_TRAINER_USERNAME = "platform-trainer"

POSITIONS_BY_TIER = {
    Tier.ALL_STAFF: ["主事", "主事", "主事", "主任", "技師", "主査"],
    Tier.MANAGERS: ["係長", "係長", "課長補佐", "課長", "部長"],
    Tier.PRACTITIONERS: ["主事", "主任", "主査", "技師", "係長"],
}


def demo_logins() -> list[tuple[str, str]]:
    """(login, description) pairs, printed by ``make run`` and listed in README."""
    rows = [
        (PLATFORM_ADMIN_USERNAME, "platform admin"),
        (PLATFORM_TRAINER_USERNAME, "platform trainer"),
    ]
    for org in DEMO_ORGANISATIONS:
        for suffix, *_rest in DEMO_ACCOUNTS:
            rows.append((f"{org.login_prefix}-{suffix}", f"{org.name} {suffix}"))
    return rows


def load(out) -> None:
    for spec in DEMO_ORGANISATIONS:
        with transaction.atomic():
            organisation = _organisation(spec)
            units = _departments(organisation, spec.departments)
            created = _accounts(organisation, spec, units) + _roster(organisation, spec, units)
        out.write(f"  {organisation.name}: {len(units)} units, {created} staff created")
    with transaction.atomic():
        _platform_accounts()


def _organisation(spec: DemoOrganisation) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "name_kana": spec.kana,
            "prefecture": spec.prefecture,
            "local_government_code": with_check_digit(spec.code_prefix),
        },
    )
    return organisation


def _departments(organisation: Organisation, tree: dict) -> dict[str, Department]:
    """Creates the tree if missing; returns the 係 (smallest units) by name."""
    units: dict[str, Department] = {}
    for top_name, sections in tree.items():
        top = None
        if top_name is not None:
            top = _department(organisation, None, top_name, DepartmentKind.BU)
        for section_name, unit_names in sections.items():
            section = _department(organisation, top, section_name, DepartmentKind.KA)
            for unit_name in unit_names:
                units[unit_name] = _department(
                    organisation, section, unit_name, DepartmentKind.KAKARI
                )
    return units


def _department(organisation, parent, name, kind) -> Department:
    department = Department.objects.filter(
        organisation=organisation, parent=parent, name=name
    ).first()
    if department is None:
        department = Department(organisation=organisation, parent=parent, name=name, kind=kind)
        department.full_clean()
        department.save()
    return department


def _accounts(
    organisation: Organisation, spec: DemoOrganisation, units: dict[str, Department]
) -> int:
    from lms.people.services import create_staff

    created = 0
    for suffix, number, family, given, kana_f, kana_g, tier, position, roles, unit in DEMO_ACCOUNTS:
        username = f"{spec.login_prefix}-{suffix}"
        if StaffProfile.objects.filter(organisation=organisation, employee_number=number).exists():
            continue
        create_staff(
            organisation=organisation,
            employee_number=number,
            family_name=family,
            given_name=given,
            family_name_kana=kana_f,
            given_name_kana=kana_g,
            username=username,
            email=f"{username}@example.jp",
            department=units[unit],
            roles=tuple(roles),
            password=DEMO_PASSWORD,
            tier=tier,
            position=position,
        )
        created += 1
    return created


def _roster(
    organisation: Organisation, spec: DemoOrganisation, units: dict[str, Department]
) -> int:
    """The rest of the staff, generated deterministically; bulk-created for speed."""
    rng = random.Random(spec.slug)  # noqa: S311 (demo data, not security)
    planned = []
    for index in range(len(DEMO_ACCOUNTS) + 1, STAFF_PER_ORGANISATION + 1):
        tier = rng.choices(
            [Tier.ALL_STAFF, Tier.MANAGERS, Tier.PRACTITIONERS], weights=[75, 15, 10], k=1
        )[0]
        family, family_kana = rng.choice(FAMILY_NAMES)
        given, given_kana = rng.choice(GIVEN_NAMES)
        unit = rng.choice(list(units.values()))
        planned.append((f"{index:06d}", family, given, family_kana, given_kana, tier, unit, rng))
    existing = set(
        StaffProfile.objects.filter(organisation=organisation).values_list(
            "employee_number", flat=True
        )
    )
    missing = [row for row in planned if row[0] not in existing]
    if not missing:
        return 0
    user_model = get_user_model()
    unusable = make_password(None)
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=f"{spec.login_prefix}-{number}",
                email=f"{spec.login_prefix}-{number}@example.jp",
                first_name=given,
                last_name=family,
                password=unusable,
            )
            for number, family, given, *_ in missing
        ]
    )
    users = {
        u.username: u for u in user_model.objects.filter(username__in=[u.username for u in users])
    }
    learner = role_group(Role.LEARNER)
    learner.user_set.add(*users.values())
    profiles = StaffProfile.objects.bulk_create(
        [
            StaffProfile(
                user=users[f"{spec.login_prefix}-{number}"],
                organisation=organisation,
                department=unit,
                employee_number=number,
                family_name=family,
                given_name=given,
                family_name_kana=kana_f,
                given_name_kana=kana_g,
                tier=tier,
                position=row_rng.choice(POSITIONS_BY_TIER[tier]),
            )
            for number, family, given, kana_f, kana_g, tier, unit, row_rng in missing
        ]
    )
    start = timezone.localdate().replace(month=4, day=1)
    if start > timezone.localdate():
        start = start.replace(year=start.year - 1)
    profiles = StaffProfile.objects.filter(
        organisation=organisation, employee_number__in=[row[0] for row in missing]
    )
    DepartmentAssignment.objects.bulk_create(
        [
            DepartmentAssignment(
                staff=p, department_id=p.department_id, position=p.position, start_date=start
            )
            for p in profiles
        ]
    )
    return len(missing)


def _platform_accounts() -> None:
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username=PLATFORM_ADMIN_USERNAME,
        defaults={"email": "platform-admin@example.jp", "is_staff": True, "is_superuser": True,
                  "first_name": "管理者", "last_name": "プラットフォーム"},
    )  # fmt: skip
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    admin.groups.add(role_group(Role.PLATFORM_ADMIN))
    trainer, created = user_model.objects.get_or_create(
        username=PLATFORM_TRAINER_USERNAME,
        defaults={
            "email": "platform-trainer@example.jp",
            "first_name": "共通教材",
            "last_name": "講師",
        },
    )
    if created:
        trainer.set_password(DEMO_PASSWORD)
        trainer.save()
    trainer.groups.add(role_group(Role.TRAINER), role_group(Role.LEAD_TRAINER))
