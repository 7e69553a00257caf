"""Factories for grading: exercises with a real stored source notebook, and their submissions."""

from __future__ import annotations

from pathlib import Path

import factory
from django.core.files.base import ContentFile

from grading.models import Exercise, ExerciseVersion, ValidationStatus
from grading.sources import inspect_source

PROJECT = Path(__file__).resolve().parents[2]
DEMO_NOTEBOOKS = PROJECT / "grading" / "demo" / "notebooks"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def notebook_bytes(name: str) -> bytes:
    """A notebook by file name: this package's fixtures first, then the demo notebooks."""
    for folder in (FIXTURES, DEMO_NOTEBOOKS):
        if (folder / name).exists():
            return (folder / name).read_bytes()
    raise FileNotFoundError(name)


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    title = factory.Sequence(lambda n: f"演習 {n}")
    organisation = None
    cell_timeout_seconds = 20
    notebook_timeout_seconds = 60


class ExerciseVersionFactory(factory.django.DjangoModelFactory):
    """A stored, validated version of a real source notebook (``source`` names the file)."""

    class Meta:
        model = ExerciseVersion

    source = "python-basics.ipynb"
    exercise = factory.SubFactory(ExerciseFactory)
    number = factory.Sequence(lambda n: n + 1)
    validation_status = ValidationStatus.PASSED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        data = notebook_bytes(kwargs.pop("source"))
        info = inspect_source(data)
        assert info.is_valid, info.problems
        version = model_class(
            sha256=info.sha256, tests_digest=info.tests_digest, summary=info.summary, **kwargs
        )
        version.source_file.save("source.ipynb", ContentFile(data), save=False)
        version.save()
        return version


def published_exercise(source: str = "python-basics.ipynb", **fields) -> Exercise:
    exercise = ExerciseFactory(**fields)
    version = ExerciseVersionFactory(exercise=exercise, source=source, number=1)
    exercise.published_version = version
    exercise.save()
    return exercise
