from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from .roles import sync_roles_after_migrate

        # After every migrate the role groups hold exactly the permissions roles.py lists.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="people.sync_roles")
