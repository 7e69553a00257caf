"""The HR API's OpenAPI schema as API clients ask for it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_answers_accept_application_json(client) -> None:
    """curl -H 'Accept: application/json' and code generators: is the schema served, not 406?"""
    response = client.get(reverse("reports:api_schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Manabi HR API"
