"""Grading through the real queue, against nbgrader and the floor, on the demo exercise notebooks.

    .venv/bin/python bench/grading.py [--samples 10] [--burst 200] [--broker redis|filesystem]
                                      [--nbgrader-students 12] [--skip-nbgrader]

Everything runs in a throw-away folder under /tmp: its own SQLite database, private storage,
broker (a private ``redis-server`` on a free port, or the file-system broker) and a real
``celery worker -Q grading --concurrency 2`` (one sandboxed executor with its kernel pool per
process). Prints:

- submit→graded latency, p50 and p95 per notebook: from calling the submit service (which checks,
  stores, commits and queues) until the grade row is final, polled every 2 ms;
- the floor: the same cells on an already-running kernel (bench/grading_floor.py);
- throughput for a burst of ``--burst`` submissions sent at once: all must be graded, none lost;
- nbgrader 0.9.6 ``autograde`` of the same notebooks inside one call (``--nbgrader-students`` ×
  4 notebooks), installed into a throw-away venv under /tmp (never into .venv).

Targets on the 2-core machine: p50 ≤ floor + 100 ms; throughput ≥ 5 × nbgrader's per-notebook rate.
Figures vary between runs by ~20 %; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
NOTEBOOKS = ["python-basics", "numpy-statistics", "csv-standard-library", "small-regression"]
DEMO = PROJECT / "grading" / "demo" / "notebooks"
NBGRADER_VENV = Path(tempfile.gettempdir()) / "manabi-bench-nbgrader"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def prepare_environment(folder: Path, broker: str) -> list[subprocess.Popen]:
    """Environment variables for this process and the worker; a private Redis if asked."""
    started = []
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "PRIVATE_STORAGE_ROOT": str(folder / "private"),
            "MEDIA_ROOT": str(folder / "media"),
            "CELERY_FILESYSTEM_DIR": str(folder / "celery"),
            "LOG_LEVEL": "WARNING",
        }
    )
    if broker == "redis":
        port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(redis)
        os.environ["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{port}/0"
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
    return started


def start_worker(folder: Path) -> subprocess.Popen:
    log = (folder / "worker.log").open("w")
    command = [sys.executable, "-m", "celery", "-A", "lms", "worker", "-Q", "grading",
               "--concurrency", "2", "--pool", "prefork", "-l", "WARNING",
               "--without-mingle", "--without-gossip", "--without-heartbeat", "-n", "bench@%h"]  # fmt: skip
    worker = subprocess.Popen(command, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT)
    return worker


def setup_database() -> tuple[object, dict]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from grading.models import Exercise, ValidationStatus
    from grading.services.exercises import add_version, publish_version
    from tests.factories import StaffProfileFactory

    learner = StaffProfileFactory().user
    exercises = {}
    for name in NOTEBOOKS:
        exercise = Exercise.objects.create(title=name, cell_timeout_seconds=30)
        version = add_version(
            exercise, (DEMO / f"{name}.ipynb").read_bytes(), queue_validation=False
        )
        version.validation_status = ValidationStatus.PASSED  # validate_notebook checks these
        version.save()
        publish_version(version)
        exercise.refresh_from_db()
        exercises[name] = exercise
    return learner, exercises


def submit_one(exercise, learner):
    from grading.services.submissions import submit

    # The source notebook itself: its answer cells hold the trainer's solutions (full marks).
    data = (DEMO / f"{exercise.title}.ipynb").read_bytes()
    return submit(exercise=exercise, learner=learner, data=data, enforce_rate_limit=False)


def wait_final(submission_ids: list[int], timeout: float = 600.0, poll: float = 0.002) -> dict:
    """submission id → (final time, status, score == max); polls the database."""
    from grading.models import FINAL_STATUSES, Grade

    pending = set(submission_ids)
    done: dict[int, tuple[float, str, bool]] = {}
    deadline = time.perf_counter() + timeout
    while pending and time.perf_counter() < deadline:
        rows = Grade.objects.filter(submission_id__in=pending, status__in=FINAL_STATUSES)
        now = time.perf_counter()
        for submission_id, status, score, max_score in rows.values_list(
            "submission_id", "status", "score", "max_score"
        ):
            done[submission_id] = (now, status, score == max_score)
            pending.discard(submission_id)
        if pending:
            time.sleep(poll)
    return done


def measure_latency(exercises: dict, learner, samples: int) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {name: [] for name in exercises}
    for _round in range(samples):
        for name, exercise in exercises.items():
            time.sleep(0.2)  # submissions that do not queue up behind each other
            started = time.perf_counter()
            submission = submit_one(exercise, learner)
            finished, status, full = wait_final([submission.pk])[submission.pk]
            if status != "graded" or not full:
                raise RuntimeError(f"{name}: {status}, full marks: {full}")
            latencies[name].append(finished - started)
            if os.environ.get("BENCH_DEBUG"):
                from grading.models import Grade

                grade = Grade.objects.get(submission=submission)
                pickup = (grade.started_at - grade.queued_at).total_seconds() * 1000
                print(
                    f"  {name}: {1000 * (finished - started):.0f} ms; pickup {pickup:.0f} ms; {grade.timings}"
                )
    return latencies


def measure_burst(exercises: dict, learner, burst: int) -> tuple[float, int, int]:
    names = list(exercises)
    started = time.perf_counter()
    ids = [submit_one(exercises[names[i % len(names)]], learner).pk for i in range(burst)]
    sent = time.perf_counter() - started
    done = wait_final(ids, timeout=900)
    last = max(finished for finished, _status, _full in done.values())
    graded = sum(1 for _t, status, full in done.values() if status == "graded" and full)
    print(f"  ({burst} submissions sent in {sent:.1f} s)")
    return burst / (last - started), graded, burst - len(done)


def floor_ms(samples: int) -> dict[str, float]:
    from bench.grading_floor import floor_seconds, load
    from grading.sandbox import ExecutorConfig

    python = ExecutorConfig.from_env().kernel_env / "bin" / "python"
    return {
        name: statistics.median(floor_seconds(load(name), samples, python)) * 1000
        for name in NOTEBOOKS
    }


def nbgrader_rate(students: int, folder: Path) -> float | None:
    """Notebooks per second inside one ``nbgrader autograde`` call."""
    nbgrader = NBGRADER_VENV / "bin" / "nbgrader"
    if not nbgrader.exists():
        print(f"  installing nbgrader==0.9.6 into {NBGRADER_VENV} (throw-away venv)…")
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(NBGRADER_VENV)], check=True)
        pip = [str(NBGRADER_VENV / "bin" / "pip"), "install", "--quiet"]
        subprocess.run(
            [*pip, "--disable-pip-version-check", "nbgrader==0.9.6", "numpy"], check=True
        )
    course = folder / "nbgrader-course"
    (course / "source" / "ps").mkdir(parents=True)
    for name in NOTEBOOKS:
        shutil.copy(DEMO / f"{name}.ipynb", course / "source" / "ps" / f"{name}.ipynb")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'bench'\n"
        "c.ExecutePreprocessor.timeout = 30\n"
    )
    env = {**os.environ, "PATH": f"{NBGRADER_VENV / 'bin'}:{os.environ['PATH']}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(*args: str) -> None:
        subprocess.run([str(nbgrader), *args], cwd=course, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    run("db", "assignment", "add", "ps")
    run("generate_assignment", "ps", "--force")
    for index in range(students):
        student = f"student{index:02d}"
        run("db", "student", "add", student)
        target = course / "submitted" / student / "ps"
        target.mkdir(parents=True)
        for name in NOTEBOOKS:
            shutil.copy(DEMO / f"{name}.ipynb", target / f"{name}.ipynb")
    started = time.perf_counter()
    run("autograde", "ps", "--force")
    elapsed = time.perf_counter() - started
    notebooks = students * len(NOTEBOOKS)
    print(f"  nbgrader autograde: {notebooks} notebooks in one call, {elapsed:.1f} s")
    return notebooks / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10, help="latency samples per notebook")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--broker", choices=["redis", "filesystem"], default="redis")
    parser.add_argument("--nbgrader-students", type=int, default=12)
    parser.add_argument("--skip-nbgrader", action="store_true")
    args = parser.parse_args()
    if args.broker == "redis" and shutil.which("redis-server") is None:
        print("redis-server is not installed: using the file-system broker")
        args.broker = "filesystem"

    folder = Path(tempfile.mkdtemp(prefix="manabi-bench-grading-"))
    services = prepare_environment(folder, args.broker)
    worker = None
    try:
        learner, exercises = setup_database()
        worker = start_worker(folder)
        warm = [submit_one(exercise, learner).pk for exercise in exercises.values()]
        if len(wait_final(warm, timeout=120)) != len(warm):
            raise SystemExit("the worker did not grade the warm-up submissions; see worker.log")
        print(f"broker: {args.broker}; worker: celery prefork, 2 processes; folder {folder}")

        latencies = measure_latency(exercises, learner, args.samples)
        floors = floor_ms(max(3, args.samples // 2))
        print(f"{'notebook':22} {'floor p50':>10} {'p50':>9} {'p95':>9} {'p50-floor':>10}")
        for name in NOTEBOOKS:
            values = [v * 1000 for v in latencies[name]]
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            print(
                f"{name:22} {floors[name]:>8.0f}ms {p50:>7.0f}ms {p95:>7.0f}ms {p50 - floors[name]:>+8.0f}ms"
            )
        every = [v * 1000 for values in latencies.values() for v in values]
        overall_floor = statistics.median(floors.values())
        p50 = statistics.median(every)
        print(
            f"{'all':22} {overall_floor:>8.0f}ms {p50:>7.0f}ms {percentile(every, 0.95):>7.0f}ms "
            f"{p50 - overall_floor:>+8.0f}ms   target: p50 ≤ floor + 100 ms"
        )

        rate, graded, lost = measure_burst(exercises, learner, args.burst)
        print(f"burst: {args.burst} submissions, {graded} graded with full marks, {lost} lost; "
              f"throughput {rate:.2f} notebooks/s")  # fmt: skip
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        for service in services:
            service.terminate()
            service.wait(timeout=30)

    if not args.skip_nbgrader:
        nb_rate = nbgrader_rate(args.nbgrader_students, folder)
        print(
            f"nbgrader: {nb_rate:.2f} notebooks/s ({1 / nb_rate:.2f} s per notebook); "
            f"ours / nbgrader = {rate / nb_rate:.1f}×   target: ≥ 5×"
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
