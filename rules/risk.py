"""How risk assessments combine (seed 003, 'Risk Assessment').

Risk of serious harm (RoSH) is graded Low, Medium, High or Very High. OASys rates it per
group at risk, separately in the community and in custody; the person's overall RoSH is
the highest of those ratings. For the likelihood of reconviction of an adult male sexual
offender, RM2000 takes precedence over OASys. When tools disagree, the level recorded is
the one agreed in professional discussion, so disagreement must be visible until then.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from rules.citations import SEED_003, seed
from rules.dates import is_under_age
from rules.errors import RuleInputError

CITATION: Final = seed(SEED_003, "Risk Assessment", "Offender Assessment System (OASys)")

# The scale, lowest first. The stored values match rules.visits.RoshLevel.
SCALE: Final[tuple[str, ...]] = ("low", "medium", "high", "very_high")
ADULT_AGE: Final = 18


def rank(level: str) -> int:
    """The position of a level on the scale (0 for low); anything else is refused."""
    try:
        return SCALE.index(level)
    except ValueError:
        raise RuleInputError("level", f"{level!r} is not a risk level: use one of {', '.join(SCALE)}") from None


def highest(levels: Iterable[str]) -> str | None:
    """The highest level given (blanks ignored), or None when none is given."""
    present = [level for level in levels if level]
    if not present:
        return None
    return max(present, key=rank)


def reconviction_level(*, oasys: str | None, rm2000: str | None) -> str | None:
    """RM2000's reconviction level, when there is one, takes precedence over OASys's."""
    for level in (rm2000, oasys):
        if level:
            rank(level)
            return level
    return None


def disagree(levels: Iterable[str]) -> bool:
    """True when the tools' levels are not all the same (blanks ignored)."""
    present = {level for level in levels if level}
    for level in present:
        rank(level)
    return len(present) > 1


def rm2000_applies(*, gender: str, date_of_birth: date, assessed_on: date) -> bool:
    """RM2000 is for adult male sexual offenders: male and 18 or over on the day assessed."""
    return gender == "male" and not is_under_age(date_of_birth, ADULT_AGE, assessed_on)
