"""The notification calculator shared by its page and its API endpoint.

It only asks rules.notification (Sexual Offences Act 2003 s82) and turns the answer into
the words and fields people and integrations read. It stores nothing and writes no audit
event: the inputs are not linked to any record.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from rules.errors import RuleInputError
from rules.notification import Disposal, NotificationPeriod, notification_period

# How each s82 disposal reads on the calculator page, in the order of the s82(1) table.
DISPOSAL_LABELS: Final[dict[Disposal, str]] = {
    Disposal.CUSTODY: "Custody (imprisonment or detention)",
    Disposal.HOSPITAL_WITH_RESTRICTION: "Hospital order with a restriction order",
    Disposal.HOSPITAL_WITHOUT_RESTRICTION: "Hospital order without a restriction order",
    Disposal.CAUTION: "Caution",
    Disposal.CONDITIONAL_DISCHARGE: "Conditional discharge",
    Disposal.OTHER: "Any other disposal (for example a fine or a community order)",
}

OUT_OF_RANGE_MESSAGE: Final = "relevant_date is too late: the period would end after the year 9999"


def calculate(
    *,
    date_of_birth: date,
    relevant_date: date,
    disposal: str,
    custody_months: int | None = None,
    discharge_months: int | None = None,
) -> NotificationPeriod:
    """The s82 notification period; RuleInputError(field, message) on bad input."""
    try:
        return notification_period(
            date_of_birth=date_of_birth,
            relevant_date=relevant_date,
            disposal=disposal,
            custody_months=custody_months,
            discharge_months=discharge_months,
        )
    except RuleInputError:
        raise
    except (OverflowError, ValueError) as error:
        # Calendar arithmetic past 9999-12-31 (a date or a discharge length no real case has).
        raise RuleInputError("relevant_date", OUT_OF_RANGE_MESSAGE) from error


# How the rules' argument names read in a sentence on a page.
FIELD_WORDS: Final[dict[str, str]] = {
    "date_of_birth": "the date of birth",
    "relevant_date": "the relevant date",
    "custody_months": "the custody length in months",
    "discharge_months": "the discharge period in months",
    "sentence_months": "the sentence length in months",
}


def humanise(message: str) -> str:
    """A rule's message for a page: 'date_of_birth must be ...' -> 'The date of birth must be ...'."""
    for name, words in FIELD_WORDS.items():
        message = message.replace(name, words)
    return message[:1].upper() + message[1:]


def statute_basis(period: NotificationPeriod) -> str:
    """The statute and section a period comes from, e.g. 'Sexual Offences Act 2003 s82(1)-(2)'.

    A rule's citation names the Act first and then, after '; ', the seed document that
    states it; the API's `basis` is the Act and section.
    """
    return period.citation.split("; ")[0]


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def period_in_words(period: NotificationPeriod) -> str:
    """'Indefinite', '10 years', '3 years 6 months', '1 year' or '6 months'."""
    if period.indefinite:
        return "Indefinite"
    parts = []
    if period.years:
        parts.append(_plural(period.years, "year"))
    if period.months or not period.years:
        parts.append(_plural(period.months, "month"))
    return " ".join(parts)
