from django.urls import path

import lms.converters  # noqa: F401 (registers the "id" converter)

from . import hr_views, views

app_name = "certification"
urlpatterns = [
    path("certifications/", views.catalogue, name="catalogue"),
    path("my/certifications/", views.my_certifications, name="my_certifications"),
    path("my/certifications/declare/", views.declare, name="declare"),
    path("certifications/holdings/<id:pk>/evidence/", views.evidence, name="evidence"),
    path(
        "certifications/holdings/<id:pk>/certificate.pdf",
        views.certificate,
        name="certificate_pdf",
    ),
    path("verify/<str:serial>/", views.verify, name="verify"),
    path("hr/<slug:org>/certifications/", hr_views.holdings, name="hr_holdings"),
    path("hr/<slug:org>/certifications/<id:pk>/", hr_views.review, name="hr_review"),
    path("hr/<slug:org>/certifications/settings/", hr_views.policy, name="hr_policy"),
]
