"""HR dashboard at scale: 100 000 staff in 20 municipalities, 3 000 000 lesson-progress rows, 150 000
holdings, on PostgreSQL. Prints p50/p95 of the target dashboard and the overview (target p95 ≤ 200 ms)
and the time and peak memory of exporting all people of the largest municipality (≤ 10 s, flat).

Memory of an export, two ways (a small town's export beside it: flat means the same peak for both):
- peak RSS growth: the kernel's peak resident set (VmHWM) is reset just before the export (Linux's
  /proc/self/clear_refs) and read after it, less the RSS before. It includes what C code allocates
  (psycopg's result buffers, openpyxl's XML and zip writers), which tracemalloc does not see; it is a
  lower bound, since memory the build freed but the allocator kept may be reused without growing RSS.
- peak Python memory: tracemalloc over a second, untimed run (it slows the run and adds its own traces).

    .venv/bin/python bench/dashboard.py            # builds, measures, drops the database
    .venv/bin/python bench/dashboard.py --keep     # keeps ``manabi_bench`` for inspection
    .venv/bin/python bench/dashboard.py --reuse --keep  # measures the kept database again (no build;
                                                        # migrations not yet applied to it are run)

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth). The database ``manabi_bench`` is created
and dropped by this script; nothing else is touched. Data goes in with COPY.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import shutil
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "manabi_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"

ORGANISATIONS = 20
STAFF = 100_000
LARGEST_SHARE = 0.15  # one city with 15 000 staff, the rest shared by 19 towns
HOLDINGS = 150_000
LESSON_PROGRESS = 3_000_000
LESSONS_PER_COURSE = 5
REQUESTS = 100


def recreate_database(drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if not drop_only:
            connection.execute(f"CREATE DATABASE {DB_NAME}")


def database_exists() -> bool:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return connection.execute(query, (DB_NAME,)).fetchone() is not None


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    # The test settings: DEBUG off (no query log in memory), plain static files, a throwaway var/ folder.
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, locmem e-mail


def step(label: str):
    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            print(f"{label} …", end=" ", flush=True)

        def __exit__(self, *exc):
            print(f"{time.perf_counter() - self.start:.1f} s", flush=True)

    return Timer()


def copy_rows(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        # Table names are this script's constants, never input.
        reset = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
        cursor.execute(reset)


def build() -> dict:
    from django.core.management import call_command
    from django.db import connection

    with step("migrate"):
        call_command("migrate", verbosity=0)
    rng = random.Random(20260401)
    organisations, departments = build_organisations()
    lessons_by_course, curricula = build_courses()
    with step(f"{STAFF:,} users and staff (COPY)"):
        staff = build_staff(rng, organisations, departments)
    with step(f"{LESSON_PROGRESS:,} lesson-progress rows and their enrolments (COPY)"):
        build_progress(rng, staff, organisations, lessons_by_course)
    with step(f"{HOLDINGS:,} holdings (COPY)"):
        build_holdings(rng, staff)
    with step("targets, assignments and HR accounts"):
        hr_users = build_targets_and_hr(organisations, departments, curricula)
    # What a production database has after its first autovacuum: statistics and a visibility map
    # (index-only scans), and no autovacuum of the fresh 3 M rows running during the measurement.
    with step("VACUUM ANALYZE"), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"organisations": organisations, "hr": hr_users}


def build_organisations():
    from lms.organisations.codes import with_check_digit
    from lms.organisations.models import Department, DepartmentKind, Organisation

    organisations = []
    departments: dict[int, list[int]] = {}
    for index in range(ORGANISATIONS):
        organisation = Organisation.objects.create(
            name=f"ベンチ市{index:02d}",
            prefecture="13",
            local_government_code=with_check_digit(f"13{100 + index:03d}"),
            slug=f"bench-{index:02d}",
        )
        organisations.append(organisation)
        units = []
        for bu in ("総務部", "企画部", "市民部", "福祉部", "都市整備部", "教育部"):
            top = Department.objects.create(
                organisation=organisation, name=bu, kind=DepartmentKind.BU
            )
            for ka in ("第一課", "第二課", "第三課"):
                section = Department.objects.create(
                    organisation=organisation, parent=top, name=ka, kind=DepartmentKind.KA
                )
                for kakari in ("庶務係", "事業係"):
                    units.append(
                        Department.objects.create(
                            organisation=organisation, parent=section, name=kakari,
                            kind=DepartmentKind.KAKARI,
                        ).pk
                    )  # fmt: skip
        departments[organisation.pk] = units
    return organisations, departments


def build_courses():
    from courses.models import CoursePage, CurriculumPage, LessonPage
    from courses.setup import ensure_learning_site
    from lms.people.tiers import Tier

    home = ensure_learning_site()
    lessons_by_course: dict[int, list[int]] = {}
    curricula = {}
    for tier in Tier:
        curriculum = home.add_child(
            instance=CurriculumPage(title=f"{tier.label}", slug=f"bench-{tier.value}", tier=tier,
                                    audience="bench", goals="bench")
        )  # fmt: skip
        curricula[tier.value] = curriculum
        for number in range(4):
            course = curriculum.add_child(
                instance=CoursePage(title=f"{tier.value} {number}", slug=f"{tier.value}-{number}",
                                    summary="bench", learning_objectives="bench")
            )  # fmt: skip
            lessons_by_course[course.pk] = [
                course.add_child(
                    instance=LessonPage(title=f"lesson {n}", slug=f"{course.slug}-l{n}")
                ).pk
                for n in range(LESSONS_PER_COURSE)
            ]
    return lessons_by_course, curricula


def staff_counts() -> list[int]:
    largest = int(STAFF * LARGEST_SHARE)
    rest = STAFF - largest
    others = [rest // (ORGANISATIONS - 1)] * (ORGANISATIONS - 1)
    others[-1] += rest - sum(others)
    return [largest, *others]


def build_staff(rng, organisations, departments) -> list[tuple]:
    """Returns (staff id, user id, organisation id, tier) for every member of staff."""
    from django.utils import timezone

    now = timezone.now()
    tiers = ["all_staff"] * 75 + ["managers"] * 15 + ["practitioners"] * 10
    users, profiles, staff = [], [], []
    next_id = 1
    for organisation, count in zip(organisations, staff_counts(), strict=True):
        for number in range(count):
            tier = rng.choice(tiers)
            users.append((next_id, "!", False, f"{organisation.slug}-{number:06d}", "花子", "山田",
                          f"{organisation.slug}-{number}@example.jp", False, True, now))  # fmt: skip
            profiles.append((next_id, next_id, organisation.pk, rng.choice(departments[organisation.pk]),
                             f"{number:06d}", "山田", "花子", "ヤマダ", "ハナコ", "主事", tier, True,
                             now, now))  # fmt: skip
            staff.append((next_id, next_id, organisation.pk, tier))
            next_id += 1
    copy_rows("auth_user", ["id", "password", "is_superuser", "username", "first_name", "last_name",
                            "email", "is_staff", "is_active", "date_joined"], users)  # fmt: skip
    copy_rows("people_staffprofile", ["id", "user_id", "organisation_id", "department_id",
              "employee_number", "family_name", "given_name", "family_name_kana", "given_name_kana",
              "position", "tier", "is_active", "created_at", "updated_at"], profiles)  # fmt: skip
    return staff


def build_progress(rng, staff, organisations, lessons_by_course) -> None:
    """600 000 enrolments with 5 lessons each: 3 000 000 lesson-progress rows."""
    from django.utils import timezone

    now = timezone.now()
    courses = list(lessons_by_course)
    per_person = LESSON_PROGRESS // LESSONS_PER_COURSE // len(staff)

    def rows():
        enrolment_id = 0
        for _staff_id, user_id, organisation_id, _tier in staff:
            for course_id in rng.sample(courses, per_person):
                enrolment_id += 1
                started = now - dt.timedelta(days=rng.randint(1, 700))
                done = rng.random() < 0.6
                yield ("e", (enrolment_id, user_id, course_id, organisation_id, started, started,
                             started + dt.timedelta(days=10) if done else None))  # fmt: skip
                for lesson_id in lessons_by_course[course_id]:
                    yield ("l", (user_id, lesson_id, enrolment_id, started,
                                 started + dt.timedelta(days=5) if done else None,
                                 "marked_done" if done else "", "[]"))  # fmt: skip

    enrolments, lessons = [], []
    for kind, row in rows():
        (enrolments if kind == "e" else lessons).append(row)
    copy_rows("progress_enrolment", ["id", "user_id", "course_id", "organisation_id", "enrolled_at",
              "last_activity_at", "completed_at"], enrolments)  # fmt: skip
    copy_rows("progress_lessonprogress", ["user_id", "lesson_id", "enrolment_id", "started_at",
              "completed_at", "completed_via", "passed_requirements"], lessons)  # fmt: skip


def build_holdings(rng, staff) -> None:
    from django.utils import timezone

    from lms.certification.models import Certification

    certifications = list(Certification.objects.values_list("pk", "validity_months"))
    today = timezone.localdate()
    now = timezone.now()
    rows = []
    seen = set()
    while len(rows) < HOLDINGS:
        staff_id, _user, organisation_id, _tier = staff[rng.randrange(len(staff))]
        certification_id, months = rng.choice(certifications)
        issued = today - dt.timedelta(days=int(730 * (1 - rng.random() ** 0.6)))
        if (staff_id, certification_id, issued) in seen:
            continue
        seen.add((staff_id, certification_id, issued))
        expires = None
        if months:
            expires = dt.date(issued.year + 1, issued.month, min(issued.day, 28))
        state = "pending" if rng.random() < 0.05 else "verified"
        rows.append((organisation_id, staff_id, certification_id, "declared", "", "", issued, expires,
                     "", "", state, "", now))  # fmt: skip
    copy_rows("certification_holding", ["organisation_id", "staff_id", "certification_id", "source",
              "credential_id", "verification_url", "issued_on", "expires_on", "evidence",
              "evidence_content_type", "state", "review_comment", "declared_at"], rows)  # fmt: skip


def build_targets_and_hr(organisations, departments, curricula) -> dict:
    from django.utils import timezone

    from lms.certification.models import Certification
    from lms.organisations.models import Department
    from lms.people.services import create_staff
    from lms.progress.models import TrainingAssignment
    from lms.reports.fiscal import fiscal_year
    from lms.reports.models import Target, TargetScope

    today = timezone.localdate()
    fy = fiscal_year(today)
    codes = {c.code: c for c in Certification.objects.all()}
    hr_users = {}
    for organisation in organisations:
        profile = create_staff(
            organisation=organisation, employee_number="HR0001", family_name="人事",
            given_name="担当", username=f"{organisation.slug}-hr", roles=("learner", "hr"),
        )  # fmt: skip
        hr_users[organisation.pk] = profile.user
        top = Department.objects.filter(organisation=organisation, parent=None).first()
        specs = [
            ("AZ-305", ["AZ-305"], TargetScope.TIER, "practitioners", None, 200),
            ("fundamentals", ["AZ-900", "AI-900"], TargetScope.ORGANISATION, "", None, 2000),
            ("IT passport", ["IPA-IP"], TargetScope.DEPARTMENT, "", top, 500),
        ]
        for name, certs, scope, tier, department, count in specs:
            target = Target.objects.create(
                organisation=organisation, name=name, scope=scope, tier=tier, department=department,
                target_count=count, start_date=fy.previous().start, deadline=fy.next().end,
                preparing_page=curricula["practitioners"],
            )  # fmt: skip
            target.certifications.set([codes[code] for code in certs])
        TrainingAssignment.objects.create(
            organisation=organisation, curriculum=curricula["all_staff"], due_date=fy.end
        )
        TrainingAssignment.objects.create(
            organisation=organisation, curriculum=curricula["managers"], tier="managers",
            due_date=today - dt.timedelta(days=10),
        )  # fmt: skip
    return hr_users


def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise KeyError(key)


def reset_peak_rss() -> int | None:
    """Resets the kernel's peak-RSS mark to the current RSS (Linux ≥ 4.0); returns that RSS in bytes,
    or None where this cannot be done (then no RSS figure is printed)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kib("VmRSS") * 1024
    except (OSError, KeyError):
        return None


def peak_rss() -> int:
    return _status_kib("VmHWM") * 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(world: dict) -> None:
    from django.test import Client
    from django.urls import reverse

    from lms.people.models import StaffProfile
    from lms.reports.models import Target

    largest = world["organisations"][0]
    client = Client()
    client.force_login(world["hr"][largest.pk])
    targets = list(Target.objects.filter(organisation=largest))
    pages = {
        "target dashboard": [reverse("reports:target", args=[largest.slug, t.pk]) for t in targets],
        "overview": [reverse("reports:overview", args=[largest.slug])],
        "API target status": [reverse("reports:api_targets", args=[largest.slug])],
    }
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nLargest municipality: {largest.name}, {staff_counts()[0]:,} staff "
          f"(load average {load} on {os.cpu_count()} CPUs: other work skews the timings)")  # fmt: skip
    for url in [url for urls in pages.values() for url in urls]:  # warm-up: connection, templates
        assert client.get(url).status_code == 200, url
    # Twice: as a fresh process runs, then as a pre-fork worker whose start-up objects are frozen
    # (``gc.freeze()``): a full garbage collection of Django's and Wagtail's ~250 000 start-up objects
    # takes ~100 ms here and otherwise lands in every few requests' timing.
    for frozen in (False, True):
        if frozen:
            gc.collect()
            gc.freeze()
        print("after gc.freeze():" if frozen else "default garbage collector:")
        for label, urls in pages.items():
            timings = []
            for index in range(REQUESTS):
                url = urls[index % len(urls)]
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            print(f"  {label:<20} p50 {statistics.median(timings):7.1f} ms   "
                  f"p95 {percentile(timings, 0.95):7.1f} ms   ({REQUESTS} requests)")  # fmt: skip

    # Memory is flat when the peak does not grow with the number of rows: a small town for comparison.
    small = world["organisations"][-1]
    small_client = Client()
    small_client.force_login(world["hr"][small.pk])
    for organisation, export_client in ((largest, client), (small, small_client)):
        staff = StaffProfile.objects.filter(organisation=organisation).count()
        for file_format in ("csv", "xlsx"):
            url = reverse("reports:export", args=[organisation.slug, "people", file_format])
            gc.collect()
            rss_before = reset_peak_rss()
            start = time.perf_counter()
            size = sum(len(chunk) for chunk in export_client.get(url).streaming_content)
            seconds = time.perf_counter() - start
            rss = "n/a" if rss_before is None else f"+{(peak_rss() - rss_before) / 1e6:5.1f} MB"
            tracemalloc.start()
            for _chunk in export_client.get(url).streaming_content:
                pass
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"export {staff:>6,} people {file_format:<4} {seconds:6.2f} s  {size / 1e6:5.1f} MB  "
                  f"peak RSS {rss}  peak Python memory {peak / 1e6:5.1f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the manabi_bench database")
    parser.add_argument("--reuse", action="store_true", help="measure a database kept by --keep")
    options = parser.parse_args()
    if options.reuse and not database_exists():
        sys.exit(f"--reuse: there is no database {DB_NAME}; build it first with --keep.")
    if not options.reuse:
        recreate_database()
    try:
        setup_django()
        if options.reuse:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)  # e.g. an index added since the build
        world = existing_world() if options.reuse else build()
        measure(world)
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            recreate_database(drop_only=True)
        run_dir = ROOT / "var" / os.environ.get("MANABI_TEST_RUN", "-")
        if run_dir.name.startswith("test-"):
            shutil.rmtree(run_dir, ignore_errors=True)


def existing_world() -> dict:
    from django.contrib.auth import get_user_model

    from lms.organisations.models import Organisation

    organisations = list(Organisation.objects.order_by("slug"))
    users = get_user_model().objects.filter(username__endswith="-hr")
    by_username = {user.username: user for user in users}
    return {
        "organisations": organisations,
        "hr": {o.pk: by_username[f"{o.slug}-hr"] for o in organisations},
    }


if __name__ == "__main__":
    main()
