"""Writing and verifying the audit trail.

Each event's hash covers its own content and the previous event's hash, so altering or
removing any row breaks every later link. Writers take a transaction-scoped lock so two
concurrent events can never chain to the same predecessor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kernel.actor import Actor
from kernel.actor import canonical_address as canonical_ip

from .models import AuditEvent

GENESIS_HASH = "0" * 64
# An arbitrary constant naming the advisory lock that serialises the chain in PostgreSQL.
_CHAIN_LOCK_KEY = 7_311_562_001


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
        "ip_address": canonical_ip(event.ip_address),
        "reason": event.reason,
        "detail": event.detail,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    *,
    actor: Actor | Any,
    action: str,
    obj: Any = None,
    nominal_id: int | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction of the write it describes.

    `actor` is the Actor of the request (its user, client address and any reason), or a
    bare user, or None, for work with no request (commands, scheduled jobs)."""
    request_address = None
    if isinstance(actor, Actor):
        request_address = actor.client_address
        reason = reason or actor.reason
        actor = actor.user
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
            ip_address=request_address,
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


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the chain: how many events, the last one, the first break."""

    checked: int
    head_id: int | None
    head_hash: str
    broken: ChainBreak | None
    anchor_found: bool | None = None


def verify_chain(
    *,
    expect_hash: str | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 10_000,
    chunk_size: int = 2000,
    events: Iterable[AuditEvent] | None = None,
) -> ChainReport:
    """Walk the chain in order and stop at the first event that does not follow from the one
    before it. `expect_hash` is a hash noted from an earlier run: if the chain no longer holds
    it, events at the end were removed (which no later link can show). `progress` is called
    with the number checked so far every `progress_every` events. `events`: the events to
    walk, in id order, when they come from elsewhere (a restored copy, in the restore drill)."""
    expected_previous = GENESIS_HASH
    previous_id: int | None = None
    checked = 0
    anchor_found = None if expect_hash is None else False
    if events is None:
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size)
    for event in events:
        if event.previous_hash != expected_previous:
            if previous_id is None:
                problem = "the first event does not start the chain: earlier events were removed or it was altered"
            else:
                problem = (
                    f"its previous_hash does not match the hash of event {previous_id} before it: "
                    "an event between them was removed, or this event was altered"
                )
            return ChainReport(checked, previous_id, expected_previous, ChainBreak(event.id, problem), anchor_found)
        if event_hash(event) != event.hash:
            problem = "its content does not match its hash: the event was altered"
            return ChainReport(checked, previous_id, expected_previous, ChainBreak(event.id, problem), anchor_found)
        if expect_hash is not None and event.hash == expect_hash:
            anchor_found = True
        expected_previous = event.hash
        previous_id = event.id
        checked += 1
        if progress is not None and checked % progress_every == 0:
            progress(checked)
    return ChainReport(checked, previous_id, expected_previous, None, anchor_found)


def first_broken_link() -> ChainBreak | None:
    """Walk the chain in order; report the first event that does not follow from the last."""
    return verify_chain().broken
