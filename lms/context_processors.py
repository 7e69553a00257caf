from django.http import HttpRequest

from .navigation import items_for


def navigation(request: HttpRequest) -> dict:
    return {"nav_items": items_for(getattr(request, "user", None), request.path)}
