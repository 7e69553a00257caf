"""Django's admin is for platform admins only; everyone else authors in Wagtail (/cms/).

"Platform admin" is one rule, ``has_role(user, Role.PLATFORM_ADMIN)``: the platform_admin group, and a
superuser counts as one. The admin's own ``is_staff`` flag plays no part, at the door or at its login form.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent
from .people.roles import Role, has_role


def is_platform_admin(user) -> bool:
    return bool(user.is_active) and has_role(user, Role.PLATFORM_ADMIN)


def platform_admins_only(request) -> bool:
    return is_platform_admin(request.user)


class PlatformAdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, asking for the platform-admin role instead of ``is_staff``."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s and password of a platform admin."
            " Both fields may be case-sensitive."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        # AuthenticationForm's own check (an inactive account), not the admin's is_staff check.
        super(AdminAuthenticationForm, self).confirm_login_allowed(user)
        if not is_platform_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


admin.site.has_permission = platform_admins_only
admin.site.login_form = PlatformAdminLoginForm
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
