"""Civil orders against sexual and violent offenders (Sexual Offences Act 2003 Part 2).

Which orders can be made when, how long the current ones last at least, how long a
foreign travel prohibition may last, and what follows when a Sexual Risk Order is
breached. SHPOs and SROs replaced SOPOs, RSHOs and Foreign Travel Orders on 8 March 2015
(Anti-social Behaviour, Crime and Policing Act 2014 s113 and Sch 5, commenced by SI
2015/373); the older orders are still recorded because many remain in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from rules.citations import SEED_001, SEED_003, SOA_2003, act, seed
from rules.compliance import three_day_deadline
from rules.dates import add_years
from rules.errors import RuleInputError
from rules.rule import Rule

ASBCPA_2014 = "Anti-social Behaviour, Crime and Policing Act 2014"
CJIA_2008 = "Criminal Justice and Immigration Act 2008"
# The day SHPOs and SROs came in and SOPOs, RSHOs and FTOs could no longer be made.
REFORM_DATE: Final = date(2015, 3, 8)

_NOTES = "Notes to the annual report tables"


class OrderKind(StrEnum):
    SHPO = "shpo"
    SRO = "sro"
    NOTIFICATION_ORDER = "notification_order"
    SOPO = "sopo"
    RSHO = "rsho"
    FTO = "fto"
    VOO = "voo"


class BreachOutcome(StrEnum):
    NO_FURTHER_ACTION = "nfa"
    WARNING = "warning"
    CAUTION = "caution"
    CHARGED = "charged"
    CONVICTED = "convicted"


# The outcomes by which the breach offence is "convicted ... or cautioned" (s129(1)).
DEALT_WITH_OUTCOMES: Final = frozenset({BreachOutcome.CAUTION, BreachOutcome.CONVICTED})


@dataclass(frozen=True)
class OrderRow:
    """One kind of order: its rule, the least it lasts, and when it could be made.

    ``minimum_years`` is None where the Act sets no minimum. ``made_from`` and
    ``made_before`` bound the days on which such an order could be made (None: no bound).
    """

    kind: OrderKind
    rule: Rule
    minimum_years: int | None = None
    foreign_travel: bool = False
    made_from: date | None = None
    made_before: date | None = None


ORDERS: Final[dict[OrderKind, OrderRow]] = {
    row.kind: row
    for row in (
        OrderRow(
            OrderKind.SHPO,
            Rule(
                "orders.shpo",
                "Sexual Harm Prevention Order",
                "A full SHPO has effect for a fixed period of at least 5 years, or until further order; "
                "it may prohibit foreign travel. SHPOs can be made from 8 March 2015.",
                f"{act(SOA_2003, 's103A, s103C')}; {seed(SEED_001, _NOTES)}",
            ),
            minimum_years=5,
            foreign_travel=True,
            made_from=REFORM_DATE,
        ),
        OrderRow(
            OrderKind.SRO,
            Rule(
                "orders.sro",
                "Sexual Risk Order",
                "An SRO has effect for a fixed period of at least 2 years, or until further order; it may "
                "prohibit foreign travel. SROs can be made from 8 March 2015.",
                f"{act(SOA_2003, 's122A, s122C')}; {seed(SEED_001, _NOTES)}",
            ),
            minimum_years=2,
            foreign_travel=True,
            made_from=REFORM_DATE,
        ),
        OrderRow(
            OrderKind.NOTIFICATION_ORDER,
            Rule(
                "orders.notification_order",
                "Notification Order",
                "A Notification Order makes a person convicted of a sexual offence abroad subject to the "
                "notification requirements in the UK.",
                f"{act(SOA_2003, 's97')}; {seed(SEED_001, _NOTES)}; {seed(SEED_003, 'Restrictive Orders')}",
            ),
        ),
        OrderRow(
            OrderKind.SOPO,
            Rule(
                "orders.sopo",
                "Sexual Offences Prevention Order (historic)",
                "SOPOs were replaced by SHPOs: none can be made on or after 8 March 2015.",
                f"{act(SOA_2003, 's104 (repealed)')}; {act(ASBCPA_2014, 's113, Sch 5')}; "
                f"{seed(SEED_003, 'Restrictive Orders')}",
            ),
            made_before=REFORM_DATE,
        ),
        OrderRow(
            OrderKind.RSHO,
            Rule(
                "orders.rsho",
                "Risk of Sexual Harm Order (historic)",
                "RSHOs were replaced by SROs: none can be made on or after 8 March 2015.",
                f"{act(SOA_2003, 's123 (repealed)')}; {act(ASBCPA_2014, 's113, Sch 5')}; "
                f"{seed(SEED_003, 'Restrictive Orders')}",
            ),
            made_before=REFORM_DATE,
        ),
        OrderRow(
            OrderKind.FTO,
            Rule(
                "orders.fto",
                "Foreign Travel Order (historic)",
                "Foreign Travel Orders were replaced by the foreign travel prohibitions of SHPOs and SROs: "
                "none can be made on or after 8 March 2015.",
                f"{act(SOA_2003, 's114 (repealed)')}; {act(ASBCPA_2014, 's113, Sch 5')}; "
                f"{seed(SEED_003, 'Restrictive Orders')}",
            ),
            foreign_travel=True,
            made_before=REFORM_DATE,
        ),
        OrderRow(
            OrderKind.VOO,
            Rule(
                "orders.voo",
                "Violent Offender Order (historic)",
                "A Violent Offender Order restricts a person convicted of a specified violent offence.",
                f"{act(CJIA_2008, 'Part 7')}; {seed(SEED_003, 'Restrictive Orders')}",
            ),
        ),
    )
}

FOREIGN_TRAVEL_LIMIT: Final = Rule(
    "orders.foreign_travel_limit",
    "Foreign travel prohibition: at most 5 years",
    "A prohibition on foreign travel in an SHPO or SRO has effect for a fixed period of no more than "
    "5 years (it may be renewed).",
    f"{act(SOA_2003, 's103D, s122D')}; {seed(SEED_001, _NOTES)}",
)
FOREIGN_TRAVEL_YEARS: Final = 5

SRO_BREACH_NOTIFICATION: Final = Rule(
    "orders.sro_breach_notification",
    "Breach of a Sexual Risk Order brings notification",
    "A person convicted or cautioned for breaching an SRO becomes subject to the notification "
    "requirements from that day (the relevant date) until the SRO ceases to have effect, and "
    "must notify within 3 days of it.",
    f"{act(SOA_2003, 's129(1), (1A)(a), (3)-(5), s83(1)')}; {seed(SEED_001, _NOTES)}",
)

RULES: Final[tuple[Rule, ...]] = (
    *(row.rule for row in ORDERS.values()),
    FOREIGN_TRAVEL_LIMIT,
    SRO_BREACH_NOTIFICATION,
)


def parse_kind(kind: OrderKind | str) -> OrderKind:
    try:
        return OrderKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in OrderKind)
        raise RuleInputError("kind", f"kind must be one of: {allowed}") from None


def earliest_end_on(kind: OrderKind | str, made_on: date) -> date | None:
    """The first day a fixed-term order of this kind may end on; None with no minimum."""
    row = ORDERS[parse_kind(kind)]
    return None if row.minimum_years is None else add_years(made_on, row.minimum_years)


def latest_foreign_travel_end_on(made_on: date) -> date:
    """The last day a foreign travel prohibition made on made_on may run to."""
    return add_years(made_on, FOREIGN_TRAVEL_YEARS)


def order_problems(
    *,
    kind: OrderKind | str,
    made_on: date,
    ends_on: date | None = None,
    foreign_travel_restriction: bool = False,
    foreign_travel_ends_on: date | None = None,
) -> list[RuleInputError]:
    """Every way the order as described breaks a rule, each naming its field and rule.

    ends_on is the last day the order has effect (None: until further order).
    """
    row = ORDERS[parse_kind(kind)]
    label = row.rule.label
    problems: list[RuleInputError] = []
    if row.made_from is not None and made_on < row.made_from:
        problems.append(
            RuleInputError("made_on", f"A {label} can only be made on or after 8 March 2015 (rule {row.rule.key})")
        )
    if row.made_before is not None and made_on >= row.made_before:
        problems.append(
            RuleInputError(
                "made_on",
                f"No {label.removesuffix(' (historic)')} can be made on or after 8 March 2015 (rule {row.rule.key})",
            )
        )
    if ends_on is not None:
        minimum = earliest_end_on(row.kind, made_on)
        if ends_on < made_on:
            problems.append(RuleInputError("ends_on", "The end date must be on or after the date the order was made"))
        elif minimum is not None and ends_on < minimum:
            problems.append(
                RuleInputError(
                    "ends_on",
                    f"A {label} lasts at least {row.minimum_years} years: it cannot end before "
                    f"{minimum.isoformat()} (rule {row.rule.key})",
                )
            )
    if foreign_travel_restriction and not row.foreign_travel:
        problems.append(
            RuleInputError("foreign_travel_restriction", f"A {label} cannot carry a foreign travel restriction")
        )
    if foreign_travel_ends_on is not None:
        latest = latest_foreign_travel_end_on(made_on)
        if not foreign_travel_restriction:
            problems.append(
                RuleInputError("foreign_travel_ends_on", "Give an end date only for a foreign travel restriction")
            )
        elif foreign_travel_ends_on < made_on or foreign_travel_ends_on > latest:
            problems.append(
                RuleInputError(
                    "foreign_travel_ends_on",
                    f"A foreign travel prohibition runs for at most {FOREIGN_TRAVEL_YEARS} years: it must end "
                    f"between {made_on.isoformat()} and {latest.isoformat()} (rule {FOREIGN_TRAVEL_LIMIT.key})",
                )
            )
    return problems


@dataclass(frozen=True)
class BreachNotification:
    """Notification brought by a breach of an SRO (s129).

    ``relevant_date`` is the day of the conviction or caution for the breach;
    ``subject_until`` the last day of the SRO (None: it has effect until further order);
    ``initial_notification_due_on`` the last day of the 3 days beginning with the relevant
    date (s83(1)), leaving out time in custody, which the caller gives as absences.
    """

    relevant_date: date
    subject_until: date | None
    initial_notification_due_on: date
    rule: Rule


def sro_breach_notification(
    *,
    outcome: BreachOutcome | str,
    dealt_with_on: date,
    order_made_on: date,
    order_ends_on: date | None,
) -> BreachNotification | None:
    """What a breach of an SRO brings: None unless the breach ended in a conviction or caution
    while the order still had effect."""
    try:
        result = BreachOutcome(outcome)
    except ValueError:
        allowed = ", ".join(o.value for o in BreachOutcome)
        raise RuleInputError("outcome", f"outcome must be one of: {allowed}") from None
    if dealt_with_on < order_made_on:
        raise RuleInputError("outcome_on", "A breach is dealt with on or after the day the order was made")
    if result not in DEALT_WITH_OUTCOMES:
        return None
    if order_ends_on is not None and order_ends_on < dealt_with_on:
        return None  # the order had already ceased to have effect: there is no period left
    return BreachNotification(
        relevant_date=dealt_with_on,
        subject_until=order_ends_on,
        initial_notification_due_on=three_day_deadline(dealt_with_on),
        rule=SRO_BREACH_NOTIFICATION,
    )
