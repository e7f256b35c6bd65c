"""Review cadences for MAPPA cases, by management level (seed 003).

For each level ``REVIEW_CADENCES`` holds the review interval (earliest and
latest, in weeks) and, for levels 2 and 3, how often a full MAPP meeting must
be held when reviews are done by a core group. "Due on" is always the latest
permissible date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from rules.citations import SEED_003, seed
from rules.dates import add_months
from rules.errors import RuleInputError
from rules.levels import check_category_level, check_level
from rules.rule import Rule


@dataclass(frozen=True)
class ReviewCadence:
    """How often a level must be reviewed.

    ``min_weeks`` is None when there is no earliest date (level 1).
    ``full_meeting_weeks`` / ``full_meeting_months`` give the longest gap between
    full MAPP meetings; both are None at level 1, which has no MAPP meetings.
    """

    level: int
    rule: Rule
    min_weeks: int | None
    max_weeks: int
    full_meeting_rule: Rule | None = None
    full_meeting_weeks: int | None = None
    full_meeting_months: int | None = None


_FREQUENCY = "Frequency of MAPP Meetings"

REVIEW_CADENCES: Final[dict[int, ReviewCadence]] = {
    1: ReviewCadence(
        level=1,
        rule=Rule(
            "reviews.level_1",
            "Level 1 review",
            "A level 1 case is reviewed at least every 16 weeks (four-monthly).",
            seed(SEED_003, "Level 1: Ordinary Agency Management", _FREQUENCY),
        ),
        min_weeks=None,
        max_weeks=16,
    ),
    2: ReviewCadence(
        level=2,
        rule=Rule(
            "reviews.level_2",
            "Level 2 review",
            "A level 2 case is reviewed every 8 to 12 weeks (by a MAPP meeting or a core group).",
            seed(SEED_003, "Level 2: Multi-Agency Public Protection Meeting", _FREQUENCY),
        ),
        min_weeks=8,
        max_weeks=12,
        full_meeting_rule=Rule(
            "reviews.level_2_full_meeting",
            "Full level 2 meeting",
            "A full level 2 MAPP meeting is held at least every 6 months.",
            seed(
                SEED_003,
                "Level 2: Multi-Agency Public Protection Meeting",
                "Review Meetings",
            ),
        ),
        full_meeting_months=6,
    ),
    3: ReviewCadence(
        level=3,
        rule=Rule(
            "reviews.level_3",
            "Level 3 review",
            "A level 3 case is reviewed every 4 to 6 weeks.",
            seed(SEED_003, "Level 3: Multi-Agency Public Protection Meeting", _FREQUENCY),
        ),
        min_weeks=4,
        max_weeks=6,
        full_meeting_rule=Rule(
            "reviews.level_3_full_meeting",
            "Full level 3 meeting",
            "A full level 3 MAPP meeting is held at least every 12 weeks.",
            seed(
                SEED_003,
                "Level 3: Multi-Agency Public Protection Meeting",
                "Review Meetings",
            ),
        ),
        full_meeting_weeks=12,
    ),
}

DISCLOSURE_REVIEW: Final = Rule(
    "disclosure.level_1_review",
    "Level 1 disclosure decision reviewed",
    "For category 1 and 2 cases at level 1 the disclosure decision is reviewed at "
    "least every 4 months; at levels 2 and 3 disclosure is considered at every "
    "meeting.",
    seed(SEED_003, "Disclosure"),
)
PRE_RELEASE_MEETING: Final = Rule(
    "custody.pre_release_meeting",
    "Pre-release MAPP meeting",
    "For a level 2 or 3 case in custody, a MAPP meeting is held 6 months before the "
    "release date or the parole eligibility date.",
    seed(SEED_003, _FREQUENCY),
)
POST_RELEASE_MEETING: Final = Rule(
    "custody.post_release_meeting",
    "Post-release MAPP meeting",
    "For a level 2 or 3 case, a MAPP meeting is held within the first month after release into the community.",
    seed(SEED_003, _FREQUENCY),
)

RULES: Final[tuple[Rule, ...]] = (
    *(c.rule for c in REVIEW_CADENCES.values()),
    *(c.full_meeting_rule for c in REVIEW_CADENCES.values() if c.full_meeting_rule),
    DISCLOSURE_REVIEW,
    PRE_RELEASE_MEETING,
    POST_RELEASE_MEETING,
)


def review_rule(level: int) -> Rule:
    """The review rule for a level, for building a Clock."""
    return REVIEW_CADENCES[check_level(level)].rule


def next_review_due_on(*, level: int, last_review_on: date) -> date:
    """The latest permissible date for the next review: L1 +16, L2 +12, L3 +6 weeks."""
    return review_window(level, last_review_on)[1]


def review_window(level: int, last_review_on: date) -> tuple[date, date]:
    """(earliest, latest) dates for the next review.

    Level 1 has no minimum interval, so its earliest date is the day after the
    last review.
    """
    cadence = REVIEW_CADENCES[check_level(level)]
    earliest = last_review_on + timedelta(weeks=cadence.min_weeks or 0)
    if cadence.min_weeks is None:
        earliest = last_review_on + timedelta(days=1)
    return earliest, last_review_on + timedelta(weeks=cadence.max_weeks)


def is_next_meeting_within_cadence(level: int, held_on: date, next_on: date) -> bool:
    """True if a next review set for next_on keeps to the level's cadence."""
    earliest, latest = review_window(level, held_on)
    return earliest <= next_on <= latest


def full_meeting_rule(level: int) -> Rule:
    cadence = REVIEW_CADENCES[check_level(level)]
    if cadence.full_meeting_rule is None:
        raise RuleInputError("level", "full MAPP meetings apply to level 2 and 3 cases only")
    return cadence.full_meeting_rule


def next_full_meeting_due_on(level: int, last_full_meeting_on: date) -> date:
    """Latest date for the next full MAPP meeting: L2 +6 months, L3 +12 weeks."""
    full_meeting_rule(level)
    cadence = REVIEW_CADENCES[level]
    if cadence.full_meeting_months is not None:
        return add_months(last_full_meeting_on, cadence.full_meeting_months)
    assert cadence.full_meeting_weeks is not None
    return last_full_meeting_on + timedelta(weeks=cadence.full_meeting_weeks)


def disclosure_review_due_on(*, category: int, level: int, last_decision_on: date) -> date | None:
    """When a level 1 disclosure decision must next be reviewed.

    Category 1 and 2 at level 1: 4 months after the last decision. Levels 2
    and 3 consider disclosure at every meeting, so there is no separate date
    (None); nor is there one for category 4 at level 1, for which the seed sets
    no interval.
    """
    check_category_level(category, level)
    if level == 1 and category in (1, 2):
        return add_months(last_decision_on, 4)
    return None


def _check_level_2_or_3(level: int) -> None:
    if check_level(level) == 1:
        raise RuleInputError("level", "custody meetings apply to level 2 and 3 cases only")


def pre_release_meeting_due_on(*, level: int, release_on: date) -> date:
    """A level 2/3 meeting 6 months before release or the parole eligibility date.

    Pass the parole eligibility date as release_on where there is one; if
    parole is refused, ask again with the next release or eligibility date.
    """
    _check_level_2_or_3(level)
    return add_months(release_on, -6)


def post_release_meeting_due_on(*, level: int, released_on: date) -> date:
    """A level 2/3 meeting within the first month after release."""
    _check_level_2_or_3(level)
    return add_months(released_on, 1)


def released_on_or_after_for_post_release_meeting(today: date) -> date:
    """The earliest release whose post-release meeting is still due on or after `today`:
    releases before it need no search for a meeting (its month has passed)."""
    return add_months(today, -1)
