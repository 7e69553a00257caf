from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "lms.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 (connects the grading signal)
