"""Terrorist offender notification periods: Counter-Terrorism Act 2008 s53.

The 30 and 15 year periods apply only to a person aged 18 or over at the time
of conviction (s53(1)(a)-(b)); everyone else, including a person aged 16 or 17
whatever the sentence, gets 10 years (s53(1)(c) "in any other case"). Pass
``date_of_birth`` so the age test can be applied; without it the person is
taken to be an adult, which never gives a shorter period than the Act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from rules.citations import CTA_2008, act
from rules.dates import add_years, is_under_age
from rules.errors import RuleInputError
from rules.rule import Rule


@dataclass(frozen=True)
class TerrorismRow:
    """One period in s53; sentence bands in whole months, both ends inclusive."""

    rule: Rule
    years: int
    adults_only: bool
    includes_life: bool
    min_sentence_months: int | None
    max_sentence_months: int | None

    def covers(self, sentence_months: int | None, life: bool, adult: bool) -> bool:
        if self.adults_only and not adult:
            return False
        if life:
            return self.includes_life
        if self.min_sentence_months is None:
            return True
        if sentence_months is None or sentence_months < self.min_sentence_months:
            return False
        return self.max_sentence_months is None or sentence_months <= self.max_sentence_months


TERRORISM_TABLE: Final[tuple[TerrorismRow, ...]] = (
    TerrorismRow(
        Rule(
            "cta53.thirty_years",
            "Terrorism notification: 30 years",
            "Aged 18 or over at conviction and sentenced to life, or to custody of 10 "
            "years or more (including detention for public protection or during His "
            "Majesty's pleasure, given as life): 30 years.",
            act(CTA_2008, "s53(1)(a), s53(2)"),
        ),
        years=30,
        adults_only=True,
        includes_life=True,
        min_sentence_months=120,
        max_sentence_months=None,
    ),
    TerrorismRow(
        Rule(
            "cta53.fifteen_years",
            "Terrorism notification: 15 years",
            "Aged 18 or over at conviction and sentenced to custody of 5 years or more "
            "but less than 10 years: 15 years.",
            act(CTA_2008, "s53(1)(b), s53(3)"),
        ),
        years=15,
        adults_only=True,
        includes_life=False,
        min_sentence_months=60,
        max_sentence_months=119,
    ),
    TerrorismRow(
        Rule(
            "cta53.ten_years",
            "Terrorism notification: 10 years",
            "Any other case (a shorter sentence, a hospital order, or a person under "
            "18 at conviction whatever the sentence): 10 years.",
            act(CTA_2008, "s53(1)(c)"),
        ),
        years=10,
        adults_only=False,
        includes_life=True,
        min_sentence_months=None,
        max_sentence_months=None,
    ),
)

DISREGARDED_TIME_RULE: Final = Rule(
    "cta53.disregarded_time",
    "Terrorism notification: time in custody not counted",
    "The period begins with the day the person is dealt with for the offence; time "
    "remanded or committed to custody, serving a sentence, or detained in hospital "
    "or under the Immigration Acts does not count towards it.",
    act(CTA_2008, "s53(4), s53(7)"),
)

MINIMUM_AGE_RULE: Final = Rule(
    "cta44.minimum_age",
    "Terrorism notification: aged 16 or over",
    "The notification requirements apply only to a person aged 16 or over when dealt with for the offence.",
    act(CTA_2008, "s44"),
)

MINIMUM_SENTENCE_RULE: Final = Rule(
    "cta45.minimum_sentence",
    "Terrorism notification: custody of 12 months or more",
    "A custodial sentence triggers the notification requirements only if it is for "
    "life or for 12 months or more; a hospital order also triggers them.",
    act(CTA_2008, "s45(1)"),
)

COMBINED_TERMS_RULE: Final = Rule(
    "cta53.combined_terms",
    "Terrorism notification: consecutive and concurrent terms",
    "Consecutive terms count as their total; partly concurrent terms count as their "
    "total less the overlap (use notification.combined_custody_months).",
    act(CTA_2008, "s53(6)"),
)

RULES: Final[tuple[Rule, ...]] = (
    *(row.rule for row in TERRORISM_TABLE),
    DISREGARDED_TIME_RULE,
    MINIMUM_AGE_RULE,
    MINIMUM_SENTENCE_RULE,
    COMBINED_TERMS_RULE,
)


@dataclass(frozen=True)
class TerrorismNotificationPeriod:
    """A s53 period. ``ends_on`` is the first day no longer subject (see last_day)."""

    years: int
    ends_on: date
    aged_18_or_over: bool
    basis: str
    rule_key: str
    citation: str

    @property
    def indefinite(self) -> bool:
        return False

    @property
    def iso_duration(self) -> str:
        return f"P{self.years}Y"

    @property
    def last_day(self) -> date:
        return self.ends_on - timedelta(days=1)


def _check(
    sentence_months: int | None,
    life: bool,
    relevant_date: date,
    date_of_birth: date | None,
    disregarded_days: int,
) -> None:
    if life and sentence_months is not None:
        raise RuleInputError("sentence_months", "give sentence_months or life, not both")
    if sentence_months is not None and sentence_months < 12:
        raise RuleInputError(
            "sentence_months",
            "sentence_months must be at least 12: a shorter custodial sentence does "
            "not trigger notification (Counter-Terrorism Act 2008 s45)",
        )
    if disregarded_days < 0:
        raise RuleInputError("disregarded_days", "disregarded_days must not be negative")
    if date_of_birth is not None:
        if date_of_birth > relevant_date:
            raise RuleInputError("date_of_birth", "date_of_birth must be on or before relevant_date")
        if is_under_age(date_of_birth, 16, relevant_date):
            raise RuleInputError(
                "date_of_birth",
                "the notification requirements apply only to a person aged 16 or over "
                "when dealt with (Counter-Terrorism Act 2008 s44)",
            )


def terrorism_notification_period(
    *,
    sentence_months: int | None,
    life: bool = False,
    relevant_date: date,
    date_of_birth: date | None = None,
    convicted_on: date | None = None,
    disregarded_days: int = 0,
) -> TerrorismNotificationPeriod:
    """The notification period under CTA 2008 s53.

    relevant_date is the day the person is dealt with (sentenced) for the
    offence, with which the period begins (s53(4)). convicted_on (default:
    relevant_date) is when the age test of s53(1)(a)-(b) is applied.
    sentence_months is None when no custodial sentence was given (for example
    a hospital order); a custodial sentence must be 12 months or more (s45).
    For several terms pass ``combined_custody_months(terms)`` (s53(6)).
    disregarded_days is the time since relevant_date spent in custody or
    detained, which s53(7) does not count, so it moves the end date later.
    """
    _check(sentence_months, life, relevant_date, date_of_birth, disregarded_days)
    age_test_on = convicted_on or relevant_date
    if age_test_on > relevant_date:
        raise RuleInputError("convicted_on", "convicted_on must be on or before relevant_date")
    if date_of_birth is not None and date_of_birth > age_test_on:
        raise RuleInputError("convicted_on", "convicted_on must be on or after date_of_birth")
    adult = date_of_birth is None or not is_under_age(date_of_birth, 18, age_test_on)
    row = next(r for r in TERRORISM_TABLE if r.covers(sentence_months, life, adult))
    ends_on = add_years(relevant_date, row.years) + timedelta(days=disregarded_days)
    basis = f"{row.rule.label}"
    if not adult:
        basis += " (under 18 at conviction)"
    if disregarded_days:
        basis += f", extended by {disregarded_days} days in custody or detention"
    return TerrorismNotificationPeriod(
        years=row.years,
        ends_on=ends_on,
        aged_18_or_over=adult,
        basis=basis,
        rule_key=row.rule.key,
        citation=row.rule.citation,
    )
