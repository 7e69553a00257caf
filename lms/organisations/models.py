"""Municipalities sharing one Manabi instance, and their hierarchy of departments (部 / 課 / 係)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .codes import PREFECTURE_CHOICES, validate_local_government_code


class Organisation(models.Model):
    """A municipality (市区町村) or prefecture that trains its staff on this instance."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=PREFECTURE_CHOICES)
    local_government_code = models.CharField(
        _("local-government code"),
        max_length=6,
        unique=True,
        validators=[validate_local_government_code],
        help_text=_("The 6-digit code (全国地方公共団体コード), check digit included."),
    )
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["local_government_code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        code = self.local_government_code or ""
        if code[:2].isdigit() and self.prefecture and code[:2] != self.prefecture:
            raise ValidationError(
                {
                    "local_government_code": _(
                        "The code's first two digits must match the prefecture."
                    )
                }
            )


class DepartmentKind(models.TextChoices):
    BU = "bu", _("Division (部)")
    KA = "ka", _("Section (課)")
    KAKARI = "kakari", _("Unit (係)")


# Which kind of department may sit under which: 部 at the top, 課 under 部 (or at the top in towns
# without 部), 係 under 課.
ALLOWED_PARENT_KINDS = {
    DepartmentKind.BU: {None},
    DepartmentKind.KA: {None, DepartmentKind.BU},
    DepartmentKind.KAKARI: {DepartmentKind.KA},
}
PATH_SEPARATOR = "/"


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("organisation"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent department"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=DepartmentKind.choices)
    # The full path ("総務部/人事課/研修係"), kept in step by save(): imports and reports look it up.
    path = models.CharField(_("path"), max_length=400, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation", "path"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "path"], name="department_path_unique"),
        ]

    def __str__(self) -> str:
        return self.path or self.name

    def save(self, *args, **kwargs) -> None:
        previous_path = (
            Department.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            if self.pk
            else None
        )
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        if previous_path and previous_path != self.path:
            for child in self.children.all():
                child.save()  # a renamed or moved department renames the paths below it

    def clean(self) -> None:
        if PATH_SEPARATOR in self.name:
            raise ValidationError({"name": _("A department name cannot contain “/”.")})
        allowed = ALLOWED_PARENT_KINDS[DepartmentKind(self.kind)]
        if self.parent is None and None not in allowed:
            raise ValidationError({"parent": _("A unit (係) needs a parent section (課).")})
        if self.parent is not None:
            if self.parent.organisation_id != self.organisation_id:
                raise ValidationError({"parent": _("The parent belongs to another organisation.")})
            if self.parent.kind not in allowed:
                raise ValidationError(
                    {"parent": _("This kind of department cannot sit under the chosen parent.")}
                )

    def compute_path(self) -> str:
        return f"{self.parent.path}{PATH_SEPARATOR}{self.name}" if self.parent else self.name

    def descendant_ids(self) -> list[int]:
        """This department and every department below it (for reports by division)."""
        return list(
            Department.objects.filter(organisation_id=self.organisation_id)
            .filter(models.Q(pk=self.pk) | models.Q(path__startswith=self.path + PATH_SEPARATOR))
            .values_list("pk", flat=True)
        )
