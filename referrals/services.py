"""Every write to referrals: draft, submit, countersign, gatekeep, dispute, final decision."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User
from audit import trail
from kernel import records
from kernel.actor import Actor
from kernel.errors import collect
from kernel.records import save_new_version
from register.models import Nominal

from .models import (
    DisputeDecision,
    GatekeepingDecision,
    MeetingNeeded,
    Rank,
    Referral,
    ReferralStatus,
    StaffRank,
)

logger = logging.getLogger(__name__)

# The rules a referral is checked against, each named where it is refused.
EMERGENCY_DATE_RULE = (
    "An emergency meeting is for a risk that is imminent: its date must be today or later, never in the past "
    "(rule meetings.emergency_not_in_past; seed 003, 'Emergency meetings')"
)
COUNTERSIGN_RULE = "A referral is countersigned by a manager of the referring agency (seed 003, 'Referral')"
LEVEL_RULE = "Referral is to level 2 or level 3 management (seed 003, 'Referral')"
INELIGIBLE_PDP_RULE = (
    "A referral that meets no MAPPA category is recorded with the reason and PDP management is considered "
    "(seed 003, 'Potentially Dangerous Persons')"
)

DRAFT_FIELDS = (
    "category",
    "index_offence",
    "reason_for_referral",
    "requested_level",
    "likelihood_of_reoffending",
    "reoffending_detail",
    "risk_of_serious_harm",
    "harm_to_whom",
    "harm_when",
    "imminence",
    "updated_risk_assessment",
    "outline_risk_management_plan",
    "meeting_needed",
    "emergency_meeting_by",
)
# What the MAPPA A form must hold before it is submitted, with the message for each gap.
REQUIRED_TO_SUBMIT: dict[str, str] = {
    "category": "Select the MAPPA category",
    "index_offence": "Enter the index offence",
    "reason_for_referral": "Enter the reason for the referral",
    "requested_level": "Select the level the referral is for (2 or 3)",
    "likelihood_of_reoffending": "Select the likelihood of re-offending",
    "risk_of_serious_harm": "Select the risk of serious harm",
    "harm_to_whom": "Enter who is at risk of serious harm",
    "harm_when": "Enter when the risk of serious harm is greatest",
    "imminence": "Select how imminent the risk is",
    "updated_risk_assessment": "Enter the updated risk assessment",
    "outline_risk_management_plan": "Enter the outline risk management plan",
    "meeting_needed": "Select whether an emergency meeting is needed",
}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in DRAFT_FIELDS}
    for key, value in cleaned.items():
        if isinstance(value, str):
            cleaned[key] = value.strip()
    return cleaned


def _draft_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    category = values.get("category")
    if category not in (None, "") and int(category) not in (1, 2, 3, 4):
        errors["category"] = ["Select category 1, 2, 3 or 4"]
    level = values.get("requested_level")
    if level not in (None, "") and int(level) not in (2, 3):
        errors["requested_level"] = [LEVEL_RULE]
    if values.get("meeting_needed") == MeetingNeeded.EMERGENCY:
        when = values.get("emergency_meeting_by")
        if isinstance(when, date) and when < timezone.localdate():
            errors["emergency_meeting_by"] = [EMERGENCY_DATE_RULE]
    return errors


def _record(actor: Actor, action: str, referral: Referral, **detail: Any) -> None:
    trail.record(actor=actor, action=action, obj=referral, nominal_id=referral.nominal_id, detail=detail)


def _locked_at(referral: Referral, expected_version: int | None, *statuses: str) -> Referral:
    """The referral under its row lock, refused unless it is at one of these steps."""
    fresh = records.locked(referral, expected_version)
    if fresh.status not in statuses:
        collect({"status": [f"This referral is {fresh.get_status_display().lower()}: that step is not open to it"]})
    return fresh


def _tell_referrer(referral: Referral, subject: str, body: str) -> None:
    """The referrer is told of each decision by email as well as on the referral page."""
    if not referral.referrer.email:
        return
    try:
        send_mail(
            f"OFFICIAL-SENSITIVE: {subject}",
            f"{body}\n\nReferral {referral.pk} for {referral.nominal.reference}. "
            "Sign in to OpenMAPPA to read the decision.",
            settings.DEFAULT_FROM_EMAIL,
            [referral.referrer.email],
        )
    except Exception as error:  # the decision stands; the referral page shows it anyway
        logger.warning("Could not email the referrer of referral %s: %s", referral.pk, error)


def create_referral(
    *,
    actor: Actor,
    nominal: Nominal,
    values: dict[str, Any],
    agencies_to_invite: Iterable[Agency] = (),
) -> Referral:
    """A draft MAPPA A referral by the acting user, for their agency."""
    values = _clean(values)
    errors = _draft_errors(values)
    if actor.user.agency is None:
        errors["referring_agency"] = ["Only a member of an agency can refer"]
    collect(errors)
    assert actor.user.agency is not None
    with transaction.atomic():
        referral = Referral.objects.create(
            nominal=nominal, referring_agency=actor.user.agency, referrer=actor.user, **values
        )
        referral.agencies_to_invite.set(list(agencies_to_invite))
        _record(actor, "referral.create", referral)
    return referral


def update_referral(
    *,
    actor: Actor,
    referral: Referral,
    values: dict[str, Any],
    agencies_to_invite: Iterable[Agency] | None = None,
    expected_version: int | None = None,
) -> Referral:
    values = _clean(values)
    with transaction.atomic():
        locked = _locked_at(referral, expected_version, ReferralStatus.DRAFT)
        merged = {f: getattr(locked, f) for f in DRAFT_FIELDS} | values
        collect(_draft_errors(merged))
        for field, value in values.items():
            setattr(locked, field, value)
        save_new_version(locked)
        if agencies_to_invite is not None:
            locked.agencies_to_invite.set(list(agencies_to_invite))
        _record(actor, "referral.update", locked, fields=sorted(values))
    return locked


def submit_referral(*, actor: Actor, referral: Referral, expected_version: int | None = None) -> Referral:
    """Draft to submitted: every part of the MAPPA A form must be filled in."""
    with transaction.atomic():
        locked = _locked_at(referral, expected_version, ReferralStatus.DRAFT)
        errors = {
            field: [message] for field, message in REQUIRED_TO_SUBMIT.items() if getattr(locked, field) in (None, "")
        }
        if locked.meeting_needed == MeetingNeeded.EMERGENCY and locked.emergency_meeting_by is None:
            errors["emergency_meeting_by"] = ["Enter the date by which the emergency meeting is needed"]
        errors |= _draft_errors({f: getattr(locked, f) for f in DRAFT_FIELDS})
        if not locked.agencies_to_invite.exists():
            errors["agencies_to_invite"] = ["Select the agencies to invite"]
        collect(errors)
        locked.status = ReferralStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.returned_reason = ""
        save_new_version(locked)
        _record(actor, "referral.submit", locked, emergency=locked.is_emergency)
    return locked


def countersign(
    *,
    actor: Actor,
    referral: Referral,
    approve: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> Referral:
    """A manager of the referring agency countersigns, or sends the draft back with a comment."""
    comment = comment.strip()
    collect({} if approve or comment else {"comment": ["Enter why the referral goes back to the referrer"]})
    with transaction.atomic():
        locked = _locked_at(referral, expected_version, ReferralStatus.SUBMITTED)
        if approve:
            locked.status = ReferralStatus.COUNTERSIGNED
            locked.countersigned_by = actor.user
            locked.countersigned_at = timezone.now()
            locked.countersign_comment = comment
        else:
            locked.status = ReferralStatus.DRAFT
            locked.returned_reason = comment
        save_new_version(locked)
        _record(actor, "referral.countersign" if approve else "referral.return", locked)
    if not approve:
        _tell_referrer(locked, "referral returned by your manager", f"Your manager returned the referral: {comment}")
    return locked


def gatekeep(
    *,
    actor: Actor,
    referral: Referral,
    decision: str,
    reason: str,
    level: int | None = None,
    pdp_considered: bool = False,
    pdp_outcome: str = "",
    expected_version: int | None = None,
) -> Referral:
    """The MAPPA co-ordinator's gatekeeping decision (within remit? risk sufficient?)."""
    reason, pdp_outcome = reason.strip(), pdp_outcome.strip()
    errors: dict[str, list[str]] = {}
    if decision not in GatekeepingDecision.values:
        errors["decision"] = ["Select the gatekeeping decision"]
    if decision == GatekeepingDecision.ACCEPT and level not in (2, 3):
        errors["level"] = [LEVEL_RULE]
    if decision in (GatekeepingDecision.NOT_ACCEPTED, GatekeepingDecision.INELIGIBLE) and not reason:
        errors["reason"] = ["Enter the reason: the referrer is told why"]
    if decision == GatekeepingDecision.INELIGIBLE and not (pdp_considered and pdp_outcome):
        errors["pdp_outcome"] = [INELIGIBLE_PDP_RULE]
    collect(errors)
    statuses = {
        GatekeepingDecision.ACCEPT: ReferralStatus.ACCEPTED,
        GatekeepingDecision.NOT_ACCEPTED: ReferralStatus.NOT_ACCEPTED,
        GatekeepingDecision.INELIGIBLE: ReferralStatus.INELIGIBLE,
    }
    with transaction.atomic():
        locked = _locked_at(referral, expected_version, ReferralStatus.COUNTERSIGNED)
        locked.status = statuses[GatekeepingDecision(decision)]
        locked.decision = decision
        locked.accepted_level = level if decision == GatekeepingDecision.ACCEPT else None
        locked.decision_reason = reason
        locked.pdp_considered = pdp_considered
        locked.pdp_outcome = pdp_outcome
        locked.gatekept_by = actor.user
        locked.gatekept_at = timezone.now()
        save_new_version(locked)
        _record(actor, "referral.gatekeep", locked, decision=decision, level=locked.accepted_level)
    _tell_referrer(
        locked,
        f"referral {locked.get_status_display().lower()}",
        f"The MAPPA co-ordinator's decision: {locked.get_decision_display()}. {reason}",
    )
    return locked


def dispute(
    *,
    actor: Actor,
    referral: Referral,
    reason: str,
    expected_version: int | None = None,
) -> Referral:
    """The referring agency disputes the co-ordinator's decision: it goes to its senior manager."""
    reason = reason.strip()
    collect({} if reason else {"reason": ["Enter why the decision is disputed"]})
    with transaction.atomic():
        locked = _locked_at(referral, expected_version, ReferralStatus.NOT_ACCEPTED, ReferralStatus.INELIGIBLE)
        locked.status = ReferralStatus.DISPUTED
        locked.disputed_by = actor.user
        locked.disputed_at = timezone.now()
        locked.dispute_reason = reason
        save_new_version(locked)
        _record(actor, "referral.dispute", locked)
    return locked


def resolve_dispute(
    *,
    actor: Actor,
    referral: Referral,
    decision: str,
    reason: str,
    level: int | None = None,
    expected_version: int | None = None,
) -> Referral:
    """The senior manager's decision: final, recorded, not open to a further dispute."""
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if decision not in DisputeDecision.values:
        errors["decision"] = ["Select the final decision"]
    if decision == DisputeDecision.ACCEPT and level not in (2, 3):
        errors["level"] = [LEVEL_RULE]
    if not reason:
        errors["reason"] = ["Enter the reason for the final decision"]
    collect(errors)
    with transaction.atomic():
        locked = _locked_at(referral, expected_version, ReferralStatus.DISPUTED)
        accepted = decision == DisputeDecision.ACCEPT
        locked.status = ReferralStatus.ACCEPTED if accepted else ReferralStatus.UPHELD
        locked.accepted_level = level if accepted else None
        locked.dispute_decision = decision
        locked.dispute_decision_reason = reason
        locked.dispute_decided_by = actor.user
        locked.dispute_decided_at = timezone.now()
        save_new_version(locked)
        _record(actor, "referral.dispute_decision", locked, decision=decision)
    _tell_referrer(
        locked, "final decision on a disputed referral", f"{locked.get_dispute_decision_display()}: {reason}"
    )
    return locked


def record_rank(*, actor: Actor, user: User, rank: str) -> StaffRank | None:
    """Record (or, with a blank rank, remove) a user's management rank."""
    collect({} if rank in ("", *Rank.values) else {"rank": ["Select a known rank"]})
    with transaction.atomic():
        if not rank:
            StaffRank.objects.filter(user=user).delete()
            trail.record(actor=actor, action="rank.remove", obj=user)
            return None
        staff_rank, _ = StaffRank.objects.update_or_create(
            user=user, defaults={"rank": rank, "recorded_by": actor.user}
        )
        trail.record(actor=actor, action="rank.record", obj=user, detail={"rank": rank})
    return staff_rank
