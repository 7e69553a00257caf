"""Exercise, submission and grade models. The grading engineer owns and extends this file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Exercise(models.Model):
    """A notebook exercise. Lesson pages reference it through the notebook-exercise block."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("organisation"),
        help_text=_("Empty for an exercise shared by all municipalities."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("notebook exercise")
        verbose_name_plural = _("notebook exercises")

    def __str__(self) -> str:
        return self.title
