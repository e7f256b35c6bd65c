"""Synthetic civil orders and breaches: SHPOs (SOPOs before the 2014 Act), Notification
Orders, Sexual Risk Orders, breaches of orders and of the notification requirements. All
made up; the dates each order may run to come from rules/orders.py.

Rates are those of the published tables (seed 001: in a year, about 5 in 100 registered
sex offenders cautioned or convicted for breaching notification, and SHPOs made on about 7
in 100), so every figure of the annual report has something to count:

- Category 1: an SHPO at sentence for six in ten, a few with a foreign travel prohibition;
  a Notification Order for a few convicted abroad; and a few whose registration began when
  they were convicted or cautioned for breaching a Sexual Risk Order, which made them
  subject to notification (s129): the order, the breach and the requirement are written.
- Some potentially dangerous persons hold an SRO (never counted: they are not registered).
- Breaches of SHPOs now and then, and a breach for each return to custody for breach of
  an order (synthetic_histories.py). Breaches of the notification requirements at about 7
  in 100 a year, most ending in a caution or conviction.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cases.models import PotentiallyDangerousPerson
from notifications.models import NotificationBreach, NotificationRequirement, RequirementBasis
from orders.models import BreachOutcome, CivilOrder, OrderBreach, OrderKind
from rules.dates import add_years
from rules.orders import REFORM_DATE, earliest_end_on, latest_foreign_travel_end_on, sro_breach_notification

if TYPE_CHECKING:
    from accounts.models import User

    from .synthetic import AreaStaff, Person, Writer
    from .synthetic_histories import Spell

SHPO_AT_SENTENCE = 0.6
FOREIGN_TRAVEL = 0.012
NOTIFICATION_ORDER = 0.004
SRO_BREACH = 0.006  # of category 1 registrations begun after the reform
PDP_SRO = 0.3
ORDER_BREACH_A_YEAR = 0.025
NOTIFICATION_BREACH_A_YEAR = 0.07
BREACH_YEARS = 3  # breaches are written for the last three years
PROHIBITIONS = (
    "Not to have unsupervised contact with any child under 16",
    "Not to use any device capable of accessing the internet unless it keeps a history",
    "Not to delete the internet history of any device",
    "Not to enter any public park or play area where children are likely to be present",
    "Not to seek or take work, paid or unpaid, that gives access to children",
)
NOTIFICATION_BREACHES = (
    "Failed to notify a change of home address within 3 days",
    "Failed to make the annual re-notification",
    "Failed to notify foreign travel before departure",
    "Failed to notify a stay of 7 days at another address",
    "Failed to notify living in a household with a child",
)
# (outcome, weight, days to the outcome): cautions and convictions take time; a warning does not.
OUTCOMES = (
    (BreachOutcome.CONVICTED, 45, (30, 150)),
    (BreachOutcome.CAUTION, 25, (3, 30)),
    (BreachOutcome.CHARGED, 10, (1, 20)),
    (BreachOutcome.WARNING, 12, (0, 7)),
    (BreachOutcome.NO_FURTHER_ACTION, 8, (0, 14)),
)


def _outcome(rng: random.Random, breach_on: date, today: date) -> tuple[str, date | None]:
    """What came of a breach and when; blank while it has not happened yet."""
    outcome, _, (least, most) = rng.choices(OUTCOMES, [w for _, w, _ in OUTCOMES])[0]
    outcome_on = breach_on + timedelta(days=rng.randint(least, most))
    if outcome_on <= today:
        return outcome, outcome_on
    if outcome == BreachOutcome.CONVICTED:  # not tried yet: charged so far
        return BreachOutcome.CHARGED, min(today, breach_on + timedelta(days=rng.randint(1, 20)))
    return "", None


def sro_breach_outcome(rng: random.Random, category: int, start: date, spells: list[Spell]) -> str:
    """A conviction or caution, when this registration began with one for breaching an SRO
    (kept to people never in custody, so the 3 days run from that day); blank otherwise."""
    if category != 1 or spells or start <= REFORM_DATE + timedelta(days=400) or rng.random() >= SRO_BREACH:
        return ""
    return BreachOutcome.CONVICTED if rng.random() < 0.7 else BreachOutcome.CAUTION


def _order(
    rng: random.Random, person: Person, kind: str, made_on: date, court: str, recorder: User, years: int | None
) -> CivilOrder:
    ends_on = None
    if years is not None:
        ends_on = add_years(made_on, years)
        least = earliest_end_on(kind, made_on)
        ends_on = max(ends_on, least) if least else ends_on
    return CivilOrder(
        nominal=person.nominal,
        kind=kind,
        made_on=made_on,
        ends_on=ends_on,
        court=court,
        prohibitions=rng.sample(PROHIBITIONS, rng.randint(1, 3)) if kind != OrderKind.NOTIFICATION_ORDER else [],
        recorded_by=recorder,
    )


def civil_orders(
    rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, convicted_on: date, today: date
) -> None:
    """The orders of a registered category 1 person (and the SRO breach that registered
    some of them); written as rows whose ids their breaches take."""
    registration = person.registration
    if registration is None or person.category != 1:
        return
    court = f"{staff.area.name} Crown Court"
    recorder = registration.record_manager
    if person.sro_breach:
        _sro_breach(rng, writer, person, staff, person.sro_breach, registration.start_date)
    elif rng.random() < SHPO_AT_SENTENCE:
        kind = OrderKind.SHPO if convicted_on >= REFORM_DATE else OrderKind.SOPO
        order = _order(rng, person, kind, convicted_on, court, recorder, rng.choice([None, None, 5, 10, 15]))
        if kind == OrderKind.SHPO and rng.random() < FOREIGN_TRAVEL:
            order.foreign_travel_restriction = True
            order.foreign_travel_ends_on = latest_foreign_travel_end_on(convicted_on)
        if rng.random() < 0.03 and (today - convicted_on).days > 400:
            order.discharged_on = convicted_on + timedelta(days=rng.randint(365, (today - convicted_on).days))
        writer.add(order)
        person.orders.append(order)
        _order_breaches(rng, writer, order, person, today)
    elif rng.random() < NOTIFICATION_ORDER:
        magistrates = f"{staff.area.name} Magistrates' Court"
        order = _order(rng, person, OrderKind.NOTIFICATION_ORDER, registration.start_date, magistrates, recorder, None)
        writer.add(order)
        person.orders.append(order)


def _sro_breach(
    rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, outcome: str, dealt_with_on: date
) -> None:
    """The SRO, its breach dealt with on the day the registration began, and the
    notification requirement that followed (rules.orders.sro_breach_notification)."""
    made_on = max(REFORM_DATE, dealt_with_on - timedelta(days=rng.randint(200, 900)))
    recorder = staff.managers["police"][0]
    order = _order(
        rng, person, OrderKind.SRO, made_on, f"{staff.area.name} Magistrates' Court", recorder, rng.choice([None, 5])
    )
    consequence = sro_breach_notification(
        outcome=outcome, dealt_with_on=dealt_with_on, order_made_on=made_on, order_ends_on=order.ends_on
    )
    assert consequence is not None  # the order runs at least 2 years past the breach
    breach = OrderBreach(
        order=order,
        breach_on=max(made_on, dealt_with_on - timedelta(days=rng.randint(5, 60))),
        description="Had unsupervised contact with a child, which the order prohibits",
        outcome=outcome,
        outcome_on=dealt_with_on,
        recorded_by=recorder,
    )
    writer.add(order)
    writer.add(breach)
    writer.add(
        NotificationRequirement(
            nominal=person.nominal,
            basis=RequirementBasis.SRO_BREACH,
            relevant_date=consequence.relevant_date,
            subject_until=consequence.subject_until,
            order=order,
            breach=breach,
            notes=f"{breach.get_outcome_display()} for breach of the Sexual Risk Order (rule {consequence.rule.key})",
            recorded_by=recorder,
        )
    )
    person.orders.append(order)


def pdp_order(rng: random.Random, writer: Writer, pdp: PotentiallyDangerousPerson, today: date) -> None:
    """Some PDPs are managed under an SRO the police applied for."""
    made_on = pdp.authorised_on + timedelta(days=rng.randint(30, 300))
    if rng.random() >= PDP_SRO or made_on > today or made_on < REFORM_DATE:
        return
    writer.add(
        CivilOrder(
            nominal=pdp.nominal,
            kind=OrderKind.SRO,
            made_on=made_on,
            ends_on=add_years(made_on, rng.choice([2, 5])),
            court=f"{pdp.nominal.area.name} Magistrates' Court",
            prohibitions=rng.sample(PROHIBITIONS, 2),
            recorded_by=pdp.recorded_by,
        )
    )


def _windows(rng: random.Random, start: date, end: date, rate: float) -> list[date]:
    """Days of events happening at `rate` a year between start and end (a year at a time)."""
    days: list[date] = []
    day = start
    while day < end:
        span = min(365, (end - day).days)
        if rng.random() < rate * span / 365:
            days.append(day + timedelta(days=rng.randint(0, span - 1)))
        day += timedelta(days=365)
    return days


def _order_breaches(rng: random.Random, writer: Writer, order: CivilOrder, person: Person, today: date) -> None:
    start = max(order.made_on, today - timedelta(days=365 * BREACH_YEARS))
    last = order.has_effect_until or today
    for breach_on in _windows(rng, start, min(last, person.archived_on or today), ORDER_BREACH_A_YEAR):
        outcome, outcome_on = _outcome(rng, breach_on, today)
        writer.add(
            OrderBreach(
                order=order,
                breach_on=breach_on,
                description=f"Breached the prohibition: {rng.choice(order.prohibitions or ['the order'])}",
                outcome=outcome,
                outcome_on=outcome_on,
                recorded_by=order.recorded_by,
            )
        )


def order_in_force(person: Person, day: date) -> CivilOrder | None:
    """An SHPO or SOPO in force on the day, which a return to custody for breach needs."""
    kinds = (OrderKind.SHPO, OrderKind.SOPO)
    return next((o for o in person.orders if o.kind in kinds and o.in_force_on(day)), None)


def breach_for_return(rng: random.Random, writer: Writer, order: CivilOrder, entered_on: date, today: date) -> None:
    """The breach behind a return to custody: charged, or convicted by now."""
    breach_on = max(order.made_on, entered_on - timedelta(days=rng.randint(0, 3)))
    convicted_on = entered_on + timedelta(days=rng.randint(30, 120))
    writer.add_values(
        OrderBreach,
        order_id=order.pk,
        breach_on=breach_on,
        description="Breach of the order's prohibitions; arrested and remanded",
        outcome=BreachOutcome.CONVICTED if convicted_on <= today else BreachOutcome.CHARGED,
        outcome_on=convicted_on if convicted_on <= today else entered_on,
        recorded_by_id=order.recorded_by_id,
    )


def notification_breaches(rng: random.Random, writer: Writer, person: Person, spells: list[Spell], today: date) -> None:
    """Breaches of the notification requirements over the last years, never while detained."""
    registration = person.registration
    if registration is None or person.category != 1:
        return
    start = max(registration.start_date + timedelta(days=30), today - timedelta(days=365 * BREACH_YEARS))
    for breach_on in _windows(rng, start, person.archived_on or today, NOTIFICATION_BREACH_A_YEAR):
        if any(s.entered_on <= breach_on and (s.released_on is None or breach_on < s.released_on) for s in spells):
            continue
        outcome, outcome_on = _outcome(rng, breach_on, today)
        writer.add_values(
            NotificationBreach,
            nominal_id=person.nominal.pk,
            breach_on=breach_on,
            description=rng.choice(NOTIFICATION_BREACHES),
            outcome=outcome,
            outcome_on=outcome_on,
            recorded_by_id=registration.record_manager_id,
        )
