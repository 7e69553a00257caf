"""A chooser for notebook exercises (``grading.Exercise``), used by the lesson's exercise block.

The grading app owns the model and the rule: this chooser lets a trainer pick only the exercises
``grading.scoping.exercises_for`` gives them (shared exercises and their organisation's; all of them for
platform admins).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class _ScopedExercises:
    def get_object_list(self):
        from grading.scoping import exercises_for

        return (
            super().get_object_list().filter(pk__in=exercises_for(self.request.user).values("pk"))
        )


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
