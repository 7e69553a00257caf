"""The external certification catalogue is there after every migrate, and after a test flush too.

Migration 0002 seeds it; ``flush`` (which test cases run between transactional tests) empties every table
and then sends ``post_migrate``, so this puts back what is missing — and never changes a row an admin edited.
"""

from __future__ import annotations

from importlib import import_module

SEED_MIGRATION = "lms.certification.migrations.0002_seed_external_certifications"


def ensure_external_catalogue() -> int:
    from .models import Certification

    catalogue = import_module(SEED_MIGRATION).CATALOGUE
    existing = set(Certification.objects.values_list("code", flat=True))
    missing = [row for row in catalogue if row[0] not in existing]
    for code, name, issuer, level, months, window, tiers, url in missing:
        Certification.objects.create(
            code=code,
            name=name,
            kind="external",
            issuer=issuer,
            level=level,
            validity_months=months,
            renewal_window_months=window,
            tiers=tiers,
            exam_url=url,
            sort_order=[row[0] for row in catalogue].index(code),
        )
    return len(missing)


def ensure_after_migrate(sender: object, **kwargs: object) -> None:
    ensure_external_catalogue()
