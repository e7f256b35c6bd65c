"""Writing and verifying the audit trail.

Each event's hash covers its own content and the previous event's hash, so altering or
removing any row breaks every later link. Writers take a transaction-scoped lock so two
concurrent events can never chain to the same predecessor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEvent

GENESIS_HASH = "0" * 64
# An arbitrary constant naming the advisory lock that serialises the chain in PostgreSQL.
_CHAIN_LOCK_KEY = 7_311_562_001


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def event_hash(event: AuditEvent) -> str:
    content = {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "agency_code": event.agency_code,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "nominal_id": event.nominal_id,
        "ip_address": event.ip_address,
        "reason": event.reason,
        "detail": event.detail,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    nominal_id: int | None = None,
    request: HttpRequest | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction of the write it describes."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        agency = getattr(actor, "agency", None)
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_username=getattr(actor, "username", "") or "",
            agency_code=agency.code if agency else "",
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            nominal_id=nominal_id,
            ip_address=_client_ip(request),
            reason=reason,
            detail=detail or {},
            previous_hash=last or GENESIS_HASH,
        )
        event.hash = event_hash(event)
        event.save()
        return event


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    problem: str


def first_broken_link() -> ChainBreak | None:
    """Walk the chain in order; report the first event that does not follow from the last."""
    expected_previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != expected_previous:
            return ChainBreak(event.id, "previous_hash does not match the event before it")
        if event_hash(event) != event.hash:
            return ChainBreak(event.id, "content does not match its hash")
        expected_previous = event.hash
    return None
