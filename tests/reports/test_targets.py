"""Target figures from the database: holders, burn-up, breakdowns, drill-down, funnel, overview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.certification.models import Certification, HoldingState
from lms.people.models import StaffProfile
from lms.people.tiers import Tier
from lms.progress import services
from lms.progress.assignments import assign_training
from lms.reports import overview, targets
from lms.reports.fiscal import fiscal_year
from lms.reports.forecast import TargetStatus, holder_counts
from lms.reports.models import TargetScope
from tests.certification.factories import HoldingFactory
from tests.courses.factories import CoursePageFactory, CurriculumPageFactory, LessonPageFactory
from tests.factories import StaffProfileFactory

from .factories import TargetFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def az305():
    return Certification.objects.get(code="AZ-305")


@pytest.fixture
def staff(organisation, units):
    """Ten people: 6 in 総務部 (4 practitioners), 4 in 市民部."""
    people = []
    for index in range(10):
        unit = units["DX推進係"] if index < 4 else units["人事係"] if index < 6 else units["窓口係"]
        tier = Tier.PRACTITIONERS if index < 4 else Tier.ALL_STAFF
        people.append(
            StaffProfileFactory(organisation=organisation, department=unit, tier=tier,
                                employee_number=f"2000{index:02d}")
        )  # fmt: skip
    return people


def _people(organisation):
    return StaffProfile.objects.filter(organisation=organisation)


def test_report_counts_burnup_and_breakdowns(organisation, staff, az305, hr) -> None:
    """Do the figures follow the holdings: monthly burn-up, expiry drops, breakdown by division and tier?"""
    held = [
        (staff[0], dt.date(2025, 5, 10)),  # expires 2026-05-10: left the count in May 2026
        (staff[1], dt.date(2025, 9, 1)),
        (staff[2], dt.date(2026, 4, 20)),
        (staff[6], dt.date(2026, 5, 2)),
    ]
    for person, issued in held:
        HoldingFactory(staff=person, certification=az305, issued_on=issued)
    HoldingFactory(staff=staff[3], certification=az305, issued_on=dt.date(2026, 1, 1),
                   state=HoldingState.PENDING)  # fmt: skip
    target = TargetFactory(organisation=organisation, certifications=[az305], target_count=8,
                           start_date=dt.date(2025, 4, 1), deadline=dt.date(2027, 3, 31))  # fmt: skip
    report = targets.report(target, _people(organisation), TODAY, hr.user)
    assert report.forecast.current == 3
    burnup = dict(report.burnup)
    assert burnup[dt.date(2025, 4, 30)] == 0
    assert burnup[dt.date(2025, 5, 31)] == 1
    assert burnup[dt.date(2025, 9, 30)] == 2
    assert burnup[dt.date(2026, 4, 30)] == 3
    assert burnup[dt.date(2026, 5, 31)] == 3  # staff[0] left on 10 May, staff[6] joined on 2 May
    assert list(burnup)[-1] == TODAY
    # 90 days before 15 June 2026 (17 March): 2 holders; now 3 → 1/90 a day; 5 missing → 450 days.
    assert report.forecast.date == TODAY + dt.timedelta(days=450)
    assert report.status == TargetStatus.BEHIND
    departments = {row.key: (row.holders, row.population) for row in report.by_department}
    assert departments == {"総務部": (2, 7), "市民部": (1, 4)}  # HR (人事係) is staff too
    tiers = {row.key: (row.holders, row.population) for row in report.by_tier}
    assert tiers["practitioners"] == (2, 4)
    assert report.population == 11


def test_scope_by_department_and_tier(organisation, staff, az305, units, hr) -> None:
    """Does a department target count only its subtree, and a tier target only that tier?"""
    for person in staff[:3] + staff[6:8]:
        HoldingFactory(staff=person, certification=az305, issued_on=dt.date(2026, 1, 5))
    by_department = TargetFactory(organisation=organisation, certifications=[az305],
                                  scope=TargetScope.DEPARTMENT, department=units["窓口係"].parent)  # fmt: skip
    by_tier = TargetFactory(organisation=organisation, certifications=[az305],
                            scope=TargetScope.TIER, tier=Tier.PRACTITIONERS)  # fmt: skip
    people = _people(organisation)
    assert targets.summary(by_department, people, TODAY).forecast.current == 2
    assert targets.summary(by_tier, people, TODAY).forecast.current == 3
    drill = targets.drill_down(by_tier, people, TODAY, holder="no")
    assert [p.employee_number for p in drill] == [staff[3].employee_number]
    everyone = {
        p.employee_number: (p.holds, p.valid_until)
        for p in targets.drill_down(by_tier, people, TODAY)
    }
    assert everyone[staff[0].employee_number] == (True, dt.date(2027, 1, 5))
    grouped = targets.drill_down(by_department, people, TODAY, group="市民部/市民課")
    assert len(grouped) == 4


def test_deactivated_staff_leave_the_count(organisation, staff, az305, hr) -> None:
    """Does a person who left (deactivated by the roster) stop counting?"""
    HoldingFactory(staff=staff[0], certification=az305, issued_on=dt.date(2026, 1, 5))
    target = TargetFactory(organisation=organisation, certifications=[az305])
    assert targets.summary(target, _people(organisation), TODAY).forecast.current == 1
    StaffProfile.objects.filter(pk=staff[0].pk).update(is_active=False)
    assert targets.summary(target, _people(organisation), TODAY).forecast.current == 0


def test_funnel_from_enrolment_to_certification(organisation, staff, az305, hr) -> None:
    """Enrolled in the preparing curriculum → completed it → certified: are the three steps counted?"""
    curriculum = CurriculumPageFactory()
    course = CoursePageFactory(parent=curriculum)
    lesson = LessonPageFactory(parent=course)
    for person in staff[:4]:
        services.enrol(person.user, course)
    for person in staff[:2]:
        services.mark_lesson_done(person.user, lesson, course)
    HoldingFactory(staff=staff[0], certification=az305, issued_on=dt.date(2026, 1, 5))
    HoldingFactory(staff=staff[5], certification=az305, issued_on=dt.date(2026, 1, 5))
    target = TargetFactory(
        organisation=organisation, certifications=[az305], preparing_page=curriculum
    )
    funnel = targets.report(target, _people(organisation), TODAY, hr.user).funnel
    assert (funnel.population, funnel.enrolled, funnel.completed, funnel.certified) == (11, 4, 2, 1)


def test_overview_required_training_overdue_and_expiring(organisation, staff, units, hr) -> None:
    """Does the overview count people per tier, required training by division, overdue, and expiries?"""
    course = CoursePageFactory(parent=CurriculumPageFactory())
    lesson = LessonPageFactory(parent=course)
    today = timezone.localdate()
    assignment = assign_training(actor=hr.user, organisation=organisation, course=course,
                                 due_date=today, department=units["窓口係"].parent.parent)  # fmt: skip
    services.mark_lesson_done(staff[6].user, lesson, course)
    az104 = Certification.objects.get(code="AZ-104")
    soon = HoldingFactory(staff=staff[1], certification=az104,
                          issued_on=today - dt.timedelta(days=300))  # fmt: skip
    HoldingFactory(staff=staff[2], certification=az104, issued_on=today - dt.timedelta(days=200))
    data = overview.build(hr.user, today, fiscal_year(today))
    tiers = {row.tier: row.people for row in data.tiers}
    assert tiers == {"all_staff": 7, "managers": 0, "practitioners": 4}
    assert [(r.department, r.assigned, r.completed) for r in data.required_by_department] == [
        ("市民部", 4, 1)
    ]
    assert data.overdue == (0, [])
    tomorrow = today + dt.timedelta(days=1)
    total, rows = overview.build(hr.user, tomorrow, fiscal_year(tomorrow)).overdue
    assert total == 3
    assert {row.employee_number for row in rows} == {p.employee_number for p in staff[7:10]}
    assert rows[0].training == assignment.target_title
    assert data.expiring_count == 1
    assert data.expiring[0] == soon


def test_pages_render_with_charts_and_tables(hr_client, organisation, staff, az305) -> None:
    """Do the overview and target pages show an accessible SVG chart with a table beside it?"""
    HoldingFactory(staff=staff[0], certification=az305, issued_on=dt.date(2026, 1, 5))
    target = TargetFactory(organisation=organisation, certifications=[az305], name="AZ-305 100名")
    page = hr_client.get(reverse("reports:overview", args=[organisation.slug])).content.decode()
    assert "AZ-305 100名" in page
    assert "<svg" in page
    assert 'role="img"' in page
    detail = hr_client.get(reverse("reports:target", args=[organisation.slug, target.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200
    assert f'aria-labelledby="burnup-{target.pk}-title burnup-{target.pk}-desc"' in body
    assert "<title id=" in body
    assert "<desc id=" in body
    assert "<polyline" in body
    assert "<table" in body
    people = hr_client.get(reverse("reports:target_people", args=[organisation.slug, target.pk]))
    assert staff[0].employee_number in people.content.decode()


def test_hr_creates_a_target_with_the_form(hr_client, organisation, az305, units) -> None:
    """Does the form create a department target, and refuse one without a department or a past deadline?"""
    url = reverse("reports:target_create", args=[organisation.slug])
    form = hr_client.get(url)
    assert form.status_code == 200
    bad = hr_client.post(url, {"name": "x", "certifications": [az305.pk], "scope": "department",
                               "target_count": 5, "start_date": "2026-04-01", "deadline": "2026-03-01"})  # fmt: skip
    assert bad.status_code == 200
    assert bad.content.decode().count("field-error") >= 2
    ok = hr_client.post(url, {"name": "AZ-305 を保有する職員を100名", "certifications": [az305.pk],
                              "scope": "department", "department": units["DX推進係"].pk,
                              "target_count": 100, "start_date": "2026-04-01", "deadline": "2028-03-31"})  # fmt: skip
    assert ok.status_code == 302
    target = organisation.targets.get()
    assert (target.scope, target.department, target.target_count) == (
        "department",
        units["DX推進係"],
        100,
    )


def test_a_renewed_holding_is_not_listed_as_expiring(organisation, staff, hr) -> None:
    """Once a renewal with a later expiry is verified, does the old holding leave the expiring list?"""
    today = timezone.localdate()
    az104 = Certification.objects.get(code="AZ-104")
    old = HoldingFactory(
        staff=staff[1], certification=az104, issued_on=today - dt.timedelta(days=300)
    )
    assert overview.build(hr.user, today, fiscal_year(today)).expiring == [old]
    renewal = HoldingFactory(staff=staff[1], certification=az104, issued_on=today,
                             state=HoldingState.PENDING)  # fmt: skip
    assert overview.build(hr.user, today, fiscal_year(today)).expiring == [old]
    renewal.state = HoldingState.VERIFIED
    renewal.save()
    data = overview.build(hr.user, today, fiscal_year(today))
    assert (data.expiring_count, data.expiring) == (0, [])


def test_a_target_planned_ahead_has_no_burnup_before_its_start(
    hr_client, organisation, staff, az305
) -> None:
    """Does a target starting next year show no burn-up point before its start (and still render)?"""
    today = timezone.localdate()
    HoldingFactory(staff=staff[0], certification=az305, issued_on=today - dt.timedelta(days=30))
    target = TargetFactory(organisation=organisation, certifications=[az305], target_count=5,
                           start_date=today + dt.timedelta(days=60),
                           deadline=today + dt.timedelta(days=500))  # fmt: skip
    report = targets.report(target, _people(organisation), today, None)
    assert report.burnup == []
    assert report.forecast.current == 1
    page = hr_client.get(reverse("reports:target", args=[organisation.slug, target.pk]))
    assert page.status_code == 200
    assert "chart__forecast" not in page.content.decode()
    assert "バーンアップはその日から" in page.content.decode()


def test_overview_summaries_agree_with_the_burnup_arithmetic(organisation, staff, az305, units):
    """Do the overview's counts (one query for all targets) agree with the report's interval
    arithmetic (``forecast.holder_counts``) today and 90 days ago, for every kind of scope, with an
    expiry on the day itself, a renewal overlapping its predecessor, a pending declaration, someone
    who left and another municipality's holder?"""
    az900 = Certification.objects.get(code="AZ-900")
    earlier = TODAY - dt.timedelta(days=90)
    HoldingFactory(
        staff=staff[0], certification=az305, issued_on=dt.date(2025, 6, 15)
    )  # expires today
    HoldingFactory(staff=staff[1], certification=az305, issued_on=dt.date(2025, 9, 1))
    HoldingFactory(staff=staff[1], certification=az305, issued_on=dt.date(2026, 6, 1))  # renewal
    HoldingFactory(staff=staff[2], certification=az305, issued_on=earlier + dt.timedelta(days=1))
    HoldingFactory(staff=staff[3], certification=az305, issued_on=dt.date(2026, 1, 1),
                   state=HoldingState.PENDING)  # fmt: skip
    HoldingFactory(staff=staff[4], certification=az900, issued_on=dt.date(2024, 5, 1))
    HoldingFactory(staff=staff[5], certification=az900, issued_on=dt.date(2026, 5, 1))
    HoldingFactory(staff=staff[7], certification=az900, issued_on=earlier)
    HoldingFactory(staff=staff[8], certification=az900, issued_on=dt.date(2025, 1, 1))
    StaffProfile.objects.filter(pk=staff[8].pk).update(is_active=False)
    HoldingFactory(certification=az305, issued_on=dt.date(2026, 1, 1))  # another municipality
    kinds = [
        TargetFactory(organisation=organisation, certifications=[az305]),
        TargetFactory(
            organisation=organisation,
            certifications=[az305, az900],
            scope=TargetScope.TIER,
            tier=Tier.PRACTITIONERS,
        ),
        TargetFactory(
            organisation=organisation,
            certifications=[az900],
            scope=TargetScope.DEPARTMENT,
            department=units["窓口係"].parent.parent,
        ),
        TargetFactory(organisation=organisation, certifications=[az305, az900]),
    ]
    people = _people(organisation)
    together = targets.summaries(kinds, people, TODAY)
    figures = []
    for target, combined in zip(kinds, together, strict=True):
        current, before = holder_counts(targets.intervals(target, people), [TODAY, earlier])
        alone = targets.summary(target, people, TODAY)
        assert (combined.forecast, combined.status) == (alone.forecast, alone.status)
        assert (combined.forecast.current, alone.forecast.current) == (current, current)
        assert combined.forecast.rate_per_day == (current - before) / 90
        figures.append((current, before))
    # Today / 90 days ago: staff[0] left today, staff[2] and staff[5] joined since; staff[1] once.
    assert figures == [(2, 2), (2, 2), (1, 1), (5, 4)]


def test_people_without_a_department_have_their_own_drill_down(
    hr_client, organisation, staff, az305, hr
) -> None:
    """The department breakdown's "—" row (people the roster gives no department): does its link list
    just them? It linked to ``?group=`` — no filter — and so listed everyone."""
    mayor = StaffProfileFactory(
        organisation=organisation, department=None, employee_number="000001"
    )
    HoldingFactory(staff=mayor, certification=az305, issued_on=dt.date(2026, 1, 5))
    target = TargetFactory(organisation=organisation, certifications=[az305])
    report = targets.report(target, _people(organisation), TODAY, hr.user)
    rows = {row.label: (row.key, row.holders, row.population) for row in report.by_department}
    assert rows["—"] == ("", 1, 1)
    assert [p.employee_number for p in targets.drill_down(target, _people(organisation), TODAY,
                                                           group="—")] == ["000001"]  # fmt: skip
    detail = hr_client.get(reverse("reports:target", args=[organisation.slug, target.pk]))
    people_url = reverse("reports:target_people", args=[organisation.slug, target.pk])
    link = f'href="{people_url}?group=%E2%80%94"'
    assert link in detail.content.decode()
    listed = hr_client.get(people_url, {"group": "—"}).content.decode()
    assert "000001" in listed
    assert staff[0].employee_number not in listed
    csv = b"".join(
        hr_client.get(
            reverse("reports:target_people_export", args=[organisation.slug, target.pk, "csv"]),
            {"group": "—"},
        ).streaming_content
    ).decode("utf-8-sig")
    assert "000001" in csv
    assert staff[0].employee_number not in csv
