"""Emergency access ("break glass") to a record outside the user's agencies.

A Responsible Authority offender manager states a reason and the person's reference or
PNC number. Only once the reason is long enough is the register searched at all, so the
page never tells someone without a reason whether a person exists. Access is read-only,
lasts EMERGENCY_ACCESS_HOURS, is flagged on every audit event it produces, and waits in
the record's area co-ordinator's review queue until marked justified or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from audit import trail
from audit.models import AuditEvent
from kernel.actor import Actor
from kernel.errors import collect

from . import policy
from .models import EmergencyAccess, ReviewOutcome
from .policy.records import nominal_model

if TYPE_CHECKING:
    from register.models import Nominal

MIN_REASON_LENGTH = 20
NOT_FOUND_MESSAGE = "No record matches this reference or PNC number. Check it and try again."


def access_hours() -> int:
    return int(getattr(settings, "EMERGENCY_ACCESS_HOURS", 4))


def _clean_identifier(text: str) -> str:
    return "".join(text.split()).upper()


def find_record(identifier: str) -> Nominal | None:
    """Exact match on the OpenMAPPA reference or the PNC number, across England and Wales."""
    wanted = _clean_identifier(identifier)
    if not wanted:
        return None
    people = nominal_model().objects
    return people.filter(reference__iexact=wanted).first() or people.filter(pnc=wanted).first()


@dataclass(frozen=True)
class Opened:
    """The outcome of asking: the new access, or the record the user could see anyway."""

    nominal: Nominal
    access: EmergencyAccess | None


def open_access(*, actor: Actor, identifier: str, reason: str) -> Opened:
    """Open a record in an emergency. Raises ValidationError naming the field at fault.

    Checks the reason before looking anything up. A failed lookup is audited too, with the
    reason, so fishing for people is visible."""
    reason = " ".join(reason.split())
    errors: dict[str, list[str]] = {}
    if not _clean_identifier(identifier):
        errors["identifier"] = ["Enter the person's OpenMAPPA reference or PNC number"]
    if len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = [f"Explain why you need this record now, in at least {MIN_REASON_LENGTH} characters"]
    collect(errors)
    if not policy.may_request_emergency_access(actor.user):
        collect({"identifier": [NOT_FOUND_MESSAGE]})
    nominal = find_record(identifier)
    if nominal is None:
        trail.record(
            actor=actor,
            action="emergency_access.not_found",
            reason=reason,
            detail={"identifier": _clean_identifier(identifier)[:40], "emergency": True},
        )
        collect({"identifier": [NOT_FOUND_MESSAGE]})
    assert nominal is not None
    if policy.can_view_nominal_ordinarily(actor.user, nominal):
        return Opened(nominal=nominal, access=None)
    now = timezone.now()
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            user=actor.user,
            nominal=nominal,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(hours=access_hours()),
        )
        trail.record(
            actor=actor,
            action="emergency_access.open",
            obj=access,
            nominal_id=nominal.pk,
            reason=reason,
            detail={"emergency": True, "expires_at": access.expires_at.isoformat()},
        )
    return Opened(nominal=nominal, access=access)


def review(*, actor: Actor, access: EmergencyAccess, outcome: str, note: str) -> EmergencyAccess:
    """The co-ordinator's verdict on one emergency access, with a note. Once only."""
    errors: dict[str, list[str]] = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = ["Select whether the emergency access was justified"]
    if not note.strip():
        errors["note"] = ["Enter a note explaining the decision"]
    collect(errors)
    with transaction.atomic():
        locked = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if locked.reviewed_at is not None:
            collect({"outcome": ["This emergency access has already been reviewed"]})
        locked.reviewed_by = actor.user
        locked.reviewed_at = timezone.now()
        locked.review_outcome = outcome
        locked.review_note = note.strip()
        locked.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_note"])
        trail.record(
            actor=actor,
            action="emergency_access.review",
            obj=locked,
            nominal_id=locked.nominal_id,
            reason=locked.review_note,
            detail={"outcome": outcome, "user_id": locked.user_id, "emergency": True},
        )
    return locked


def review_queue(*, requested_by: User) -> QuerySet[EmergencyAccess]:
    """Unreviewed emergency accesses to records in the co-ordinator's area, oldest first."""
    if not policy.is_coordinator(requested_by):
        return EmergencyAccess.objects.none()
    assert requested_by.agency is not None
    return (
        EmergencyAccess.objects.filter(nominal__area_id=requested_by.agency.area_id, reviewed_at__isnull=True)
        .exclude(user=requested_by)
        .select_related("user", "user__agency", "nominal")
        .order_by("started_at", "pk")
    )


def recently_reviewed(*, requested_by: User, limit: int = 20) -> list[EmergencyAccess]:
    if not policy.is_coordinator(requested_by):
        return []
    assert requested_by.agency is not None
    return list(
        EmergencyAccess.objects.filter(nominal__area_id=requested_by.agency.area_id, reviewed_at__isnull=False)
        .select_related("user", "nominal", "reviewed_by")
        .order_by("-reviewed_at")[:limit]
    )


def reviewable(*, requested_by: User, pk: int) -> EmergencyAccess | None:
    """An emergency access waiting for this co-ordinator's review."""
    access = EmergencyAccess.objects.filter(pk=pk, reviewed_at__isnull=True).select_related("nominal", "user").first()
    if access is None or not policy.can_review_emergency_access(requested_by, access):
        return None
    return access


def my_live_accesses(*, requested_by: User) -> QuerySet[EmergencyAccess]:
    return (
        EmergencyAccess.objects.filter(user_id=requested_by.pk, expires_at__gt=timezone.now())
        .select_related("nominal")
        .order_by("-started_at")
    )


def events_during(*, access: EmergencyAccess) -> QuerySet[AuditEvent]:
    """What the user did with the record while the emergency access lasted."""
    return AuditEvent.objects.filter(
        actor_id=access.user_id,
        nominal_id=access.nominal_id,
        occurred_at__gte=access.started_at,
        occurred_at__lte=access.expires_at,
    ).order_by("id")
