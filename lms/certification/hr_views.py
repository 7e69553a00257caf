"""HR pages of certification: the verification queue, reviewing one declaration, the public-page policy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.people.scoping import get_scoped_or_404, scope_to_organisation

from .access import VERIFY_HOLDINGS, hr_view
from .forms import PolicyForm, ReviewHoldingForm
from .models import CertificationPolicy, Holding, HoldingState
from .services import review_holding, set_public_verification

STATE_FILTERS = {
    "pending": HoldingState.PENDING,
    "verified": HoldingState.VERIFIED,
    "rejected": HoldingState.REJECTED,
}


@hr_view(VERIFY_HOLDINGS)
def holdings(request, organisation):
    state = request.GET.get("state", "pending")
    queryset = scope_to_organisation(Holding.objects.all(), request.user).select_related(
        "certification", "staff", "staff__department"
    )
    if state in STATE_FILTERS:
        queryset = queryset.filter(state=STATE_FILTERS[state])
    queryset = queryset.order_by("declared_at" if state == "pending" else "-declared_at", "pk")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    pending_count = (
        scope_to_organisation(Holding.objects.all(), request.user)
        .filter(state=HoldingState.PENDING)
        .count()
    )
    return render(
        request,
        "certification/hr/holdings.html",
        {
            "organisation": organisation,
            "page": page,
            "state": state,
            "pending_count": pending_count,
            "today": timezone.localdate(),
        },
    )


@hr_view(VERIFY_HOLDINGS)
def review(request, organisation, pk: int):
    holding = get_scoped_or_404(
        Holding.objects.select_related("certification", "staff", "staff__department"),
        request.user,
        pk=pk,
    )
    form = ReviewHoldingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "verify"
        try:
            review_holding(
                holding, approve=approve, comment=form.cleaned_data["comment"], actor=request.user
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_decided":
                # The page was stale: show the holding as it now is, with the reason.
                messages.error(request, " ".join(error.messages))
                return redirect("certification:hr_review", org=organisation.slug, pk=holding.pk)
            for message in error.messages:
                form.add_error("comment" if not approve else None, message)
        else:
            messages.success(request, _("Verified.") if approve else _("Rejected."))
            return redirect("certification:hr_holdings", org=organisation.slug)
    return render(
        request,
        "certification/hr/review.html",
        {"organisation": organisation, "holding": holding, "form": form},
    )


@hr_view(VERIFY_HOLDINGS)
def policy(request, organisation):
    current = CertificationPolicy.allows_public_verification(organisation)
    form = PolicyForm(
        request.POST if request.method == "POST" else None, initial={"public_verification": current}
    )
    if request.method == "POST" and form.is_valid():
        set_public_verification(
            organisation, enabled=form.cleaned_data["public_verification"], actor=request.user
        )
        messages.success(request, _("Saved."))
        return redirect("certification:hr_policy", org=organisation.slug)
    return render(
        request, "certification/hr/policy.html", {"organisation": organisation, "form": form}
    )
