"""The three training tiers every curriculum, assignment and target refers to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    ALL_STAFF = "all_staff", _("All staff")
    MANAGERS = "managers", _("Managers and field leaders")
    PRACTITIONERS = "practitioners", _("Cloud and AI practitioners")
