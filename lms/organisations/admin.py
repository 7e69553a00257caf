from django.contrib import admin

from .models import Department, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "prefecture", "local_government_code", "is_active"]
    search_fields = ["name", "name_kana", "local_government_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["path", "kind", "organisation", "is_active"]
    list_filter = ["organisation", "kind", "is_active"]
    search_fields = ["path"]
    raw_id_fields = ["parent"]
