"""How long an uploaded roster's personal data is kept when nobody applies or discards it.

A preview holds every row of the file (names, e-mail addresses, departments) until HR applies it
(the rows then live in the staff records) or discards it. One left open is discarded after
``PREVIEW_KEPT_DAYS`` days: its rows and its row errors (which quote cell values) are dropped, and the
import stays listed as discarded, with its file name, uploader and date. This runs on every upload and
from the daily beat job (``certification.send_expiry_reminders``).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import ImportState, RosterImport

PREVIEW_KEPT_DAYS = 7


def discard_stale_previews(now: dt.datetime | None = None) -> int:
    """Discards every preview uploaded more than ``PREVIEW_KEPT_DAYS`` days ago; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=PREVIEW_KEPT_DAYS)
    return RosterImport.objects.filter(state=ImportState.PREVIEWED, uploaded_at__lt=cutoff).update(
        state=ImportState.DISCARDED, rows=[], errors=[], summary={"expired": True}
    )
