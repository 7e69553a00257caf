"""The read-only REST API (token authentication): target status, counts, people's progress.

Every endpoint lives under ``/api/v1/<organisation slug>/`` and passes the same gate as the HR pages
(``lms.certification.access.hr_organisation``): another municipality's slug answers 404.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.response import Response
from rest_framework.schemas.openapi import SchemaGenerator

from lms.certification.access import HR_DASHBOARD, hr_organisation
from lms.certification.models import Holding, HoldingState
from lms.certification.validity import counts_on
from lms.people.models import StaffProfile
from lms.people.scoping import get_scoped_or_404, scope_to_organisation

from . import overview, progress_source, targets
from .models import Target


class IsOrganisationHR(BasePermission):
    """404 for another organisation's slug, 403 without the HR permission (raised by the gate)."""

    def has_permission(self, request, view) -> bool:
        view.organisation = hr_organisation(request.user, view.kwargs["org"], HR_DASHBOARD)
        return True


class TokenSchemaGenerator(SchemaGenerator):
    """The OpenAPI schema, naming the token header every endpoint expects."""

    def get_schema(self, request=None, public=False) -> dict:
        schema = super().get_schema(request, public)
        schema.setdefault("components", {})["securitySchemes"] = {
            "token": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "“Token <key>”: the key from the HR page “API”.",
            }
        }
        schema["security"] = [{"token": []}]
        return schema


class OpenAPIAsJSONRenderer(JSONOpenAPIRenderer):
    """The same schema for clients that ask for ``Accept: application/json`` (curl, code generators)."""

    media_type = "application/json"
    format = "json"


class TargetSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    certifications = serializers.ListField(child=serializers.CharField())
    scope = serializers.CharField()
    scope_label = serializers.CharField()
    target_count = serializers.IntegerField()
    start_date = serializers.DateField()
    deadline = serializers.DateField()
    current = serializers.IntegerField()
    percent = serializers.FloatField()
    rate_per_month = serializers.FloatField()
    forecast_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=["on_track", "at_risk", "behind"])


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    population = serializers.IntegerField()
    holders = serializers.IntegerField()


class BurnupPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    holders = serializers.IntegerField()


class TargetDetailSerializer(TargetSummarySerializer):
    population = serializers.IntegerField()
    burnup = BurnupPointSerializer(many=True)
    by_department = BreakdownSerializer(many=True)
    by_tier = BreakdownSerializer(many=True)
    funnel = serializers.DictField(child=serializers.IntegerField(), allow_null=True)


class CountsSerializer(serializers.Serializer):
    date = serializers.DateField()
    people_by_tier = serializers.DictField(child=serializers.IntegerField())
    holders_by_certification = serializers.DictField(child=serializers.IntegerField())
    pending_verifications = serializers.IntegerField()
    expiring_within_90_days = serializers.IntegerField()


class PersonProgressSerializer(serializers.Serializer):
    employee_number = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField(allow_blank=True)
    tier = serializers.CharField()
    certifications = serializers.ListField(child=serializers.CharField())
    progress = serializers.DictField(child=serializers.IntegerField(), allow_null=True)


def _summary_data(summary: targets.Summary) -> dict:
    target, prediction = summary.target, summary.forecast
    return {
        "id": target.pk,
        "name": target.name,
        "certifications": [c.code for c in target.certifications.all()],
        "scope": target.scope,
        "scope_label": target.scope_label,
        "target_count": target.target_count,
        "start_date": target.start_date,
        "deadline": target.deadline,
        "current": prediction.current,
        "percent": round(prediction.percent, 1),
        "rate_per_month": round(prediction.rate_per_month, 2),
        "forecast_date": prediction.date,
        "status": summary.status.value,
    }


class OrganisationAPIView(GenericAPIView):
    permission_classes = [IsAuthenticated, IsOrganisationHR]

    def people(self):
        return scope_to_organisation(StaffProfile.objects.all(), self.request.user)


class TargetListView(OrganisationAPIView):
    """Every target of the organisation with its current count, forecast and status."""

    serializer_class = TargetSummarySerializer
    pagination_class = None

    def get(self, request, org: str):
        today = timezone.localdate()
        queryset = (
            scope_to_organisation(Target.objects.all(), request.user)
            .select_related("department")
            .prefetch_related("certifications")
        )
        data = [_summary_data(targets.summary(t, self.people(), today)) for t in queryset]
        return Response(self.get_serializer(data, many=True).data)


class TargetDetailView(OrganisationAPIView):
    """One target: summary, monthly burn-up, breakdown by department and tier, funnel."""

    serializer_class = TargetDetailSerializer

    def get(self, request, org: str, pk: int):
        target = get_scoped_or_404(
            Target.objects.select_related("department").prefetch_related("certifications"),
            request.user,
            pk=pk,
        )
        report = targets.report(target, self.people(), timezone.localdate(), request.user)
        data = {
            **_summary_data(report),
            "population": report.population,
            "burnup": [{"date": day, "holders": count} for day, count in report.burnup],
            "by_department": [row.__dict__ for row in report.by_department],
            "by_tier": [row.__dict__ for row in report.by_tier],
            "funnel": report.funnel.__dict__ if report.funnel else None,
        }
        return Response(self.get_serializer(data).data)


class CountsView(OrganisationAPIView):
    """Headline counts: people per tier, valid holders per certification, pending, expiring."""

    serializer_class = CountsSerializer

    def get(self, request, org: str):
        today = timezone.localdate()
        holdings = scope_to_organisation(Holding.objects.all(), request.user)
        data = {
            "date": today,
            "people_by_tier": {
                row.tier: row.people for row in overview.people_per_tier(self.people())
            },
            "holders_by_certification": {
                row.code: row.holders for row in overview.holders_by_certification(holdings, today)
            },
            "pending_verifications": holdings.filter(state=HoldingState.PENDING).count(),
            "expiring_within_90_days": overview.expiring(holdings, today).count(),
        }
        return Response(self.get_serializer(data).data)


class PeoplePagination(PageNumberPagination):
    page_size = 100
    max_page_size = 1000
    page_size_query_param = "page_size"


class PeopleProgressView(OrganisationAPIView):
    """Active people, page by page, with their valid certifications and learning progress."""

    serializer_class = PersonProgressSerializer
    pagination_class = PeoplePagination

    def get(self, request, org: str):
        today = timezone.localdate()
        queryset = (
            self.people()
            .filter(is_active=True)
            .select_related("department")
            .order_by("employee_number")
        )
        page = self.paginate_queryset(queryset)
        ids = [person.pk for person in page]
        held: dict[int, list[str]] = {}
        for staff_id, code in (
            Holding.objects.filter(counts_on(today), staff_id__in=ids)
            .values_list("staff_id", "certification__code")
            .distinct()
            .order_by("staff_id", "certification__code")
        ):
            held.setdefault(staff_id, []).append(code)
        progress = progress_source.progress_by_person(request.user, ids)
        data = [
            {
                "employee_number": person.employee_number,
                "name": person.full_name,
                "department": person.department.path if person.department else "",
                "tier": person.tier,
                "certifications": held.get(person.pk, []),
                "progress": progress.get(person.pk),
            }
            for person in page
        ]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)


def not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Any other address under /api/ (an id past the converter's range, a typo): JSON, not a page."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
