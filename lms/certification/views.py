"""Pages for staff (my certifications, declare one, my certificate PDF) and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.people.models import StaffProfile
from lms.people.scoping import scope_to_organisation

from .access import VERIFY_HOLDINGS
from .forms import DeclareHoldingForm
from .models import (
    Certification,
    CertificationKind,
    CertificationPolicy,
    Holding,
    HoldingSource,
    HoldingState,
)
from .pdf import certificate_pdf
from .services import declare_holding


def _own_profile(request: HttpRequest) -> StaffProfile:
    profile = StaffProfile.objects.filter(user=request.user).select_related("organisation").first()
    if profile is None:
        raise Http404(_("Only staff of a municipality hold certifications."))
    return profile


def catalogue(request: HttpRequest) -> HttpResponse:
    certifications = Certification.objects.filter(is_active=True)
    return render(
        request,
        "certification/catalogue.html",
        {
            "external": certifications.filter(kind=CertificationKind.EXTERNAL),
            "internal": certifications.filter(kind=CertificationKind.INTERNAL),
        },
    )


@login_required
def my_certifications(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    holdings = Holding.objects.filter(staff=profile).select_related("certification")
    return render(
        request,
        "certification/my_certifications.html",
        {"holdings": holdings, "today": timezone.localdate()},
    )


@login_required
def declare(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    form = (
        DeclareHoldingForm(request.POST, request.FILES)
        if request.method == "POST"
        else DeclareHoldingForm()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declare_holding(
                staff=profile,
                certification=data["certification"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
                credential_id=data["credential_id"],
                verification_url=data["verification_url"],
                evidence=data["evidence"] or None,
                actor=request.user,
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Declared. HR will verify it."))
            return redirect("certification:my_certifications")
    return render(request, "certification/declare.html", {"form": form})


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _viewable_holding(request: HttpRequest, pk: int) -> Holding:
    """The holder's own holding, or — for HR — one of their organisation's; otherwise 404."""
    queryset = Holding.objects.select_related("certification", "staff", "organisation")
    own = queryset.filter(pk=pk, staff__user=request.user).first()
    if own is not None:
        return own
    if request.user.has_perm(VERIFY_HOLDINGS):
        holding = scope_to_organisation(queryset, request.user).filter(pk=pk).first()
        if holding is not None:
            return holding
    raise Http404


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    holding = _viewable_holding(request, pk)
    if not holding.evidence:
        raise Http404
    extension = holding.evidence.name.rsplit(".", 1)[-1]
    response = FileResponse(
        holding.evidence.open("rb"),
        content_type=holding.evidence_content_type or "application/octet-stream",
        as_attachment=True,
        filename=f"evidence-{holding.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    holding = _viewable_holding(request, pk)
    if holding.source != HoldingSource.AWARDED or not holding.serial:
        raise Http404
    url = request.build_absolute_uri(reverse("certification:verify", args=[holding.serial]))
    response = HttpResponse(certificate_pdf(holding, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{holding.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def verify(request: HttpRequest, serial: str) -> HttpResponse:
    """Public: name, certificate, date and validity of an awarded certificate — nothing else."""
    holding = (
        Holding.objects.filter(serial=serial, source=HoldingSource.AWARDED)
        .select_related("certification", "staff", "organisation")
        .first()
    )
    available = holding is not None and CertificationPolicy.allows_public_verification(
        holding.organisation
    )
    if not available:
        # A serial is at most 40 characters: a longer address is not echoed back in full.
        response = render(request, "certification/verify.html", {"serial": serial[:40]}, status=404)
    else:
        response = render(
            request,
            "certification/verify.html",
            {
                "serial": serial,
                "holding": holding,
                "valid": holding.state == HoldingState.VERIFIED and holding.counts,
            },
        )
    # A holder's name is shown to whoever has the serial, not to search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
