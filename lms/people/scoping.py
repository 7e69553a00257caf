"""The one helper that scopes people and their data to the requesting user's organisation.

Every view, export and API endpoint that returns people or their data passes its queryset through
``scope_to_organisation``. A user without an organisation (or anonymous) sees nothing; platform admins see
per-municipality totals through their own views, never through this helper.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from lms.organisations.models import Organisation

M = TypeVar("M", bound=Model)


def organisation_of(user: object) -> Organisation | None:
    """The municipality the user belongs to, or None: anonymous, no profile, a deactivated profile
    (someone who has left, whose login may still work), or a deactivated municipality."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_manabi_organisation", False)
    if cached is not False:
        return cached
    from .models import StaffProfile

    profile = (
        StaffProfile.objects.select_related("organisation")
        .filter(user=user, is_active=True, organisation__is_active=True)
        .first()
    )
    organisation = profile.organisation if profile else None
    user._manabi_organisation = organisation
    return organisation


def scope_to_organisation(
    queryset: QuerySet[M], user: object, *, field: str = "organisation"
) -> QuerySet[M]:
    """``queryset`` limited to rows whose ``field`` (a path to an Organisation) is the user's."""
    organisation = organisation_of(user)
    if organisation is None:
        return queryset.none()
    return queryset.filter(**{field: organisation})


def get_scoped_or_404(
    queryset: QuerySet[M], user: object, *, field: str = "organisation", **lookup
) -> M:
    """One object of the user's organisation; another municipality's object is indistinguishable from none."""
    try:
        return scope_to_organisation(queryset, user, field=field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
