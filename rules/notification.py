"""Sex offender notification periods: Sexual Offences Act 2003 s82.

The period is read from ``NOTIFICATION_TABLE``: one row per line of the table
in s82(1), each carrying its citation. s82(2) halves the fixed periods for a
person under 18 on the relevant date, and s82(3)-(4) say how several custodial
terms combine (``combined_custody_months``).

Custodial terms are given in whole months (``custody_months``), as sentences of
imprisonment for these offences almost always are. Life imprisonment is given
as ``life=True``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, Literal

from rules.citations import SEED_003, SOA_2003, act, seed
from rules.dates import add_months, is_under_age
from rules.errors import RuleInputError
from rules.rule import Rule


class Disposal(StrEnum):
    CUSTODY = "custody"
    HOSPITAL_WITH_RESTRICTION = "hospital_with_restriction"
    HOSPITAL_WITHOUT_RESTRICTION = "hospital_without_restriction"
    CAUTION = "caution"
    CONDITIONAL_DISCHARGE = "conditional_discharge"
    OTHER = "other"


INDEFINITE: Final = "indefinite"
DISCHARGE_PERIOD: Final = "discharge_period"
# A row's adult period: whole months, indefinite, or the length of the discharge.
Term = int | Literal["indefinite", "discharge_period"]

_S82_TABLE = seed(SEED_003, "Sexual Offender Notification")


def _cite(section: str) -> str:
    return f"{act(SOA_2003, section)}; {_S82_TABLE}"


@dataclass(frozen=True)
class NotificationRow:
    """One line of the s82(1) table.

    Custody rows also carry the band of whole months they cover, both ends
    inclusive (None for no upper limit): "more than 6 months but less than 30
    months" is 7 to 29 whole months.
    """

    rule: Rule
    disposal: Disposal
    adult_term: Term
    halved_under_18: bool
    min_custody_months: int | None = None
    max_custody_months: int | None = None

    def covers(self, disposal: Disposal, custody_months: int | None, life: bool) -> bool:
        if disposal is not self.disposal:
            return False
        if disposal is not Disposal.CUSTODY:
            return True
        if life:
            return self.max_custody_months is None
        assert custody_months is not None and self.min_custody_months is not None
        upper_ok = self.max_custody_months is None or custody_months <= self.max_custody_months
        return self.min_custody_months <= custody_months and upper_ok


NOTIFICATION_TABLE: Final[tuple[NotificationRow, ...]] = (
    NotificationRow(
        Rule(
            "soa82.custody_30_months_or_more",
            "Notification: custody 30 months or more",
            "Custody for life or for 30 months or more: notification is indefinite, "
            "whatever the age on the relevant date.",
            _cite("s82(1)"),
        ),
        Disposal.CUSTODY,
        INDEFINITE,
        halved_under_18=False,
        min_custody_months=30,
    ),
    NotificationRow(
        Rule(
            "soa82.hospital_with_restriction",
            "Notification: hospital with restriction order",
            "Admitted to hospital subject to a restriction order: notification is indefinite.",
            _cite("s82(1)"),
        ),
        Disposal.HOSPITAL_WITH_RESTRICTION,
        INDEFINITE,
        halved_under_18=False,
    ),
    NotificationRow(
        Rule(
            "soa82.custody_more_than_6_less_than_30_months",
            "Notification: custody more than 6 and less than 30 months",
            "Custody of more than 6 months but less than 30 months: 10 years "
            "(5 years if under 18 on the relevant date).",
            _cite("s82(1)-(2)"),
        ),
        Disposal.CUSTODY,
        120,
        halved_under_18=True,
        min_custody_months=7,
        max_custody_months=29,
    ),
    NotificationRow(
        Rule(
            "soa82.custody_6_months_or_less",
            "Notification: custody 6 months or less",
            "Custody of 6 months or less: 7 years (3 years 6 months if under 18 on the relevant date).",
            _cite("s82(1)-(2)"),
        ),
        Disposal.CUSTODY,
        84,
        halved_under_18=True,
        min_custody_months=0,
        max_custody_months=6,
    ),
    NotificationRow(
        Rule(
            "soa82.hospital_without_restriction",
            "Notification: hospital without restriction order",
            "Admitted to hospital without a restriction order: 7 years (3 years 6 "
            "months if under 18 on the relevant date).",
            _cite("s82(1)-(2)"),
        ),
        Disposal.HOSPITAL_WITHOUT_RESTRICTION,
        84,
        halved_under_18=True,
    ),
    NotificationRow(
        Rule(
            "soa82.caution",
            "Notification: caution",
            "Cautioned: 2 years (1 year if under 18 on the relevant date).",
            _cite("s82(1)-(2)"),
        ),
        Disposal.CAUTION,
        24,
        halved_under_18=True,
    ),
    NotificationRow(
        Rule(
            "soa82.conditional_discharge",
            "Notification: conditional discharge",
            "Conditional discharge: the period of the discharge, at any age (s82(2) "
            "halves only the 10, 7, 5 and 2 year periods).",
            _cite("s82(1)"),
        ),
        Disposal.CONDITIONAL_DISCHARGE,
        DISCHARGE_PERIOD,
        halved_under_18=False,
    ),
    NotificationRow(
        Rule(
            "soa82.other_disposal",
            "Notification: any other disposal",
            "Any other disposal (for example a fine or a community order): 5 years "
            "(2 years 6 months if under 18 on the relevant date).",
            _cite("s82(1)-(2)"),
        ),
        Disposal.OTHER,
        60,
        halved_under_18=True,
    ),
)

UNDER_18_RULE: Final = Rule(
    "soa82.under_18_halving",
    "Notification: under 18 on the relevant date",
    "A person under 18 on the relevant date (the date of conviction, caution or "
    "finding) has the 10, 7, 5 and 2 year periods halved; a person is no longer "
    "under 18 from the day of their 18th birthday.",
    _cite("s82(2), s82(6)"),
)

COMBINED_TERMS_RULE: Final = Rule(
    "soa82.combined_terms",
    "Notification: consecutive and concurrent terms",
    "Consecutive terms count as one term of their total length; partly concurrent "
    "terms X and Y overlapping for Z count as X + Y - Z; wholly concurrent terms "
    "count as the longest.",
    act(SOA_2003, "s82(3)-(4)"),
)

RULES: Final[tuple[Rule, ...]] = (
    *(row.rule for row in NOTIFICATION_TABLE),
    UNDER_18_RULE,
    COMBINED_TERMS_RULE,
)


def iso_duration(total_months: int) -> str:
    """An ISO 8601 duration for whole months, normalised to years and months."""
    years, months = divmod(total_months, 12)
    text = "P"
    if years:
        text += f"{years}Y"
    if months or not years:
        text += f"{months}M"
    return text


@dataclass(frozen=True)
class NotificationPeriod:
    """How long the notification requirements last, and why.

    ``ends_on`` is the first day on which the person is no longer subject to
    the requirements: the period "begins with" the relevant date, so its last
    day is ``ends_on`` minus one day (see ``last_day``). None when indefinite.
    """

    indefinite: bool
    years: int
    months: int
    ends_on: date | None
    under_18: bool
    basis: str
    rule_key: str = ""
    citation: str = ""

    @property
    def iso_duration(self) -> str:
        """'indefinite', or an ISO 8601 duration such as 'P10Y' or 'P3Y6M'."""
        if self.indefinite:
            return INDEFINITE
        return iso_duration(12 * self.years + self.months)

    @property
    def last_day(self) -> date | None:
        """The last day on which the requirements apply (None when indefinite)."""
        return None if self.ends_on is None else self.ends_on - timedelta(days=1)


def _parse_disposal(disposal: Disposal | str) -> Disposal:
    try:
        return Disposal(disposal)
    except ValueError:
        allowed = ", ".join(d.value for d in Disposal)
        raise RuleInputError("disposal", f"disposal must be one of: {allowed}") from None


def _check_inputs(
    disposal: Disposal,
    custody_months: int | None,
    discharge_months: int | None,
    life: bool,
) -> None:
    if disposal is Disposal.CUSTODY:
        if life and custody_months is not None:
            raise RuleInputError("custody_months", "give custody_months or life, not both")
        if not life and custody_months is None:
            raise RuleInputError("custody_months", "custody_months is required for a custody disposal")
        if custody_months is not None and custody_months < 0:
            raise RuleInputError("custody_months", "custody_months must not be negative")
    else:
        if custody_months is not None:
            raise RuleInputError("custody_months", "custody_months applies only to a custody disposal")
        if life:
            raise RuleInputError("life", "life applies only to a custody disposal")
    if disposal is Disposal.CONDITIONAL_DISCHARGE:
        if discharge_months is None or discharge_months <= 0:
            raise RuleInputError(
                "discharge_months",
                "discharge_months must be a positive number of months for a conditional discharge",
            )
    elif discharge_months is not None:
        raise RuleInputError(
            "discharge_months",
            "discharge_months applies only to a conditional discharge",
        )


def find_row(disposal: Disposal, custody_months: int | None, life: bool = False) -> NotificationRow:
    """The s82(1) table row for a disposal (inputs already checked)."""
    for row in NOTIFICATION_TABLE:
        if row.covers(disposal, custody_months, life):
            return row
    raise AssertionError(f"no s82 row for {disposal} {custody_months}")  # table covers all


def notification_period(
    *,
    date_of_birth: date,
    relevant_date: date,
    disposal: Disposal | str,
    custody_months: int | None = None,
    discharge_months: int | None = None,
    life: bool = False,
) -> NotificationPeriod:
    """The notification period under SOA 2003 s82.

    relevant_date is the date of the conviction, caution or finding (s82(6)).
    For several custodial terms, pass ``combined_custody_months(terms)`` as
    custody_months.
    """
    if date_of_birth > relevant_date:
        raise RuleInputError("date_of_birth", "date_of_birth must be on or before relevant_date")
    parsed = _parse_disposal(disposal)
    _check_inputs(parsed, custody_months, discharge_months, life)
    row = find_row(parsed, custody_months, life)
    under_18 = is_under_age(date_of_birth, 18, relevant_date)
    if row.adult_term == INDEFINITE:
        return NotificationPeriod(
            indefinite=True,
            years=0,
            months=0,
            ends_on=None,
            under_18=under_18,
            basis=f"{row.rule.label}: indefinite",
            rule_key=row.rule.key,
            citation=row.rule.citation,
        )
    if row.adult_term == DISCHARGE_PERIOD:
        assert discharge_months is not None
        total = discharge_months
        basis = f"{row.rule.label}: the period of the discharge ({iso_duration(total)})"
    else:
        total = row.adult_term
        basis = f"{row.rule.label}: {iso_duration(total)}"
        if under_18 and row.halved_under_18:
            total //= 2
            basis += f", halved to {iso_duration(total)} as under 18 on the relevant date"
    years, months = divmod(total, 12)
    return NotificationPeriod(
        indefinite=False,
        years=years,
        months=months,
        ends_on=add_months(relevant_date, total),
        under_18=under_18,
        basis=basis,
        rule_key=row.rule.key,
        citation=row.rule.citation,
    )


@dataclass(frozen=True)
class CustodyTerm:
    """One custodial term, as a caseworker reads it from the sentencing record.

    ``months`` is the length of the term. ``starts_at_month`` is when it begins
    to run, in whole months from the start of the first term: 0 for terms
    imposed concurrently with the first; the total of the earlier terms for a
    term ordered to run consecutively; and the number of months already served
    for a term that runs partly concurrently.
    """

    months: int
    starts_at_month: int = 0


def combined_custody_months(terms: Iterable[CustodyTerm]) -> int:
    """The single term that several terms count as under s82(3)-(4).

    The terms must together form one unbroken stretch of custody (consecutive
    or overlapping). The result is the length of that stretch, which is the
    total for consecutive terms, X + Y - Z for partly concurrent terms X and Y
    overlapping for Z, and the longest for wholly concurrent terms.
    """
    ordered = sorted(terms, key=lambda t: t.starts_at_month)
    if not ordered:
        raise RuleInputError("terms", "at least one custodial term is required")
    for term in ordered:
        if term.months < 1:
            raise RuleInputError("terms", "each term must be at least 1 month")
        if term.starts_at_month < 0:
            raise RuleInputError("terms", "starts_at_month must not be negative")
    start = ordered[0].starts_at_month
    end = start
    for term in ordered:
        if term.starts_at_month > end:
            raise RuleInputError(
                "terms",
                "terms must be consecutive or overlapping: s82(3) combines only consecutive or partly concurrent terms",
            )
        end = max(end, term.starts_at_month + term.months)
    return end - start
