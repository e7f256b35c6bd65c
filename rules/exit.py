"""Leaving MAPPA, and the 100th-birthday retention review.

Leaving MAPPA archives the record; it is never deleted except through the
retention review on the person's 100th birthday (seed 003, 'Inclusion Period',
'ViSOR'). A person born on 29 February is reviewed on 1 March in common years
(see rules.dates: never before they have turned 100).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from rules.citations import SEED_003, seed
from rules.dates import birthday
from rules.errors import RuleInputError
from rules.levels import check_category
from rules.notification import NotificationPeriod
from rules.rule import Rule
from rules.terrorism import TerrorismNotificationPeriod

_LEAVING = "Cases no longer eligible for MAPPA"

CATEGORY_1_EXIT: Final = Rule(
    "exit.category_1",
    "Category 1 exit",
    "A category 1 offender leaves MAPPA when the notification period ends; with "
    "indefinite notification there is no exit date (the record is archived on death or "
    "after a successful review).",
    seed(SEED_003, _LEAVING, "Inclusion Period"),
)
CATEGORY_2_EXIT: Final = Rule(
    "exit.category_2",
    "Category 2 exit",
    "A category 2 offender leaves MAPPA at licence expiry or at the end of hospital "
    "order restrictions (the later, where both apply).",
    seed(SEED_003, _LEAVING, "Inclusion Period"),
)
CATEGORY_3_EXIT: Final = Rule(
    "exit.category_3",
    "Category 3 exit",
    "A category 3 offender leaves MAPPA only when a level 2 or 3 MAPP meeting decides "
    "the risk no longer needs that management; no date is computed.",
    seed(SEED_003, _LEAVING, "Inclusion Period"),
)
CATEGORY_4_EXIT: Final = Rule(
    "exit.category_4",
    "Category 4 exit",
    "A category 4 (terrorist) offender leaves MAPPA when the Counter-Terrorism Act 2008 notification period ends.",
    "Counter-Terrorism Act 2008 s53 (category 4 is current law, newer than the seeds)",
)
RETENTION_REVIEW: Final = Rule(
    "retention.hundredth_birthday",
    "Retention review at 100",
    "A record is kept until the person's 100th birthday and then reviewed with the "
    "expectation that it is deleted; someone born on 29 February is reviewed on 1 "
    "March in a common year.",
    seed(SEED_003, "Inclusion Period", "ViSOR"),
)

RULES: Final[tuple[Rule, ...]] = (
    CATEGORY_1_EXIT,
    CATEGORY_2_EXIT,
    CATEGORY_3_EXIT,
    CATEGORY_4_EXIT,
    RETENTION_REVIEW,
)


@dataclass(frozen=True)
class MappaExit:
    """When someone leaves MAPPA.

    ``exit_on`` is the first day no longer in MAPPA, or None when no date can
    be computed: indefinite notification, or a category 3 case, which leaves
    only by a meeting's decision (``by_meeting_decision``).
    """

    category: int
    exit_on: date | None
    by_meeting_decision: bool
    rule: Rule


def category_1_exit_on(period: NotificationPeriod) -> date | None:
    """The end of notification; None when it is indefinite."""
    return None if period.indefinite else period.ends_on


def category_2_exit_on(
    *,
    licence_expiry_on: date | None = None,
    hospital_restrictions_end_on: date | None = None,
) -> date:
    """Licence expiry or the end of hospital order restrictions (the later if both)."""
    dates = [d for d in (licence_expiry_on, hospital_restrictions_end_on) if d is not None]
    if not dates:
        raise RuleInputError(
            "licence_expiry_on",
            "a category 2 exit needs licence_expiry_on or hospital_restrictions_end_on",
        )
    return max(dates)


def category_4_exit_on(period: TerrorismNotificationPeriod) -> date:
    """The end of the Counter-Terrorism Act 2008 notification period."""
    return period.ends_on


def mappa_exit(
    *,
    category: int,
    notification: NotificationPeriod | None = None,
    licence_expiry_on: date | None = None,
    hospital_restrictions_end_on: date | None = None,
    terrorism_notification: TerrorismNotificationPeriod | None = None,
) -> MappaExit:
    """When a person in the given category leaves MAPPA.

    Category 1 needs ``notification``; category 2 a licence expiry or hospital
    restrictions end date; category 4 ``terrorism_notification``; category 3
    needs nothing and never has a date.
    """
    check_category(category)
    if category == 1:
        if notification is None:
            raise RuleInputError("notification", "a category 1 exit needs the notification period")
        return MappaExit(1, category_1_exit_on(notification), False, CATEGORY_1_EXIT)
    if category == 2:
        exit_on = category_2_exit_on(
            licence_expiry_on=licence_expiry_on,
            hospital_restrictions_end_on=hospital_restrictions_end_on,
        )
        return MappaExit(2, exit_on, False, CATEGORY_2_EXIT)
    if category == 3:
        return MappaExit(3, None, True, CATEGORY_3_EXIT)
    if terrorism_notification is None:
        raise RuleInputError(
            "terrorism_notification",
            "a category 4 exit needs the terrorism notification period",
        )
    return MappaExit(4, category_4_exit_on(terrorism_notification), False, CATEGORY_4_EXIT)


def retention_review_on(date_of_birth: date) -> date:
    """The person's 100th birthday, when the record is reviewed for deletion."""
    return birthday(date_of_birth, 100)
