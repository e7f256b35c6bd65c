"""Home visit frequencies (seed 003, 'MAPPA Case Management Best Practice').

Police visits to category 1 offenders depend on the OASys risk of serious harm
(RoSH). For low risk the seed sets a required interval (at least yearly) and a
preferred one (every 6 months), so both dates are given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from rules.citations import SEED_003, seed
from rules.dates import add_months
from rules.errors import RuleInputError
from rules.rule import Rule

# The first-visit deadline is counted in working days, so it lives with the
# other working-day deadlines; it is re-exported here so every visit rule can
# be found in one place.
from rules.working_days import FIRST_HOME_VISIT, first_home_visit_due_on

__all__ = [
    "FIRST_HOME_VISIT",
    "RULES",
    "RoshLevel",
    "VisitDue",
    "change_of_address_visit_due_on",
    "first_home_visit_due_on",
    "police_home_visit_due",
    "probation_home_visit_due_on",
    "rosh_for_visits",
]

_BEST_PRACTICE = "MAPPA Case Management Best Practice"


class RoshLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


@dataclass(frozen=True)
class PoliceVisitRow:
    rule: Rule
    required_months: int
    target_months: int


POLICE_VISITS: Final[dict[RoshLevel, PoliceVisitRow]] = {
    RoshLevel.VERY_HIGH: PoliceVisitRow(
        Rule(
            "visits.police_very_high",
            "Police home visit (very high RoSH)",
            "Police visit a very high risk category 1 offender at home monthly.",
            seed(SEED_003, _BEST_PRACTICE, "Police Service"),
        ),
        required_months=1,
        target_months=1,
    ),
    RoshLevel.HIGH: PoliceVisitRow(
        Rule(
            "visits.police_high",
            "Police home visit (high RoSH)",
            "Police visit a high risk category 1 offender at home monthly.",
            seed(SEED_003, _BEST_PRACTICE, "Police Service"),
        ),
        required_months=1,
        target_months=1,
    ),
    RoshLevel.MEDIUM: PoliceVisitRow(
        Rule(
            "visits.police_medium",
            "Police home visit (medium RoSH)",
            "Police visit a medium risk category 1 offender at home every 3 months.",
            seed(SEED_003, _BEST_PRACTICE, "Police Service"),
        ),
        required_months=3,
        target_months=3,
    ),
    RoshLevel.LOW: PoliceVisitRow(
        Rule(
            "visits.police_low",
            "Police home visit (low RoSH)",
            "Police visit a low risk category 1 offender at home at least every 12 months, preferably every 6 months.",
            seed(SEED_003, _BEST_PRACTICE, "Police Service"),
        ),
        required_months=12,
        target_months=6,
    ),
}

PROBATION_VISIT: Final = Rule(
    "visits.probation_high_very_high",
    "Probation home visit (high or very high RoSH)",
    "Probation visits a high or very high risk offender under its supervision at home every 4 months.",
    seed(SEED_003, _BEST_PRACTICE),
)
CHANGE_OF_ADDRESS_VISIT: Final = Rule(
    "visits.change_of_address",
    "Home visit after a move",
    "After an offender under probation supervision moves, a home visit takes place "
    "within 14 days of the move to confirm they live there.",
    seed(SEED_003, "Transfer of MAPPA Cases"),
)

# With no risk assessment recorded the seed gives no interval. An unassessed person is not
# presumed to be low risk: visits follow the high-risk interval until a RoSH is recorded.
UNASSESSED_ROSH: Final = RoshLevel.HIGH
VISITS_WITHOUT_ASSESSMENT: Final = Rule(
    "visits.no_assessment",
    "Home visits with no risk assessment",
    "Home visits are scheduled by the latest risk of serious harm recorded; while none is "
    "recorded, they are scheduled as for high risk (police monthly, probation every 4 "
    "months) and the schedule says that no assessment is recorded.",
    f"{seed(SEED_003, _BEST_PRACTICE, 'Risk Assessment')}; OpenMAPPA decision 0060 (docs/decisions)",
)

RULES: Final[tuple[Rule, ...]] = (
    *(row.rule for row in POLICE_VISITS.values()),
    PROBATION_VISIT,
    CHANGE_OF_ADDRESS_VISIT,
    VISITS_WITHOUT_ASSESSMENT,
)


@dataclass(frozen=True)
class VisitDue:
    """When the next visit is required, and the (possibly earlier) target date."""

    required_by: date
    target_by: date
    rule: Rule


def _parse_rosh(rosh: RoshLevel | str) -> RoshLevel:
    try:
        return RoshLevel(rosh)
    except ValueError:
        allowed = ", ".join(r.value for r in RoshLevel)
        raise RuleInputError("rosh", f"rosh must be one of: {allowed}") from None


def rosh_for_visits(assessed: RoshLevel | str | None) -> RoshLevel:
    """The risk home visits are scheduled by: the latest assessed, else UNASSESSED_ROSH."""
    return UNASSESSED_ROSH if not assessed else _parse_rosh(assessed)


def police_home_visit_due(*, rosh: RoshLevel | str, last_visit_on: date) -> VisitDue:
    """Next police home visit to a category 1 offender, by risk of serious harm."""
    row = POLICE_VISITS[_parse_rosh(rosh)]
    return VisitDue(
        required_by=add_months(last_visit_on, row.required_months),
        target_by=add_months(last_visit_on, row.target_months),
        rule=row.rule,
    )


def probation_home_visit_due_on(*, rosh: RoshLevel | str, last_visit_on: date) -> date | None:
    """Next probation home visit: every 4 months for high and very high RoSH.

    None for low and medium risk, for which the seed sets no interval.
    """
    if _parse_rosh(rosh) in (RoshLevel.HIGH, RoshLevel.VERY_HIGH):
        return add_months(last_visit_on, 4)
    return None


def change_of_address_visit_due_on(moved_on: date) -> date:
    """A home visit within 14 days of the move."""
    return moved_on + timedelta(days=14)
