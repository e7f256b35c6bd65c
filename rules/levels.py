"""MAPPA categories and management levels, and which combinations are allowed."""

from __future__ import annotations

from typing import Final

from rules.citations import SEED_003, seed
from rules.errors import RuleInputError
from rules.rule import Rule

LEVELS: Final = (1, 2, 3)
CATEGORIES: Final = (1, 2, 3, 4)

CATEGORY_3_NEVER_LEVEL_1: Final = Rule(
    "levels.category_3_not_level_1",
    "Category 3 is never level 1",
    "Level 1 (ordinary agency management) is for categories 1, 2 and 4 only: a "
    "category 3 offender is registered because level 2 or 3 management is needed.",
    seed(
        SEED_003,
        "Level 1: Ordinary Agency Management",
        "Category 3 Offenders: Other Dangerous Offenders - Sections 325(2) (b) Criminal Justice Act (2003)",
    ),
)

RULES: Final[tuple[Rule, ...]] = (CATEGORY_3_NEVER_LEVEL_1,)


def check_level(level: int) -> int:
    """The level, if it is 1, 2 or 3; otherwise RuleInputError on field 'level'."""
    if isinstance(level, bool) or level not in LEVELS:
        raise RuleInputError("level", "level must be 1, 2 or 3")
    return level


def check_category(category: int) -> int:
    """The category, if it is 1 to 4; otherwise RuleInputError on field 'category'."""
    if isinstance(category, bool) or category not in CATEGORIES:
        raise RuleInputError("category", "category must be 1, 2, 3 or 4")
    return category


def check_category_level(category: int, level: int) -> None:
    """Reject combinations the arrangements do not allow (category 3 at level 1)."""
    check_category(category)
    check_level(level)
    if category == 3 and level == 1:
        raise RuleInputError("level", "a category 3 offender is never managed at level 1")
