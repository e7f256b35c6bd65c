"""The next review a MAPP meeting agrees, and the cadence it must keep.

Seed 003, 'Frequency of MAPP Meetings' and 'Reviews': every meeting sets the date of the
next meeting or review, and a level is reviewed at least as often as its cadence
(rules.reviews: level 1 every 16 weeks, level 2 every 8 to 12, level 3 every 4 to 6). The
date the meeting agreed is the next review: reviewing sooner is always allowed; a later
date than the cadence allows stands only with its reason recorded.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from rules.citations import SEED_003, seed
from rules.reviews import next_review_due_on, review_rule
from rules.rule import Rule

AGREED_REVIEW: Final = Rule(
    "reviews.agreed_next_review",
    "The agreed next review",
    "The next meeting or review a MAPP meeting agrees is the registration's next review; a date later "
    "than the level's cadence allows needs the reason recorded.",
    seed(SEED_003, "Frequency of MAPP Meetings", "Review Meetings"),
)

RULES: Final[tuple[Rule, ...]] = (AGREED_REVIEW,)


def latest_review_on(*, level: int, decided_on: date) -> date:
    """The latest the cadence allows after a decision on `decided_on`."""
    return next_review_due_on(level=level, last_review_on=decided_on)


def agreed_review_problem(*, level: int, decided_on: date, agreed_on: date, reason: str) -> str | None:
    """Why the agreed date cannot be the next review (None when it can)."""
    if agreed_on <= decided_on:
        return "The next review is after the date of the decision"
    latest = latest_review_on(level=level, decided_on=decided_on)
    if agreed_on > latest and not reason.strip():
        cadence = review_rule(level)
        return (
            f"The next review on {agreed_on:%d %B %Y} is later than level {level}'s cadence allows "
            f"({latest:%d %B %Y}; rule {cadence.key}: {cadence.statement}) Enter the reason "
            f"(rule {AGREED_REVIEW.key})"
        )
    return None
