"""Who a Young MAPPA meeting is for.

Seed 000 (Hertfordshire framework, 'Young MAPPA'): specialist level 2 meetings "for those
relevant young offenders managed by the youth offending teams". Seed 003 ('Young
Offenders'): the YOTs supervise "young offenders (those aged under 18 years)". So a Young
MAPPA meeting is a level 2 meeting about a person under 18 on the day it is held.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from rules.citations import SEED_000, SEED_003, seed
from rules.dates import birthday
from rules.rule import Rule

YOUNG_MAPPA: Final = Rule(
    "meetings.young_mappa_under_18",
    "Young MAPPA is for under 18s",
    "A Young MAPPA meeting is a specialist level 2 meeting about a young person managed by the youth "
    "offending team: under 18 on the day the meeting is held.",
    f"{seed(SEED_000, 'Young MAPPA')}; {seed(SEED_003, 'Young Offenders')}",
)

RULES: Final[tuple[Rule, ...]] = (YOUNG_MAPPA,)

ADULT_AGE: Final = 18


def eighteenth_birthday(date_of_birth: date) -> date:
    """The day the person turns 18 (rules.dates: a 29 February birthday falls on 1 March)."""
    return birthday(date_of_birth, ADULT_AGE)


def young_mappa_problem(*, date_of_birth: date, held_on: date, level: int | None) -> str | None:
    """Why a Young MAPPA meeting may not be held for this person on this day (None when it may)."""
    if held_on >= eighteenth_birthday(date_of_birth):
        return (
            f"A Young MAPPA meeting is only for a person under 18 on the day it is held: this person is 18 or over "
            f"on {held_on:%d %B %Y} (rule {YOUNG_MAPPA.key}; {YOUNG_MAPPA.citation})"
        )
    if level != 2:
        return f"A Young MAPPA meeting is a level 2 meeting (rule {YOUNG_MAPPA.key}; {YOUNG_MAPPA.citation})"
    return None
