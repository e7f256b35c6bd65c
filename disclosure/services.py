"""Every write to disclosure decisions: decide, change the decision, carry it out, record
the recipient's acknowledgement, review it. Each is one transaction with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from access import policy
from accounts.models import User
from audit import trail
from kernel import due_dates
from kernel.actor import Actor
from kernel.errors import collect
from kernel.records import locked, save_new_version
from meetings.models import Meeting
from register.models import Nominal
from rules.reviews import DISCLOSURE_REVIEW, disclosure_review_due_on

from .models import AcknowledgementMethod, ChiefOfficerRank, Decision, Disclosure, RecipientKind

# The rules a disclosure is checked against, each named where it is refused.
SEED = "seed 003, 'Disclosure'"
DECISION_RULE = (
    f"Once disclosure has been considered, record the decision: disclose or not (rule disclosure.decision; {SEED})"
)
NOT_DISCLOSE_RULE = (
    f"A decision not to disclose records the defensible reasons for it (rule disclosure.reasons_not; {SEED})"
)
DISCLOSE_RULES: dict[str, str] = {
    "what": f"Enter what is to be disclosed (rule disclosure.what; {SEED})",
    "recipient_kind": (
        f"Select who receives the disclosure: a person, an organisation or the media (rule disclosure.to_whom; {SEED})"
    ),
    "recipient_name": f"Enter to whom the disclosure is made (rule disclosure.to_whom; {SEED})",
    "discloser": f"Select who will make the disclosure (rule disclosure.by_whom; {SEED})",
    "disclose_by": f"Enter the date by which the disclosure is made (rule disclosure.by_when; {SEED})",
    "reason": f"Enter why disclosure is needed to manage the risk (rule disclosure.reason; {SEED})",
}
OFFENDER_TOLD_RULE = f"Record whether the person is told of the disclosure (rule disclosure.offender_told; {SEED})"
OFFENDER_NOT_TOLD_RULE = (
    f"When the person is not told, record why: telling them would increase the risk to the victim "
    f"(rule disclosure.offender_not_told_reason; {SEED})"
)
MEETING_RULE = (
    f"At levels 2 and 3 the MAPP meeting decides: select the meeting about this person that made the decision "
    f"(rule disclosure.meeting_decides; {SEED})"
)
REGISTERED_RULE = (
    "Disclosure decisions are recorded for a person under active MAPPA management (rule disclosure.registered)"
)
CHIEF_OFFICER_RULE = (
    f"Disclosure to the media or with a photograph cannot be carried out until an officer of ACPO (chief officer) "
    f"rank has authorised it: record the authoriser's name, rank and date (rule disclosure.media_needs_chief_officer; "
    f"{SEED})"
)
AUTHORISER_COMPLETE_RULE = "Record the authoriser's name, chief officer rank and the date together"
CARRIED_OUT_RECIPIENT_RULE = (
    f"A disclosure cannot be carried out without a recipient: record to whom it is made "
    f"(rule disclosure.carried_out_recipient; {SEED})"
)
CARRIED_OUT_DATE_RULE = "Enter the date the disclosure was made (rule disclosure.carried_out_date)"
CARRIED_OUT_DECISION_RULE = "Only a decision to disclose can be carried out (rule disclosure.carried_out_decision)"
ACK_RULE = (
    "The recipient acknowledges the information is confidential and not to be passed on without the chair's "
    f"agreement; record when and how (rule disclosure.acknowledgement; {SEED}, seed 002)"
)
LOCKED_RULE = "This disclosure has been carried out: it is a record of what happened. Record a new decision instead."
NOT_FUTURE = "The date cannot be in the future"

# The decision as its decider writes it; the API shows these in this order.
DECISION_FIELDS = (
    "meeting",
    "considered",
    "decision",
    "decided_on",
    "reason",
    "reasons_not_to_disclose",
    "what",
    "recipient_kind",
    "recipient_name",
    "recipient_organisation",
    "recipient_relationship",
    "includes_photograph",
    "discloser",
    "disclose_by",
    "offender_told",
    "offender_not_told_reason",
    "authoriser_name",
    "authoriser_rank",
    "authorised_on",
)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in DECISION_FIELDS}
    return {k: v.strip() if isinstance(v, str) else v for k, v in cleaned.items()}


def _authoriser_errors(values: dict[str, Any], today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    given = [values.get("authoriser_name"), values.get("authoriser_rank"), values.get("authorised_on")]
    if any(given) and not all(given):
        for field, value in zip(("authoriser_name", "authoriser_rank", "authorised_on"), given, strict=True):
            if not value:
                errors[field] = [AUTHORISER_COMPLETE_RULE]
    rank = values.get("authoriser_rank")
    if rank and rank not in ChiefOfficerRank.values:
        errors["authoriser_rank"] = [CHIEF_OFFICER_RULE]
    authorised_on = values.get("authorised_on")
    if isinstance(authorised_on, date) and authorised_on > today:
        errors["authorised_on"] = [NOT_FUTURE]
    return errors


def decision_errors(values: dict[str, Any], *, nominal: Nominal, level: int) -> dict[str, list[str]]:
    """Everything wrong with a decision, all at once."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    decided_on = values.get("decided_on")
    if not isinstance(decided_on, date):
        errors["decided_on"] = ["Enter the date of the decision"]
    elif decided_on > today:
        errors["decided_on"] = [NOT_FUTURE]
    decision = values.get("decision") or ""
    if values.get("considered", True):
        if decision not in Decision.values:
            errors["decision"] = [DECISION_RULE]
    elif decision:
        errors["decision"] = ["A decision can only be recorded once disclosure has been considered"]
    if decision == Decision.NOT_DISCLOSE and not values.get("reasons_not_to_disclose"):
        errors["reasons_not_to_disclose"] = [NOT_DISCLOSE_RULE]
    if decision == Decision.DISCLOSE:
        for field, message in DISCLOSE_RULES.items():
            if values.get(field) in (None, ""):
                errors[field] = [message]
        if values.get("recipient_kind") and values["recipient_kind"] not in RecipientKind.values:
            errors["recipient_kind"] = [DISCLOSE_RULES["recipient_kind"]]
        if values.get("offender_told") is None:
            errors["offender_told"] = [OFFENDER_TOLD_RULE]
        elif values["offender_told"] is False and not values.get("offender_not_told_reason"):
            errors["offender_not_told_reason"] = [OFFENDER_NOT_TOLD_RULE]
        discloser = values.get("discloser")
        if isinstance(discloser, User) and not (discloser.is_active and discloser.agency_id):
            errors["discloser"] = ["Select an active member of an agency to make the disclosure"]
    meeting = values.get("meeting")
    if level in (2, 3) and (not isinstance(meeting, Meeting) or meeting.nominal_id != nominal.pk):
        errors["meeting"] = [MEETING_RULE]
    elif meeting is not None and (not isinstance(meeting, Meeting) or meeting.nominal_id != nominal.pk):
        errors["meeting"] = ["Select a meeting about this person"]
    errors |= _authoriser_errors(values, today)
    return errors


def _saved(actor: Actor, action: str, disclosure: Disclosure, **detail: Any) -> None:
    """Store the locked decision as its next version, with its audit event."""
    save_new_version(disclosure)
    trail.record(actor=actor, action=action, obj=disclosure, nominal_id=disclosure.nominal_id, detail=detail)


def _review_due(disclosure: Disclosure, from_date: date) -> date | None:
    """The next review, from rules/ (rule disclosure.level_1_review): 4 months for
    category 1 and 2 at level 1, none otherwise."""
    return disclosure_review_due_on(category=disclosure.category, level=disclosure.level, last_decision_on=from_date)


def record_decision(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Disclosure:
    """A new disclosure decision about the person, for the level they are managed at now."""
    values = _clean(values)
    registration = policy.current_registration_of(nominal)
    if registration is None or not registration.is_active:
        collect({"nominal": [REGISTERED_RULE]})
    assert registration is not None
    collect(decision_errors(values, nominal=nominal, level=registration.level))
    with transaction.atomic():
        disclosure = Disclosure(
            nominal=nominal,
            category=registration.category,
            level=registration.level,
            deciding_agency=registration.lead_agency if registration.level == 1 else None,
            recorded_by=actor.user,
            **values,
        )
        disclosure.review_due_on = _review_due(disclosure, disclosure.decided_on)
        disclosure.save()
        due_dates.dates_changed([nominal.pk], kinds=[due_dates.DISCLOSURE_REVIEW])
        trail.record(
            actor=actor,
            action="disclosure.decide",
            obj=disclosure,
            nominal_id=nominal.pk,
            detail=dict(
                decision=disclosure.decision,
                level=disclosure.level,
                review_due_on=disclosure.review_due_on.isoformat() if disclosure.review_due_on else None,
                rule=DISCLOSURE_REVIEW.key if disclosure.review_due_on else None,
            ),
        )
    return disclosure


def update_decision(
    *,
    actor: Actor,
    disclosure: Disclosure,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> Disclosure:
    """Change the decision before it is carried out (for example adding the authoriser)."""
    values = _clean(values)
    with transaction.atomic():
        current = locked(disclosure, expected_version)
        if current.carried_out_on is not None:
            collect({"carried_out_on": [LOCKED_RULE]})
        merged = {f: getattr(current, f) for f in DECISION_FIELDS} | values
        collect(decision_errors(merged, nominal=current.nominal, level=current.level))
        changed = sorted(f for f, v in values.items() if getattr(current, f) != v)
        for field, value in values.items():
            setattr(current, field, value)
        if "decided_on" in values and current.last_reviewed_on is None:
            current.review_due_on = _review_due(current, current.decided_on)
        due_dates.dates_changed([current.nominal_id], kinds=[due_dates.DISCLOSURE_REVIEW])
        _saved(actor, "disclosure.update", current, fields=changed)
    return current


def record_carried_out(
    *,
    actor: Actor,
    disclosure: Disclosure,
    carried_out_on: date | None,
    carried_out_by: User | None,
    expected_version: int | None = None,
) -> Disclosure:
    """The disclosure was made. Refused without a recipient or a date, and for the media or
    a photograph without a chief officer's authority; nothing is saved then."""
    today = timezone.localdate()
    with transaction.atomic():
        current = locked(disclosure, expected_version)
        errors: dict[str, list[str]] = {}
        if current.decision != Decision.DISCLOSE:
            errors["decision"] = [CARRIED_OUT_DECISION_RULE]
        if not current.recipient_name:
            errors["recipient_name"] = [CARRIED_OUT_RECIPIENT_RULE]
        if carried_out_on is None:
            errors["carried_out_on"] = [CARRIED_OUT_DATE_RULE]
        elif carried_out_on > today:
            errors["carried_out_on"] = [NOT_FUTURE]
        elif carried_out_on < current.decided_on:
            errors["carried_out_on"] = ["A disclosure is carried out on or after the day it was decided"]
        if carried_out_by is None:
            errors["carried_out_by"] = ["Select who made the disclosure"]
        if current.needs_chief_officer and not (current.authoriser_rank and current.authorised_on):
            errors["authoriser_rank"] = [CHIEF_OFFICER_RULE]
        if current.carried_out_on is not None:
            errors["carried_out_on"] = ["This disclosure has already been recorded as carried out"]
        collect(errors)
        current.carried_out_on = carried_out_on
        current.carried_out_by = carried_out_by
        _saved(
            actor,
            "disclosure.carried_out",
            current,
            carried_out_on=str(carried_out_on),
            carried_out_by=carried_out_by.username if carried_out_by else None,
        )
    return current


def record_acknowledgement(
    *,
    actor: Actor,
    disclosure: Disclosure,
    acknowledged_on: date | None,
    method: str,
    expected_version: int | None = None,
) -> Disclosure:
    """The recipient acknowledged that the information is confidential and not to be passed on."""
    today = timezone.localdate()
    with transaction.atomic():
        current = locked(disclosure, expected_version)
        errors: dict[str, list[str]] = {}
        if current.carried_out_on is None:
            errors["carried_out_on"] = ["Record the disclosure as carried out before its acknowledgement"]
        if acknowledged_on is None:
            errors["acknowledged_on"] = [ACK_RULE]
        elif acknowledged_on > today:
            errors["acknowledged_on"] = [NOT_FUTURE]
        elif current.carried_out_on and acknowledged_on < current.carried_out_on:
            errors["acknowledged_on"] = ["The acknowledgement is on or after the day of the disclosure"]
        if method not in AcknowledgementMethod.values:
            errors["acknowledgement_method"] = [ACK_RULE]
        collect(errors)
        current.acknowledged_on = acknowledged_on
        current.acknowledgement_method = method
        _saved(actor, "disclosure.acknowledged", current, acknowledged_on=str(acknowledged_on), method=method)
    return current


def record_review(
    *,
    actor: Actor,
    disclosure: Disclosure,
    reviewed_on: date | None,
    outcome: str,
    expected_version: int | None = None,
) -> Disclosure:
    """The 4-monthly review of a category 1 or 2 level 1 decision; the next date follows the rule."""
    today = timezone.localdate()
    outcome = outcome.strip()
    with transaction.atomic():
        current = locked(disclosure, expected_version)
        errors: dict[str, list[str]] = {}
        if current.review_due_on is None:
            errors["reviewed_on"] = [
                f"Only category 1 and 2 level 1 decisions have a separate review (rule {DISCLOSURE_REVIEW.key}); "
                "at levels 2 and 3 every MAPP meeting considers disclosure"
            ]
        if reviewed_on is None:
            errors["reviewed_on"] = ["Enter the date of the review"]
        elif reviewed_on > today:
            errors["reviewed_on"] = [NOT_FUTURE]
        elif reviewed_on < current.decided_on:
            errors["reviewed_on"] = ["A review is on or after the day of the decision"]
        if not outcome:
            errors["outcome"] = ["Enter the outcome of the review: whether new information changes the decision"]
        collect(errors)
        assert reviewed_on is not None
        current.last_reviewed_on = reviewed_on
        current.review_due_on = _review_due(current, reviewed_on)
        due_dates.dates_changed([current.nominal_id], kinds=[due_dates.DISCLOSURE_REVIEW])
        _saved(
            actor,
            "disclosure.review",
            current,
            reviewed_on=str(reviewed_on),
            outcome=outcome,
            next_review_due_on=str(current.review_due_on),
            rule=DISCLOSURE_REVIEW.key,
        )
    return current
