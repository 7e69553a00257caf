"""A chooser for notebook exercises (``grading.Exercise``), used by the lesson's exercise block.

The grading app owns the model; this chooser only lets trainers pick an exercise their organisation may
use (shared exercises and their own).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from lms.people.scoping import organisation_of


class _ScopedExercises:
    def get_object_list(self):
        exercises = super().get_object_list()
        user = self.request.user
        if user.is_superuser:
            return exercises
        organisation = organisation_of(user)
        return exercises.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


class ExerciseChooseView(_ScopedExercises, ChooseView):
    pass


class ExerciseChooseResultsView(_ScopedExercises, ChooseResultsView):
    pass


class ExerciseChooserViewSet(ChooserViewSet):
    model = "grading.Exercise"
    icon = "code"
    choose_one_text = _("Choose a notebook exercise")
    choose_another_text = _("Choose another exercise")
    choose_view_class = ExerciseChooseView
    choose_results_view_class = ExerciseChooseResultsView
    # The grading app may register its own widget for Exercise foreign keys; don't override it.
    register_widget = False


exercise_chooser_viewset = ExerciseChooserViewSet("courses_exercise_chooser")
ExerciseChooserBlock = exercise_chooser_viewset.get_block_class(
    name="ExerciseChooserBlock", module_path="courses.choosers"
)
