"""Synthetic case work: risk management plans and their SMART actions, disclosure decisions,
and transfers between areas. All made up; review dates come from rules/.

- Plans: every registration managed at level 2 or 3 at some time, and one in ten at level 1
  (most level 1 plans live in the agencies' own systems). Actions are set at the MAPP
  meetings (or when the plan was made), most done by their date, some overdue, the rest due.
  A level 2/3 plan is reviewed at the next meeting; a few level 1 plans are past review.
- Disclosure: the last level 2/3 meeting's decision; for one in eight at level 1 (categories
  1 and 2) the lead agency's decision, reviewed every 4 months (rules.reviews), some late.
- Transfers: about one registration in eighty. Most have come in from another area and
  completed; the rest are moving out, at each step (requested, approved with the records
  to send, accepted), refused, or cross-border.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from accounts.models import AgencyKind, Area
from cases.models import RegistrationStatus
from disclosure.models import AcknowledgementMethod, Decision, Disclosure, RecipientKind
from plans.models import ActionStatus, PlanAction, PlanChange, PlanHeading, RiskManagementPlan
from register.models import CustodyStatus
from rules.reviews import disclosure_review_due_on
from rules.working_days import transfer_records_due_on
from transfers.models import CrossBorderBasis, Jurisdiction, Transfer, TransferStatus

from .synthetic_histories import level_on

if TYPE_CHECKING:
    from accounts.models import User
    from meetings.models import Meeting

    from .synthetic import AreaStaff, Person, Writer

LEVEL_1_PLAN = 0.1
LEVEL_1_DISCLOSURE = 0.125
TRANSFER = 0.0125
# Most transfers on record came in and completed; the rest are moving out, at each step.
TRANSFER_KINDS = {"in": 55, "requested": 8, "approved": 10, "accepted": 12, "refused": 10, "cross_border": 5}
STREETS = ("High Street", "Station Road", "Church Lane", "Park Avenue")
ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    # heading: (what, owning agency kind)
    PlanHeading.SUPERVISION: (
        ("Weekly supervision appointments to review compliance with licence conditions", AgencyKind.PROBATION),
        ("Offender manager to meet the person with the police offender manager", AgencyKind.PROBATION),
    ),
    PlanHeading.MONITORING: (
        ("Unannounced home visit to check who is living at the address", AgencyKind.POLICE),
        ("Check devices for compliance with the order's internet conditions", AgencyKind.POLICE),
        ("Confirm the exclusion zone is being kept, from the electronic monitoring data", AgencyKind.PROBATION),
    ),
    PlanHeading.INTERVENTIONS: (
        ("Refer to the accredited programme and confirm a start date", AgencyKind.PROBATION),
        ("Arrange the mental health assessment agreed at the meeting", AgencyKind.MENTAL_HEALTH),
        ("Find move-on accommodation away from the victim's area", AgencyKind.HOUSING_AUTHORITY),
    ),
    PlanHeading.VICTIM_SAFETY: (
        ("Update the victim safety plan and confirm it with the victim liaison officer", AgencyKind.PROBATION),
        ("Check whether children are living at or visiting the new address", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ),
    PlanHeading.CONTINGENCY: (
        ("Agree the recall arrangements if the licence conditions are breached", AgencyKind.PROBATION),
        ("Flag the address for an immediate police response", AgencyKind.POLICE),
    ),
}
PLAN_TEXT = {
    "supervision": "Supervision by the lead agency at the frequency the risk requires.",
    "monitoring": "Home visits, checks of the order's conditions and information shared between agencies.",
    "interventions": "Accredited programme, accommodation and health work as agreed.",
    "victim_safety": "Victim contact through the victim liaison officer; exclusion zone.",
    "contingency": "Recall or arrest if the conditions are breached or risk escalates.",
}


def _action_status(rng: random.Random, due_on: date, today: date) -> str:
    """Most actions past their date are done; the rest are overdue (or were cancelled)."""
    if due_on < today:
        closed_or_not = [ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.IN_PROGRESS, ActionStatus.OPEN]
        return rng.choices(closed_or_not, [80, 4, 9, 7])[0]
    return rng.choices([ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE], [55, 38, 7])[0]


def risk_plan(
    rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, meetings: Sequence[Meeting], today: date
) -> None:
    registration = person.registration
    if registration is None or registration.status != RegistrationStatus.ACTIVE:
        return
    held = [m for m in meetings if m.held_on <= today]
    if not held and (registration.level > 1 or rng.random() >= LEVEL_1_PLAN):
        return
    made_on = held[0].held_on if held else max(registration.start_date, today - timedelta(days=rng.randint(30, 700)))
    # At levels 2 and 3 the next meeting reviews the plan; a few level 1 plans are past review.
    review_on = registration.next_review_due_on
    if registration.level == 1:
        review_on = today + timedelta(days=rng.randint(-40, 330))
    plan = RiskManagementPlan(
        pk=writer.next_id(RiskManagementPlan),
        registration=registration,
        nominal=person.nominal,
        review_on=review_on,
        created_by=registration.record_manager,
        created_at=_moment(made_on),
        updated_at=_moment(held[-1].held_on if held else made_on),
        **PLAN_TEXT,
    )
    writer.add(plan)
    writer.add_values(
        PlanChange, plan_id=plan.pk, summary="Plan made", by_id=registration.record_manager_id, at=plan.created_at
    )
    settings: list[tuple[date, Meeting | None]] = [(m.held_on, m) for m in held[-3:]] or [(made_on, None)]
    for set_on, meeting in settings:
        for heading in rng.sample(list(ACTIONS), rng.randint(2, 4) if meeting else rng.randint(1, 2)):
            text, kind = rng.choice(ACTIONS[heading])
            due_on = set_on + timedelta(days=rng.randint(7, 120))
            status = _action_status(rng, due_on, today)
            closed = status in (ActionStatus.DONE, ActionStatus.CANCELLED)
            writer.add_values(
                PlanAction,
                plan_id=plan.pk,
                heading=heading,
                text=text,
                owner_agency_id=staff.agencies[kind].pk,
                due_on=due_on,
                status=status,
                cancel_reason="Overtaken by the move to new accommodation" if status == ActionStatus.CANCELLED else "",
                meeting_id=meeting.pk if meeting else None,
                created_by_id=registration.record_manager_id,
                created_at=_moment(set_on),
                closed_at=_moment(min(today, due_on - timedelta(days=rng.randint(0, 5)))) if closed else None,
            )


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def disclosures(
    rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, meetings: Sequence[Meeting], today: date
) -> None:
    registration = person.registration
    if registration is None or registration.status != RegistrationStatus.ACTIVE:
        return
    held = [m for m in meetings if m.held_on <= today]
    manager = registration.record_manager
    if held:
        meeting = held[-1]
        _decision(rng, writer, person, manager, today, meeting.held_on, meeting.level or 2, meeting_id=meeting.pk)
        return
    if registration.level != 1 or person.category not in (1, 2) or rng.random() >= LEVEL_1_DISCLOSURE:
        return
    decided_on = max(registration.start_date, today - timedelta(days=rng.randint(0, 700)))
    last_reviewed_on = None
    due = disclosure_review_due_on(category=person.category, level=1, last_decision_on=decided_on)
    while due is not None and due < today - timedelta(days=20) and rng.random() < 0.95:
        last_reviewed_on = due - timedelta(days=rng.randint(0, 10))
        due = disclosure_review_due_on(category=person.category, level=1, last_decision_on=last_reviewed_on)
    _decision(
        rng,
        writer,
        person,
        manager,
        today,
        decided_on,
        1,
        deciding_agency_id=registration.lead_agency_id,
        last_reviewed_on=last_reviewed_on,
        review_due_on=due,
    )


def _decision(
    rng: random.Random,
    writer: Writer,
    person: Person,
    manager: User,
    today: date,
    decided_on: date,
    level: int,
    **values: object,
) -> None:
    user_id = manager.pk
    common = {
        "nominal_id": person.nominal.pk,
        "category": person.category,
        "level": level,
        "decided_on": decided_on,
        "recorded_by_id": user_id,
        **values,
    }
    if rng.random() < (0.8 if level == 1 else 0.7):
        writer.add_values(
            Disclosure,
            decision=Decision.NOT_DISCLOSE,
            reasons_not_to_disclose="The risk is managed by the plan without disclosure; no one identified "
            "needs to know to protect themselves.",
            **common,
        )
        return
    disclose_by = decided_on + timedelta(days=rng.randint(3, 28))
    carried_out_on = None
    if disclose_by < today and rng.random() < 0.9:  # the rest are late, or still to do
        carried_out_on = disclose_by - timedelta(days=rng.randint(0, 3))
    acknowledged = carried_out_on is not None and rng.random() < 0.75
    organisation = rng.random() < 0.5
    writer.add_values(
        Disclosure,
        decision=Decision.DISCLOSE,
        reason="A new partner has children living with her; she needs to know to protect them.",
        what="The index offence and the conditions of the order that concern children.",
        recipient_kind=RecipientKind.ORGANISATION if organisation else RecipientKind.PERSON,
        recipient_name="Head teacher" if organisation else "The person's new partner",
        recipient_organisation="The children's primary school" if organisation else "",
        recipient_relationship="" if organisation else "Partner",
        discloser_id=user_id,
        disclose_by=disclose_by,
        offender_told=True,
        carried_out_on=carried_out_on,
        carried_out_by_id=user_id if carried_out_on else None,
        acknowledged_on=carried_out_on + timedelta(days=rng.randint(0, 5)) if acknowledged and carried_out_on else None,
        acknowledgement_method=AcknowledgementMethod.SIGNED if acknowledged else "",
        **common,
    )


def transfer(
    rng: random.Random,
    writer: Writer,
    person: Person,
    staff: AreaStaff,
    areas: Sequence[Area],
    staff_of: Callable[[Area], AreaStaff],
    today: date,
) -> None:
    """At most one transfer each, so at most one is open (as the database requires)."""
    registration = person.registration
    if (
        registration is None
        or registration.status != RegistrationStatus.ACTIVE
        or person.nominal.custody_status != CustodyStatus.COMMUNITY
        or (today - registration.start_date).days < 120
        or rng.random() >= TRANSFER
    ):
        return
    other = rng.choice([a for a in areas if a.pk != staff.area.pk])
    kind = rng.choices(list(TRANSFER_KINDS), list(TRANSFER_KINDS.values()))[0]
    if kind == "in":
        registered_days = (today - registration.start_date).days
        requested_on = registration.start_date + timedelta(days=rng.randint(30, registered_days - 60))
    else:
        requested_on = today - timedelta(days=rng.randint(0, 40 if kind != "refused" else 700))
        requested_on = max(requested_on, registration.start_date + timedelta(days=1))
    category, level = person.category, level_on(person.changes, requested_on) or registration.level
    sending = staff_of(other) if kind == "in" else staff
    lead_kind = registration.lead_agency.kind
    row = Transfer(
        nominal=person.nominal,
        registration=registration,
        from_area=other if kind == "in" else staff.area,
        to_area=None if kind == "cross_border" else (staff.area if kind == "in" else other),
        new_address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
        reason=rng.choice(["Moving to live with family", "Offered work in the area", "Housing offered by the council"]),
        under_probation_supervision=lead_kind == AgencyKind.PROBATION,
        category=category,
        level=level,
        requested_on=requested_on,
        requested_by=rng.choice(sending.managers["police" if lead_kind == AgencyKind.POLICE else "probation"]),
    )
    if kind == "cross_border":
        row.to_jurisdiction = rng.choice(Jurisdiction.values)
        row.cross_border_basis = rng.choice(CrossBorderBasis.values)
    if kind == "requested":
        writer.add(row)
        return
    if kind == "refused":
        row.status = TransferStatus.REFUSED
        row.refused_on = min(today, requested_on + timedelta(days=rng.randint(3, 20)))
        row.refusal_reason = "The move would place the person near the victim's home."
        writer.add(row)
        return
    row.status = TransferStatus.APPROVED
    row.approved_on = min(today, requested_on + timedelta(days=rng.randint(2, 15)))
    row.approved_by = sending.chairs[0]
    row.assessment = "The move does not raise the risk; the receiving area can manage it."
    row.records_due_on = transfer_records_due_on(row.approved_on)
    if row.records_due_on < today and rng.random() < 0.8:
        row.records_sent_on = row.records_due_on - timedelta(days=rng.randint(0, 3))
    if kind in ("approved", "cross_border"):
        if kind == "cross_border" and row.records_sent_on and rng.random() < 0.5:
            row.status, row.completed_on = TransferStatus.COMPLETED, min(today, row.records_sent_on + timedelta(days=7))
        writer.add(row)
        return
    receiving = staff if kind == "in" else staff_of(other)
    row.status = TransferStatus.ACCEPTED
    row.accepted_on = min(today, row.approved_on + timedelta(days=rng.randint(1, 14)))
    row.accepted_by = receiving.coordinator
    if kind == "in":
        row.receiving_lead_agency, row.receiving_record_manager = registration.lead_agency, registration.record_manager
    else:
        row.receiving_lead_agency = receiving.agencies[lead_kind]
        row.receiving_record_manager = rng.choice(
            receiving.managers["police" if lead_kind == AgencyKind.POLICE else "probation"]
        )
    if category == 1:
        row.receiving_police = receiving.agencies[AgencyKind.POLICE]
    if kind == "in":
        row.records_sent_on = row.records_sent_on or row.records_due_on
        steps = row.accepted_on + timedelta(days=rng.randint(3, 20))
        if category == 1:
            row.address_confirmed_on, row.address_confirmed_by = steps, registration.record_manager
        if level in (2, 3):
            row.receiving_meeting_on, row.sending_manager_attended = steps, True
        row.status, row.completed_on = TransferStatus.COMPLETED, steps + timedelta(days=rng.randint(0, 10))
    writer.add(row)
