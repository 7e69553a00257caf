"""Private storage for evidence files: outside MEDIA_ROOT, without a URL; served only by a checked view."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file-system storage under ``PRIVATE_STORAGE_ROOT`` whose files have no public URL."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("location", settings.PRIVATE_STORAGE_ROOT)
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def evidence_storage() -> PrivateStorage:
    """A callable, so that migrations record the function and not a path on this machine."""
    return PrivateStorage()


def evidence_upload_to(instance: object, filename: str) -> str:
    """A random name: the uploaded name is never used on disk (it may hold anything)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    organisation_id = getattr(instance, "organisation_id", None) or 0
    return f"evidence/{organisation_id}/{uuid.uuid4().hex}.{extension}"
