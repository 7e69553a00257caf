"""HR's API token: shown once created, and replaced on request."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from lms.audit import record_event
from lms.certification.access import hr_view


@hr_view()
def api_token(request, organisation):
    if request.method == "POST":
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            Token.objects.create(user=request.user)
            record_event("api.token_created", actor=request.user, organisation=organisation)
        messages.success(request, _("A new token was created; the old one no longer works."))
        return redirect("reports:api_token", org=organisation.slug)
    token = Token.objects.filter(user=request.user).first()
    return render(request, "reports/api_token.html", {"organisation": organisation, "token": token})
