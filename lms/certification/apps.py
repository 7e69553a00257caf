from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "lms.certification"
    label = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from . import awards  # noqa: F401 (listens to course_completed)
        from .seeding import ensure_after_migrate

        post_migrate.connect(
            ensure_after_migrate, sender=self, dispatch_uid="certification.catalogue"
        )
