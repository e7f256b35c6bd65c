"""Revoking a grant, the same for a share with an agency and a user's restricted-section access."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from audit import trail
from kernel.actor import Actor
from kernel.errors import collect

from .models import RestrictedAccessGrant, ShareGrant

Grant = TypeVar("Grant", ShareGrant, RestrictedAccessGrant)


def revoke_now(grant: Grant, *, actor: Actor, reason: str, action: str, already: str, detail: dict[str, Any]) -> Grant:
    """End the grant now, under a row lock, with the audit event `action` (its `detail`). A
    grant already revoked is refused with the message `already`; the caller checks the reason."""
    with transaction.atomic():
        locked = type(grant)._default_manager.select_for_update().get(pk=grant.pk)
        if locked.revoked_at is not None:
            collect({"grant": [already]})
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor.user
        locked.revoke_reason = reason.strip()
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        trail.record(
            actor=actor,
            action=action,
            obj=locked,
            nominal_id=locked.nominal_id,
            reason=locked.revoke_reason,
            detail=detail,
        )
    return locked
