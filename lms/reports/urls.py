from django.urls import path, re_path, register_converter
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.schemas import get_schema_view

import lms.converters  # noqa: F401 (registers the "id" converter)

from . import api
from .views import api_token, dashboard, exports, roster, targets


class FileFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportKindConverter:
    regex = "people|progress|holdings"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FileFormatConverter, "fileformat")
register_converter(ExportKindConverter, "exportkind")

api_patterns = [
    path("api/v1/<slug:org>/targets/", api.TargetListView.as_view(), name="api_targets"),
    path("api/v1/<slug:org>/targets/<id:pk>/", api.TargetDetailView.as_view(), name="api_target"),
    path("api/v1/<slug:org>/counts/", api.CountsView.as_view(), name="api_counts"),
    path(
        "api/v1/<slug:org>/people/progress/",
        api.PeopleProgressView.as_view(),
        name="api_people_progress",
    ),
]

app_name = "reports"
urlpatterns = [
    path("hr/", dashboard.index, name="dashboard"),
    path("platform/totals/", dashboard.platform, name="platform"),
    path("hr/<slug:org>/", dashboard.overview_page, name="overview"),
    path("hr/<slug:org>/targets/new/", targets.create, name="target_create"),
    path("hr/<slug:org>/targets/<id:pk>/", targets.detail, name="target"),
    path("hr/<slug:org>/targets/<id:pk>/edit/", targets.edit, name="target_edit"),
    path("hr/<slug:org>/targets/<id:pk>/delete/", targets.delete, name="target_delete"),
    path("hr/<slug:org>/targets/<id:pk>/people/", targets.people, name="target_people"),
    path(
        "hr/<slug:org>/targets/<id:pk>/people.<fileformat:file_format>",
        targets.people_export,
        name="target_people_export",
    ),
    path("hr/<slug:org>/roster/", roster.upload, name="roster"),
    path("hr/<slug:org>/roster/<id:pk>/", roster.preview, name="roster_preview"),
    path("hr/<slug:org>/exports/", exports.index, name="exports"),
    path(
        "hr/<slug:org>/exports/<exportkind:kind>.<fileformat:file_format>",
        exports.download,
        name="export",
    ),
    path("hr/<slug:org>/api-token/", api_token.api_token, name="api_token"),
    *api_patterns,
    path(
        "api/v1/schema/",
        get_schema_view(
            title="Manabi HR API",
            version="1.0.0",
            description="Read-only: target status, counts and people's progress of one organisation.",
            patterns=api_patterns,
            generator_class=api.TokenSchemaGenerator,
            renderer_classes=[JSONOpenAPIRenderer, api.OpenAPIAsJSONRenderer],
            public=True,
            # The schema describes the endpoints and holds no data: anyone may read it.
            authentication_classes=[],
            permission_classes=[AllowAny],
        ),
        name="api_schema",
    ),
    # Last: an address under /api/ that nothing above serves answers in JSON. Only ones ending
    # in "/", so APPEND_SLASH still redirects ".../targets" to ".../targets/".
    re_path(r"^api/(?:.*/)?$", api.not_found, name="api_not_found"),
]
