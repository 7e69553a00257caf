"""Reading a learner's holdings for their own pages (My learning's certificate panel).

Each holding's validity is its ``status``, decided in ``lms.certification.validity``; HR's lists of
holdings go through ``lms.people.scoping`` in ``hr_views``.
"""

from __future__ import annotations

from .models import Holding, HoldingSource


def certificates_of(user) -> dict[str, list[Holding]]:
    """The learner's certificates for My learning (one query): ``internal`` ones Manabi awarded and
    ``external`` ones they declared, newest first."""
    if not getattr(user, "is_authenticated", False):
        return {"internal": [], "external": []}
    holdings = list(Holding.objects.filter(staff__user=user).select_related("certification"))
    return {
        "internal": [h for h in holdings if h.source == HoldingSource.AWARDED],
        "external": [h for h in holdings if h.source != HoldingSource.AWARDED],
    }
