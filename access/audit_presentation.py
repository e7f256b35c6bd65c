"""Audit events in words, for the "who has viewed this record" and audit search pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accounts.models import Agency
from audit.models import AuditEvent

from .policy.records import nominal_model

ACTIONS = {
    "nominal.view": "Viewed",
    "nominal.create": "Created the record",
    "nominal.update": "Changed personal details",
    "nominal.search": "Searched for people",
    "alias.create": "Added an alias",
    "address.create": "Added an address",
    "conviction.create": "Added a conviction",
    "registration.create": "Registered under MAPPA",
    "registration.level_change": "Changed the MAPPA level",
    "registration.archive": "Archived the MAPPA registration",
    "registration.reactivate": "Reactivated the MAPPA registration",
    "pdp.create": "Recorded as a potentially dangerous person",
    "audit.search": "Searched the audit log",
    "auth.sign_in": "Signed in",
    "auth.sign_out": "Signed out",
    "auth.token_issue": "Was issued an API token",
}
SECTIONS = {
    "summary": "summary",
    "personal_details": "personal details",
    "addresses": "addresses",
    "convictions": "convictions",
    "mappa": "MAPPA registration",
    "api": "record (API)",
    "viewers": "who has viewed the record",
    "api.viewers": "who has viewed the record (API)",
}


def section_of(event: AuditEvent) -> str:
    detail = event.detail if isinstance(event.detail, dict) else {}
    return str(detail.get("section", ""))


def _humanise(action: str) -> str:
    """An action without a written label, still in words: "custody.release_confirm" reads
    "Custody: release confirm", so the auditor never has to decode a key."""
    subject, _, verb = action.partition(".")
    subject = subject.replace("_", " ").capitalize()
    return f"{subject}: {verb.replace('_', ' ').replace('.', ' ')}" if verb else subject


def describe(event: AuditEvent) -> str:
    """What happened, in words: "Viewed personal details", "Changed the MAPPA level"."""
    label = ACTIONS.get(event.action) or _humanise(event.action)
    section = section_of(event)
    if event.action == "nominal.view":
        return f"{label} {SECTIONS.get(section, section.replace('_', ' ')) or 'the record'}"
    if section:
        return f"{label} ({SECTIONS.get(section, section.replace('_', ' '))})"
    return label


@dataclass(frozen=True)
class EventRow:
    id: int
    occurred_at: datetime
    who: str
    username: str
    agency_code: str
    agency_name: str
    what: str
    action: str
    nominal_id: int | None
    nominal_reference: str
    ip_address: str
    reason: str
    detail: dict[str, Any]


def rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Events ready for a table; the agency is named from the code recorded at the time."""
    events = list(events)
    codes = {event.agency_code for event in events if event.agency_code}
    names = dict(Agency.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    # The reference only, never the name: an auditor does not see the person's record.
    ids = {event.nominal_id for event in events if event.nominal_id is not None}
    references = dict(nominal_model().objects.filter(pk__in=ids).values_list("pk", "reference")) if ids else {}
    result = []
    for event in events:
        actor = event.actor
        result.append(
            EventRow(
                id=event.id,
                occurred_at=event.occurred_at,
                who=(actor.get_full_name() if actor else "") or event.actor_username or "System",
                username=event.actor_username,
                agency_code=event.agency_code,
                agency_name=names.get(event.agency_code, ""),
                what=describe(event),
                action=event.action,
                nominal_id=event.nominal_id,
                nominal_reference=references.get(event.nominal_id, "") if event.nominal_id is not None else "",
                ip_address=event.ip_address or "",
                reason=event.reason,
                detail=event.detail if isinstance(event.detail, dict) else {},
            )
        )
    return result
