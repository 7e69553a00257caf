"""Where notebooks are stored: private storage, outside MEDIA_ROOT's public URL."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """Learners' answers and trainers' solutions are never served by URL; views stream them."""
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


def source_notebook_path(instance: object, filename: str) -> str:
    exercise_id = getattr(instance, "exercise_id", None) or "new"
    return f"grading/exercises/{exercise_id}/source-{uuid.uuid4().hex}.ipynb"


def submission_path(instance: object, filename: str) -> str:
    exercise_id = getattr(instance, "exercise_id", None) or "new"
    return f"grading/submissions/{exercise_id}/{uuid.uuid4().hex}.ipynb"
