"""Who may open an HR page: the gate every HR view, export and API endpoint of an organisation passes.

HR URLs name their organisation (``/hr/<slug>/…``). The gate answers 404 when the slug is not the
requesting user's own organisation (another municipality's pages do not exist for them) and 403 when the
user belongs there but lacks the permission. The data itself is then read through
``lms.people.scoping.scope_to_organisation``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from lms.organisations.models import Organisation
from lms.people.scoping import organisation_of

HR_DASHBOARD = "reports.view_hr_dashboard"
VERIFY_HOLDINGS = "certification.verify_holding"
EXPORT_DATA = "reports.export_hr_data"
IMPORT_ROSTER = "reports.import_roster"
MANAGE_TARGETS = "reports.change_target"


def hr_organisation(user: object, slug: str, permission: str) -> Organisation:
    """The user's organisation if it is ``slug`` and the user holds ``permission``; else 404 or 403."""
    organisation = organisation_of(user)
    if organisation is None or organisation.slug != slug:
        raise Http404
    if not user.has_perm(permission):
        raise PermissionDenied
    return organisation


def is_hr(user: object) -> bool:
    return organisation_of(user) is not None and user.has_perm(HR_DASHBOARD)


def hr_view(permission: str = HR_DASHBOARD) -> Callable:
    """Decorates a view ``view(request, organisation, …)`` reached as ``/hr/<slug:org>/…``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, org: str, *args, **kwargs) -> HttpResponse:
            organisation = hr_organisation(request.user, org, permission)
            return view(request, organisation, *args, **kwargs)

        return login_required(wrapped)

    return decorator
