"""Middleware of our own. First in MIDDLEWARE: /healthz, answered before any host check or HTTPS redirect."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .views import healthz

HEALTHZ_PATH = "/healthz"


class HealthzMiddleware:
    """Serves /healthz to load-balancer probes as they come: plain HTTP, a node's IP as the Host.

    Behind a load balancer, production settings would otherwise redirect the probe to https
    (SECURE_SSL_REDIRECT) or answer 400 for a Host outside ALLOWED_HOSTS (probes use the node's IP), and
    the node would be taken out of rotation although it is healthy. The answer names no host and sets no
    cookie, so skipping those checks for this one path exposes nothing; every other path keeps them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
