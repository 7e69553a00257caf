"""The one way to leave an audit row. Call it inside the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def record_event(
    action: str,
    *,
    actor: Any = None,
    organisation: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor_obj,
        organisation=organisation,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
