from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "lms.certification"
    label = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from . import awards  # noqa: F401 (listens to course_completed)
