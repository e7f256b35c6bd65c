"""Review of indefinite notification requirements (SOA 2003 s91A-s91F).

A person subject to indefinite notification may apply for review on or after
the "qualifying date": the day after the end of the 15 year period (8 years if
under 18 on the relevant date) beginning with the day of the first
notification given after release from custody (s91B(2)). That day is the
notification date plus 15 (or 8) years. They must not then be subject to a
sexual harm prevention order (or its predecessors), which must be discharged
first (s91A(2)). After a refusal, the next application may be made 8 years
after the determination, or later if the police so decide (s91B(3)-(7)).

The police determine the application (s91C) and give the person notice of it: with
reasons when the requirements continue. A person whose requirements are discharged
ceases to be subject to them on the day they receive the notice of determination.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from rules.citations import SEED_001, SOA_2003, act
from rules.dates import add_years, is_under_age
from rules.errors import RuleInputError
from rules.rule import Rule

_SEED = f"{SEED_001}, note (i) 'Lifetime notification requirements revoked on application'"

ADULT_REVIEW: Final = Rule(
    "soa91b.review_adult",
    "Indefinite notification review (adult)",
    "A person aged 18 or over on the relevant date may apply for review of indefinite "
    "notification 15 years after their first notification following release.",
    f"{act(SOA_2003, 's91A, s91B(2)(a)')}; {_SEED}",
)
JUVENILE_REVIEW: Final = Rule(
    "soa91b.review_under_18",
    "Indefinite notification review (under 18)",
    "A person under 18 on the relevant date may apply for review of indefinite "
    "notification 8 years after their first notification following release.",
    f"{act(SOA_2003, 's91A, s91B(2)(b)')}; {_SEED}",
)
FURTHER_REVIEW: Final = Rule(
    "soa91b.further_review",
    "Further review after refusal",
    "After the police decide that notification continues, a further application may be "
    "made 8 years after that decision (or after a longer period of up to 15 years that "
    "the decision sets).",
    act(SOA_2003, "s91B(3)-(5), s91C"),
)

# How long the police have to determine an application and give notice of it. Police
# forces publish the process as taking no longer than 12 weeks, and the Northern Ireland
# scheme (SOA 2003 Sch. 3A para. 4) sets 12 weeks from the application; the period is
# counted from the day the application is received, that day included.
DETERMINATION_WEEKS: Final = 12
DETERMINATION_DUE: Final = Rule(
    "soa91c.determination_due",
    "Determination of an application for review",
    "The police determine an application for review of indefinite notification, and give "
    f"the person notice of the determination, within {DETERMINATION_WEEKS} weeks beginning with the day "
    "they receive it.",
    f"{act(SOA_2003, 's91C')}; Dorset Police, 'Request an indefinite registration review' (the process "
    f"takes no longer than {DETERMINATION_WEEKS} weeks); "
    f"{act(SOA_2003, 'Sch. 3A para. 4')} (Northern Ireland, 12 weeks)",
)
DISCHARGE_TAKES_EFFECT: Final = Rule(
    "soa91c.discharge_on_notice",
    "Requirements discharged on review",
    "A person whose indefinite notification requirements the police discharge on review "
    "ceases to be subject to them on the day they receive the notice of determination.",
    f"{act(SOA_2003, 's91C')}; Halsbury's Laws of England, Sentencing, para. 511 'Review of notification requirements'",
)
REASONS_WHEN_CONTINUING: Final = Rule(
    "soa91c.reasons",
    "Reasons for continuing notification",
    "When the police determine that the person remains subject to the indefinite notification "
    "requirements, the notice of determination gives the reasons and the further qualifying date.",
    act(SOA_2003, "s91C, s91B(3)-(5)"),
)

RULES: Final[tuple[Rule, ...]] = (
    ADULT_REVIEW,
    JUVENILE_REVIEW,
    FURTHER_REVIEW,
    DETERMINATION_DUE,
    DISCHARGE_TAKES_EFFECT,
    REASONS_WHEN_CONTINUING,
)


@dataclass(frozen=True)
class ReviewEligibility:
    eligible_on: date
    years: int
    under_18: bool
    rule: Rule


def indefinite_review_eligible_on(
    *,
    first_notified_after_release_on: date,
    date_of_birth: date,
    relevant_date: date,
) -> ReviewEligibility:
    """The first day an application for review may be made (the qualifying date)."""
    if date_of_birth > relevant_date:
        raise RuleInputError("date_of_birth", "date_of_birth must be on or before relevant_date")
    if first_notified_after_release_on < relevant_date:
        raise RuleInputError(
            "first_notified_after_release_on",
            "first_notified_after_release_on must be on or after relevant_date",
        )
    under_18 = is_under_age(date_of_birth, 18, relevant_date)
    rule, years = (JUVENILE_REVIEW, 8) if under_18 else (ADULT_REVIEW, 15)
    return ReviewEligibility(
        eligible_on=add_years(first_notified_after_release_on, years),
        years=years,
        under_18=under_18,
        rule=rule,
    )


def further_review_eligible_on(*, determined_on: date, years: int = 8) -> date:
    """Next qualifying date after a decision to continue notification.

    years is 8 unless the decision set a longer period (at most 15).
    """
    if not 8 <= years <= 15:
        raise RuleInputError("years", "years must be between 8 and 15")
    return add_years(determined_on, years)


def determination_due_on(*, received_on: date) -> date:
    """The last day to determine an application received on received_on and give notice
    of it: the end of the period of DETERMINATION_WEEKS weeks beginning with that day."""
    return received_on + timedelta(weeks=DETERMINATION_WEEKS) - timedelta(days=1)


def last_day_subject_after_discharge(*, notice_received_on: date, determined_on: date) -> date:
    """The last day a person is subject to requirements discharged on review: the day
    before they receive the notice of determination, which cannot precede the decision."""
    if notice_received_on < determined_on:
        raise RuleInputError(
            "notice_received_on",
            "notice_received_on must be on or after determined_on (the notice follows the decision)",
        )
    return notice_received_on - timedelta(days=1)
