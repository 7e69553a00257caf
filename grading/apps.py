from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    name = "grading"
    label = "grading"
    verbose_name = _("Grading")

    def ready(self) -> None:
        from grading import checks, schedule, worker  # noqa: F401 (checks; Celery signals)
