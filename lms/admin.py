"""Django's admin is for platform admins only; everyone else authors in Wagtail (/cms/)."""

from django.contrib import admin

from .models import AuditEvent


def platform_admins_only(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = platform_admins_only
admin.site.site_header = "Manabi 学び"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "action", "actor", "organisation", "target_type", "target_id"]
    list_filter = ["action", "organisation"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
