from django.contrib import admin

from .models import DepartmentAssignment, StaffProfile


class DepartmentAssignmentInline(admin.TabularInline):
    model = DepartmentAssignment
    extra = 0
    raw_id_fields = ["department"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = [
        "employee_number",
        "full_name",
        "organisation",
        "department",
        "tier",
        "is_active",
    ]
    list_filter = ["organisation", "tier", "is_active"]
    search_fields = [
        "employee_number",
        "family_name",
        "given_name",
        "family_name_kana",
        "user__username",
    ]
    raw_id_fields = ["user", "department"]
    inlines = [DepartmentAssignmentInline]
