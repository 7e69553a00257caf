"""Notebook exercises in Wagtail admin: the list, settings form, and each exercise's dashboard
(upload → validation report, learner preview, publish, gradebook with CSV, failure rates, manual
grading, re-grade). Every query is scoped: see :mod:`grading.scoping`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from grading import scoping
from grading.admin_views import exercises as exercise_views
from grading.admin_views import manual as manual_views
from grading.models import Exercise
from lms.people.scoping import organisation_of

FORM_FIELDS = [
    "title",
    "description",
    "cell_timeout_seconds",
    "notebook_timeout_seconds",
    "attempts_allowed",
    "due_at",
    "late_policy",
    "late_penalty_percent",
]


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return scoping.exercises_for(self.request.user).select_related(
            "organisation", "published_version"
        )

    def get_edit_url(self, instance):
        return reverse("grading_exercises:dashboard", args=[instance.pk])


class ScopedCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.organisation = organisation_of(self.request.user)
        instance.created_by = self.request.user
        instance.save()
        return instance

    def get_success_url(self):
        return reverse("grading_exercises:dashboard", args=[self.object.pk])


class ScopedEditView(generic.EditView):
    def get_object(self, queryset=None):
        exercise = get_object_or_404(scoping.exercises_for(self.request.user), pk=self.kwargs["pk"])
        if not scoping.can_edit(self.request.user, exercise):
            raise PermissionDenied
        return exercise

    def get_success_url(self):
        return reverse("grading_exercises:dashboard", args=[self.object.pk])


class ScopedDeleteView(generic.DeleteView):
    def get_object(self, queryset=None):
        exercise = get_object_or_404(scoping.exercises_for(self.request.user), pk=self.kwargs["pk"])
        if not scoping.can_edit(self.request.user, exercise) or exercise.submissions.exists():
            raise PermissionDenied
        return exercise


def _status(exercise: Exercise) -> str:
    if exercise.published_version_id:
        return str(_("Published (v%(number)s)") % {"number": exercise.published_version.number})
    return str(_("Draft"))


class ExerciseViewSet(ModelViewSet):
    model = Exercise
    icon = "code"
    menu_label = _("Notebook exercises")
    menu_order = 250
    add_to_admin_menu = True
    form_fields = FORM_FIELDS
    list_display = [
        "title",
        Column("organisation", label=_("Municipality"), accessor="organisation"),
        Column("status", label=_("Status"), accessor=_status),
        "updated_at",
    ]
    search_fields = ["title"]
    copy_view_enabled = False
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/", exercise_views.dashboard, name="dashboard"),
            path("<int:pk>/upload/", exercise_views.upload_version, name="upload"),
            path("<int:pk>/regrade/", exercise_views.regrade, name="regrade"),
            path("<int:pk>/gradebook.csv", exercise_views.gradebook_csv, name="gradebook_csv"),
            path(
                "<int:pk>/versions/<int:version_pk>/publish/",
                exercise_views.publish,
                name="publish",
            ),
            path(
                "<int:pk>/versions/<int:version_pk>/validate/",
                exercise_views.validate_again,
                name="validate",
            ),
            path(
                "<int:pk>/versions/<int:version_pk>/preview/",
                exercise_views.preview,
                name="preview",
            ),
            path(
                "<int:pk>/submissions/<int:submission_pk>/",
                manual_views.grade_submission,
                name="manual",
            ),
        ]


exercise_viewset = ExerciseViewSet("grading_exercises", url_prefix="exercises")


@hooks.register("register_admin_viewset")
def register_exercise_viewset():
    return exercise_viewset
