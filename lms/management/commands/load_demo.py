"""``manage.py load_demo``: the fictional municipalities, their staff and every feature's demo content."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lms.demo import DEMO_LOADERS, DEMO_PASSWORD
from lms.demo.people import demo_logins
from lms.people.roles import sync_roles

NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"


class Command(BaseCommand):
    help = "Loads the demo municipalities, staff and content. Running it again changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")
        parser.add_argument(
            NOT_PRODUCTION_FLAG,
            action="store_true",
            dest="not_production",
            help="Load the demo even though DEBUG is off (a throwaway machine, never production).",
        )

    def handle(self, *args, **options) -> None:
        if not options["logins"]:
            # The demo makes a superuser and dozens of accounts whose password is published.
            if not (settings.LOAD_DEMO_ALLOWED or options["not_production"]):
                raise CommandError(
                    _(
                        "load_demo refuses to run with DEBUG off: it creates a superuser whose"
                        " password is published. On a machine that is not production, add"
                        " %(flag)s."
                    )
                    % {"flag": NOT_PRODUCTION_FLAG}
                )
            # Wagtail logs every page it creates and publishes: hundreds of lines of demo content.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
            sync_roles()
            for dotted in DEMO_LOADERS:
                self.stdout.write(f"{dotted} …")
                import_string(dotted)(self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login, description in demo_logins():
            self.stdout.write(f"  {login:<24} {description}")
