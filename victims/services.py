"""Every write to the victims section: record a victim, change the record, add what they
must be told. Callers have checked policy.can_edit_victims; each write is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit import trail
from kernel.actor import Actor
from kernel.errors import collect
from kernel.records import locked, save_new_version
from register.models import Nominal

from .models import ContactBy, NotifyOn, Urgency, Victim, VictimKind, VictimNotification, VictimStatus

VICTIM_FIELDS = (
    "kind",
    "name",
    "status",
    "relationship",
    "contact_by",
    "contact_name",
    "in_contact_scheme",
    "no_contact_condition",
    "exclusion_zone",
    "other_protection",
    "notes",
)
CONTACT_RULE = "Name who is in contact with the victim and acts as the conduit to MAPPA (seed 003, 'Victim Focus')"
SCHEME_RULE = (
    "The victim contact scheme is run by the Victim Liaison Officer: select the VLO as the contact "
    "(seed 003, 'Victim Focus')"
)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in VICTIM_FIELDS}
    return {k: v.strip() if isinstance(v, str) else v for k, v in cleaned.items()}


def victim_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in VictimKind.values:
        errors["kind"] = ["Select whether this is a named person or a group"]
    if not values.get("name"):
        errors["name"] = ["Enter the person's name, or describe the group (for example children at a local school)"]
    if values.get("status") not in VictimStatus.values:
        errors["status"] = ["Select whether they are a victim, affected by the offence, or a potential victim"]
    contact_by = values.get("contact_by")
    if contact_by not in ContactBy.values:
        errors["contact_by"] = [CONTACT_RULE]
    elif contact_by != ContactBy.NONE and not values.get("contact_name"):
        errors["contact_name"] = [CONTACT_RULE]
    if values.get("in_contact_scheme") and contact_by not in (ContactBy.VLO, None, ""):
        errors["in_contact_scheme"] = [SCHEME_RULE]
    return errors


def _record(actor: Actor, action: str, victim: Victim, **detail: Any) -> None:
    trail.record(actor=actor, action=action, obj=victim, nominal_id=victim.nominal_id, detail=detail)


def record_victim(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Victim:
    values = _clean(values)
    collect(victim_errors(values))
    with transaction.atomic():
        victim = Victim.objects.create(nominal=nominal, recorded_by=actor.user, **values)
        # The name stays out of the audit detail: the audit log is not a restricted section.
        _record(actor, "victim.create", victim, status=victim.status, kind=victim.kind)
    return victim


def update_victim(
    *, actor: Actor, victim: Victim, values: dict[str, Any], expected_version: int | None = None
) -> Victim:
    values = _clean(values)
    with transaction.atomic():
        current = locked(victim, expected_version)
        merged = {f: getattr(current, f) for f in VICTIM_FIELDS} | values
        collect(victim_errors(merged))
        changed = sorted(f for f, v in values.items() if getattr(current, f) != v)
        for field, value in values.items():
            setattr(current, field, value)
        save_new_version(current)
        _record(actor, "victim.update", current, fields=changed)
    return current


def add_notification(*, actor: Actor, victim: Victim, values: dict[str, Any]) -> VictimNotification:
    """What the victim must be told of, by whom, how and how fast (seed 003, 'Approved Premises')."""
    event = values.get("event") or ""
    detail = (values.get("event_detail") or "").strip()
    notifier = (values.get("notifier") or "").strip()
    urgency = values.get("urgency") or ""
    method = (values.get("method") or "").strip()
    errors: dict[str, list[str]] = {}
    if event not in NotifyOn.values:
        errors["event"] = ["Select the event the victim must be told of"]
    elif event == NotifyOn.OTHER and not detail:
        errors["event_detail"] = ["Describe the event"]
    if not notifier:
        errors["notifier"] = ["Enter who must notify the victim (seed 003, 'Approved Premises')"]
    if urgency not in Urgency.values:
        errors["urgency"] = [
            "Select how fast: in an emergency as soon as possible, otherwise within office hours by the VLO "
            "(seed 003, 'Approved Premises')"
        ]
    if not method:
        errors["method"] = ["Enter how the victim is notified (seed 003, 'Approved Premises')"]
    collect(errors)
    with transaction.atomic():
        notification = VictimNotification.objects.create(
            victim=victim,
            event=event,
            event_detail=detail,
            notifier=notifier,
            urgency=urgency,
            method=method,
            recorded_by=actor.user,
        )
        Victim.objects.filter(pk=victim.pk).update(version=victim.version + 1)
        victim.version += 1
        _record(actor, "victim.notification_add", victim, event=event, urgency=urgency)
    return notification
