"""Approved minutes drive the disclosure register: the meeting's disclosure decision becomes
a disclosure record, reported to the co-ordinator through their register and shown on the
person's Disclosure tab (kernel.minutes_consumers; docs/decisions/0060).

Idempotent: one record per minutes (Disclosure.minutes), so an addendum adds none.
"""

from __future__ import annotations

from audit import trail
from cases.models import RegistrationStatus
from kernel import due_dates
from kernel.actor import Actor
from kernel.minutes_consumers import Outcome
from meetings.models import DisclosureDecision, Minutes
from rules.reviews import disclosure_review_due_on

from .models import Decision, Disclosure

KIND = "disclosures"


def disclosure_from_minutes(actor: Actor, minutes: Minutes) -> Outcome:
    """The meeting's decision (disclose: what, to whom, by whom, by when; or the reasons not
    to) as a decision in the register, for the level the meeting set."""
    meeting = minutes.meeting
    if not meeting.is_mappa or not minutes.disclosure_decision:
        return Outcome(KIND, 0)
    if Disclosure.objects.filter(minutes=minutes).exists():
        return Outcome(KIND, 0)
    registration = meeting.nominal.registrations.filter(status=RegistrationStatus.ACTIVE).first()
    if registration is None:
        return Outcome(KIND, 0)
    disclose = minutes.disclosure_decision == DisclosureDecision.DISCLOSE
    disclosure = Disclosure(
        nominal=meeting.nominal,
        category=registration.category,
        level=registration.level,
        deciding_agency=registration.lead_agency if registration.level == 1 else None,
        meeting=meeting,
        minutes=minutes,
        considered=True,
        decision=Decision.DISCLOSE if disclose else Decision.NOT_DISCLOSE,
        decided_on=meeting.held_on,
        reason=f"Decided at MAPP meeting {meeting.reference}" if disclose else "",
        reasons_not_to_disclose="" if disclose else minutes.disclosure_reasons_not,
        what=minutes.disclosure_what if disclose else "",
        recipient_name=minutes.disclosure_to_whom if disclose else "",
        discloser_named=minutes.disclosure_by_whom if disclose else "",
        disclose_by=minutes.disclosure_by_when if disclose else None,
        offender_told=minutes.offender_told,
        offender_not_told_reason=minutes.offender_not_told_reason,
        recorded_by=actor.user,
    )
    disclosure.review_due_on = disclosure_review_due_on(
        category=disclosure.category, level=disclosure.level, last_decision_on=disclosure.decided_on
    )
    disclosure.save()
    due_dates.dates_changed([disclosure.nominal_id], kinds=[due_dates.DISCLOSURE_REVIEW])
    trail.record(
        actor=actor,
        action="disclosure.decide",
        obj=disclosure,
        nominal_id=disclosure.nominal_id,
        detail={
            "decision": disclosure.decision,
            "level": disclosure.level,
            "meeting": meeting.reference,
            "reported_to": "coordinator_register",
        },
    )
    return Outcome(KIND, 1)
