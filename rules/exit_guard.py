"""Whether a registration may leave MAPPA on a given day, and why not.

"Discharge of offenders from MAPPA can only take place in the following circumstances"
(seed 003, 'Inclusion Period'): category 1 when the notification period expires (for
life, when the person dies); category 2 at licence expiry or the end of hospital order
restrictions; category 3 when a level 2 or 3 MAPP meeting decides the risk has reduced
enough. Category 4 (current law) when the Counter-Terrorism Act 2008 notification ends.
Besides the category's exit point, a person leaves MAPPA on death, and a category 1
person whose indefinite notification requirements are discharged on review leaves on
the day they end (SOA 2003 s91C). Anything else is an early exit and is refused, naming
the rule.

The exit point itself (the date) comes from rules.exit; this module only compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from rules.citations import SEED_001, SEED_003, SOA_2003, act, seed
from rules.exit import CATEGORY_1_EXIT, CATEGORY_2_EXIT, CATEGORY_3_EXIT, CATEGORY_4_EXIT
from rules.rule import Rule


class ExitBasis(StrEnum):
    """Why a person leaves MAPPA."""

    EXIT_POINT = "exit_point"  # the category's exit point is reached
    DIED = "died"
    NOTIFICATION_DISCHARGED = "notification_discharged"  # category 1, on review (s91C)


# A person recorded by hand leaves at the exit point or on death; a discharge on review
# is recorded with the determination (notifications), which ends the registration itself.
CHOSEN_BY_HAND: Final = (ExitBasis.EXIT_POINT, ExitBasis.DIED)

EXIT_ON_DEATH: Final = Rule(
    "exit.on_death",
    "Exit on death",
    "A person leaves MAPPA when they die, whatever the category; a category 1 person "
    "subject to notification for life is archived only then (or on a discharge on review).",
    seed(SEED_003, "Inclusion Period"),
)
EXIT_ON_DISCHARGE: Final = Rule(
    "exit.on_discharge",
    "Exit on discharge of indefinite notification",
    "A category 1 person whose indefinite notification requirements are discharged on "
    "review leaves MAPPA the day the requirements end (when they receive the notice); the "
    "registration ends with the determination, without a separate archive.",
    f"{act(SOA_2003, 's91C')}; {SEED_001}, note (i) 'Lifetime notification requirements revoked on application'; "
    f"{seed(SEED_003, 'Cases no longer eligible for MAPPA')}",
)
NO_EARLY_EXIT: Final = Rule(
    "exit.not_before_exit_point",
    "No exit before the exit point",
    "Discharge from MAPPA takes place only in the circumstances the category sets: an "
    "archive before the category's exit point is refused unless the person has died.",
    seed(SEED_003, "Inclusion Period", "Cases no longer eligible for MAPPA"),
)

RULES: Final[tuple[Rule, ...]] = (NO_EARLY_EXIT, EXIT_ON_DEATH, EXIT_ON_DISCHARGE)

CATEGORY_EXITS: Final[dict[int, Rule]] = {
    1: CATEGORY_1_EXIT,
    2: CATEGORY_2_EXIT,
    3: CATEGORY_3_EXIT,
    4: CATEGORY_4_EXIT,
}
# Each dated exit point in a phrase, for the refusals.
EXIT_POINTS: Final[dict[int, str]] = {
    1: "A category 1 person leaves MAPPA when the notification period ends",
    2: "A category 2 person leaves MAPPA at licence expiry or the end of hospital order restrictions",
    4: "A category 4 person leaves MAPPA when the Counter-Terrorism Act 2008 notification period ends",
}


@dataclass(frozen=True)
class ExitRefusal:
    """An exit the rules do not allow: the field at fault and the message naming the rule."""

    field: str
    message: str
    rule: Rule


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _named(rule: Rule, text: str) -> str:
    return f"{text} (rule {rule.key}: {rule.citation})"


def exit_refusal(
    *,
    category: int,
    basis: str,
    left_on: date,
    exit_on: date | None = None,
    exit_detail: str = "",
    meeting_decided_on: date | None = None,
) -> ExitRefusal | None:
    """None when the person may leave MAPPA on `left_on`; else why not.

    `exit_on` is the first day out of MAPPA by the category's exit rule (rules.exit),
    None when no date is computed (indefinite notification, or a fact not recorded, which
    `exit_detail` explains). A category 3 exit needs the day a level 2 or 3 meeting
    decided it (`meeting_decided_on`), on or before `left_on`.
    """
    if basis not in ExitBasis.__members__.values():
        choose = "Select why the person leaves MAPPA: the exit point is reached, or they have died"
        return ExitRefusal("exit_basis", choose, NO_EARLY_EXIT)
    if basis == ExitBasis.DIED:
        return None
    if basis == ExitBasis.NOTIFICATION_DISCHARGED:
        if category != 1:
            return ExitRefusal(
                "exit_basis",
                _named(EXIT_ON_DISCHARGE, "Only a category 1 person leaves MAPPA on a discharge of notification"),
                EXIT_ON_DISCHARGE,
            )
        return None
    rule = CATEGORY_EXITS.get(category)
    if rule is None:
        return ExitRefusal("category", "The category must be 1, 2, 3 or 4", NO_EARLY_EXIT)
    if category == 3:
        if meeting_decided_on is None:
            return ExitRefusal(
                "meeting_decided_on",
                _named(
                    rule,
                    "A category 3 person leaves MAPPA only when a level 2 or 3 MAPP meeting decides the risk "
                    "no longer needs that management: enter the date of the meeting's decision",
                ),
                rule,
            )
        if meeting_decided_on > left_on:
            return ExitRefusal(
                "meeting_decided_on",
                _named(rule, "The person cannot leave MAPPA before the meeting decided it"),
                rule,
            )
        return None
    if exit_on is None:
        why = f" {exit_detail.rstrip('.')}." if exit_detail else ""
        if category == 1:
            why += " A discharge of indefinite notification on review, once determined, ends the registration itself."
        return ExitRefusal(
            "archived_on",
            _named(
                rule,
                f"{EXIT_POINTS[category]}, and no exit date can be computed, so the person cannot leave "
                f"MAPPA yet unless they have died.{why}",
            ),
            rule,
        )
    if left_on < exit_on:
        return ExitRefusal(
            "archived_on",
            _named(
                rule,
                f"Too early: {EXIT_POINTS[category][0].lower()}{EXIT_POINTS[category][1:]}, on {_day(exit_on)}; "
                "the person cannot leave MAPPA before then unless they have died",
            ),
            rule,
        )
    return None
