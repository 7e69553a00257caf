"""Staff in Django's admin (platform admins). A department or position changes only through a transfer,
``lms.people.services.move_staff``, which keeps the history and leaves an audit row: the profile's
department and position are read-only here, the history is read-only, and a "Transfer" page calls
``move_staff``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Department

from .models import DepartmentAssignment, StaffProfile
from .services import move_staff


class DepartmentAssignmentInline(admin.TabularInline):
    """The department history, as ``move_staff`` wrote it: shown, never edited here."""

    model = DepartmentAssignment
    extra = 0
    can_delete = False
    fields = ["department", "position", "start_date", "end_date"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none())
    effective_date = forms.DateField(
        label=_("transfer date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    position = forms.CharField(
        label=_("position"),
        max_length=StaffProfile._meta.get_field("position").max_length,
        required=False,
        help_text=_("Leave empty to keep the current position."),
    )

    def __init__(self, *args: object, profile: StaffProfile, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only the person's own municipality's departments can be chosen.
        self.fields["department"].queryset = Department.objects.filter(
            organisation_id=profile.organisation_id, is_active=True
        )
        self.fields["effective_date"].initial = timezone.localdate()


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
    raw_id_fields = ["user"]
    readonly_fields = ["department", "position", "transfer_link"]
    fields = [
        "user",
        "organisation",
        "employee_number",
        ("family_name", "given_name"),
        ("family_name_kana", "given_name_kana"),
        "tier",
        "is_active",
        "department",
        "position",
        "transfer_link",
    ]
    inlines = [DepartmentAssignmentInline]

    @admin.display(description=_("Transfer"))
    def transfer_link(self, profile: StaffProfile) -> str:
        note = gettext(
            "Department and position change only through a transfer, which keeps the history"
            " and the audit trail."
        )
        if profile.pk is None:
            return note
        url = reverse("admin:people_staffprofile_transfer", args=[profile.pk])
        return format_html(
            '{} <a href="{}">{}</a>', note, url, gettext("Transfer to another department…")
        )

    def get_urls(self) -> list:
        transfer = path(
            "<int:object_id>/transfer/",
            self.admin_site.admin_view(self.transfer_view),
            name="people_staffprofile_transfer",
        )
        return [transfer, *super().get_urls()]

    def transfer_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        profile = self.get_object(request, str(object_id))
        if profile is None:
            raise Http404
        if not self.has_change_permission(request, profile):
            raise PermissionDenied
        form = TransferForm(request.POST or None, profile=profile)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                move_staff(
                    profile,
                    data["department"],
                    effective_date=data["effective_date"],
                    position=data["position"] or None,
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("The transfer to %(department)s from %(date)s is saved.")
                    % {"department": data["department"].path, "date": data["effective_date"]},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:people_staffprofile_change", args=[profile.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Transfer"),
            "opts": self.model._meta,
            "original": profile,
            "form": form,
        }
        return TemplateResponse(request, "admin/people/staffprofile/transfer.html", context)
