"""Demo notebook exercises (``grading.demo.load``, run by ``manage.py load_demo``).

Four shared exercises of the practitioner curriculum, from the nbgrader-format source notebooks in
``grading/demo/notebooks/``: each is validated and graded for real in the sandbox (or, where the
sandbox cannot run, left queued for the worker), attached to its lesson, and demo practitioners get
graded attempts. Running it again changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from grading.demo.answers import DEMO_ATTEMPTS
from grading.models import Channel, Exercise, Submission, ValidationStatus
from grading.services.exercises import add_version, publish_version

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"

# (notebook, title, course slug, lesson slug, description)
DEMO_EXERCISES = [
    ("python-basics.ipynb", "Python の基本：関数と条件分岐", "python-data-analysis",
     "exercise-python-basics", "窓口の待ち時間を扱う関数を 3 つ書きます。"),
    ("csv-standard-library.ipynb", "CSV を標準ライブラリで扱う", "python-data-analysis",
     "exercise-csv", "csv モジュールで地区別の人口データを読み、集計します。"),
    ("numpy-statistics.ipynb", "NumPy で記述統計", "machine-learning-intro",
     "exercise-numpy", "処理時間のデータで平均・中央値・z スコア・外れ値を求めます。"),
    ("small-regression.ipynb", "小さな回帰分析", "machine-learning-intro",
     "exercise-regression", "最小二乗法で直線を当てはめ、予測と決定係数を求めます。"),
]  # fmt: skip


def load(out) -> None:
    exercises = []
    for notebook, title, course, lesson, description in DEMO_EXERCISES:
        with transaction.atomic():
            exercise = _exercise(notebook, title, description, out)
        exercises.append((exercise, course, lesson))
        _attach(exercise, course, lesson, out)
    for exercise, course, lesson in exercises:
        _attempts(exercise, course, lesson, out)


def _exercise(notebook: str, title: str, description: str, out) -> Exercise:
    exercise = Exercise.objects.filter(title=title, organisation__isnull=True).first()
    if exercise is None:
        exercise = Exercise.objects.create(title=title, description=description)
    if exercise.published_version_id:
        return exercise
    version = exercise.versions.order_by("-number").first()
    if version is None:
        data = (NOTEBOOKS / notebook).read_bytes()
        version = add_version(exercise, data, note="デモ", queue_validation=False)
    if version.validation_status != ValidationStatus.PASSED:
        version.validation_status = ValidationStatus.PENDING
        version.save(update_fields=["validation_status"])
        from grading.services.validation import validate_version_now

        validate_version_now(version.pk)
        version.refresh_from_db()
    if version.can_publish:
        publish_version(version)
        out.write(f"  exercise published: {title}")
    else:
        report = version.validation_report.get("reference", {})
        out.write(f"  exercise NOT published (sandbox: {report.get('error', 'failed')}): {title}")
    exercise.refresh_from_db()
    return exercise


def _attach(exercise: Exercise, course: str, lesson: str, out) -> None:
    try:
        from courses.demo.exercises import attach_exercise
    except ImportError:
        return
    # No block introduction: the exercise panel shows the exercise's own description already.
    if attach_exercise(course, lesson, exercise):
        out.write(f"  attached to lesson {course}/{lesson}: {exercise.title}")


def _lesson_id(course: str, lesson: str) -> int | None:
    try:
        from courses.demo.exercises import exercise_lesson
    except ImportError:
        return None
    page = exercise_lesson(course, lesson)
    return page.pk if page else None


def _attempts(exercise: Exercise, course: str, lesson: str, out) -> None:
    """Demo practitioners' graded attempts, graded now in the sandbox (or queued if it cannot)."""
    if not exercise.published_version_id:
        return
    from grading.runner import grade_pending
    from grading.services.exercises import load_source
    from grading.services.submissions import submit
    from grading.sources import notebook_with_answers

    users = get_user_model().objects
    source = load_source(exercise.published_version)
    for username, attempts in DEMO_ATTEMPTS.get(exercise_name(exercise), {}).items():
        learner = users.filter(username=username).first()
        if (
            learner is None
            or Submission.objects.filter(exercise=exercise, learner=learner).exists()
        ):
            continue
        for answers in attempts:
            submission = submit(
                exercise=exercise,
                learner=learner,
                data=notebook_with_answers(source, answers),
                channel=Channel.DEMO,
                lesson_page_id=_lesson_id(course, lesson),
                enforce_rate_limit=False,
            )
            try:
                outcome = grade_pending(submission.pk)
            except Exception as error:  # the sandbox cannot run here: the worker will grade it
                outcome = f"queued ({error})"
            out.write(
                f"  {username}: {exercise.title} attempt {submission.attempt_number}: {outcome}"
            )


def exercise_name(exercise: Exercise) -> str:
    for notebook, title, *_rest in DEMO_EXERCISES:
        if title == exercise.title:
            return notebook
    return ""
