from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from .setup import ensure_after_migrate

        # After every migrate (and every test-database flush) the learning site exists at /learn/.
        post_migrate.connect(ensure_after_migrate, sender=self, dispatch_uid="courses.ensure_site")
