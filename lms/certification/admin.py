"""The certification catalogue is shared by every municipality: platform admins keep it in Django's admin.

Holdings are people's data and stay with each municipality's HR pages; they are not registered here.
"""

from django.contrib import admin
from django.db import models

from .models import Certification


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "validity_months", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["code", "name"]
    filter_horizontal = ["award_pages"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
