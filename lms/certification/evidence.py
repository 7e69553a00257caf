"""Checks on an uploaded evidence file: its size, and its type judged by its content, not its name."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Content type → the extensions a file of that type may carry.
ALLOWED_TYPES = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/webp": {"webp"},
}
PIL_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


@dataclass(frozen=True)
class CheckedEvidence:
    content_type: str
    extension: str


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The type the bytes say the file is (PDF, PNG, JPEG or WebP), or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    # A PDF starts with "%PDF-". Readers tolerate bytes before it, but then an HTML page that merely
    # contains "%PDF-" would pass as a PDF, so the header must come first (after blank space at most).
    if head.lstrip().startswith(b"%PDF-"):
        upload.seek(0)
        upload.seek(max(upload.size - 2048, 0))
        tail = upload.read()
        upload.seek(0)
        return "application/pdf" if b"%%EOF" in tail else None
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return PIL_FORMATS.get(image_format or "")


def check_evidence(upload: UploadedFile) -> CheckedEvidence:
    """Accepts a PDF or an image no larger than the limit, whose content matches its extension."""
    limit = settings.CERTIFICATION_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The evidence file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The evidence file is empty."), code="empty")
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("The evidence must be a PDF or an image (PNG, JPEG or WebP); this file is neither."),
            code="bad_type",
        )
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES[content_type]:
        raise ValidationError(
            _("The file's name ends in “.%(extension)s” but its content is %(kind)s.")
            % {"extension": extension, "kind": content_type},
            code="mismatch",
        )
    return CheckedEvidence(content_type=content_type, extension=extension)
