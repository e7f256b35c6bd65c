"""The release clocks of a custody spell of a level 2 or 3 case, computed once for the
custody page, the worklists and the person's clocks.

Dates come from rules/ (custody, reviews), what meets or ends each clock from
rules/clock_events.py, and the state from rules/clocks.py: a clock met after its date is
met late, and a clock whose event can no longer happen (a release date never confirmed
before the release, a pre-release meeting never held) ends with the release rather than
staying overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from rules import custody as custody_rules
from rules.clock_events import post_release_meeting_held_on, pre_release_meeting_held_on
from rules.clocks import Clock, make_clock
from rules.reviews import (
    POST_RELEASE_MEETING,
    PRE_RELEASE_MEETING,
    post_release_meeting_due_on,
    pre_release_meeting_due_on,
)

from .models import CustodySpell


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class SpellFacts:
    """What the release clocks of one spell read besides the spell itself."""

    level: int
    meeting_days: tuple[date, ...] = ()  # MAPP meetings held or booked for the person (not cancelled)
    referred_on: date | None = None  # the first Approved Premises referral from this spell
    back_in_custody_on: date | None = None  # the start of the next spell, if any


def _happened(day: date | None, today: date) -> date | None:
    """A recorded day that has come: a date ahead of today has not met anything yet."""
    return day if day is not None and day <= today else None


def _released_unmet(spell: CustodySpell, what: str) -> str:
    assert spell.released_on is not None
    return f"Released on {_day(spell.released_on)} with no {what} recorded"


def release_date_clock(spell: CustodySpell, today: date) -> Clock | None:
    if spell.release_on is None:
        return None
    due = custody_rules.release_date_confirmation_due(spell.release_on)
    detail = f"Release on {_day(spell.release_on)}; preferably confirmed by {_day(due.target_by)}"
    if spell.release_confirmed_on is None and spell.released_on is not None:
        detail = f"{detail}. {_released_unmet(spell, 'confirmation')}"
    return make_clock(
        custody_rules.RELEASE_DATE_CONFIRMED,
        due.required_by,
        today,
        met_on=_happened(spell.release_confirmed_on, today),
        ended_on=spell.released_on,
        detail=detail,
    )


def approved_premises_clock(spell: CustodySpell, facts: SpellFacts, today: date) -> Clock | None:
    if spell.release_on is None:
        return None
    detail = "Where Approved Premises are needed"
    if facts.referred_on is None and spell.released_on is not None:
        detail = f"{detail}. {_released_unmet(spell, 'referral')}"
    return make_clock(
        custody_rules.APPROVED_PREMISES_REFERRAL,
        custody_rules.approved_premises_referral_due_on(spell.release_on),
        today,
        met_on=_happened(facts.referred_on, today),
        ended_on=spell.released_on,
        detail=detail,
    )


def pre_release_meeting_clock(spell: CustodySpell, facts: SpellFacts, today: date) -> Clock | None:
    release_on = spell.released_on or spell.release_on
    if release_on is None or spell.release_on is None:
        return None
    due_on = pre_release_meeting_due_on(level=facts.level, release_on=spell.release_on)
    held_on = pre_release_meeting_held_on(list(facts.meeting_days), due_on=due_on, release_on=release_on, today=today)
    detail = f"Release on {_day(spell.release_on)}"
    if held_on is not None:
        detail = f"{detail}; MAPP meeting held {_day(held_on)}"
    elif spell.released_on is not None:
        detail = f"{detail}. {_released_unmet(spell, 'pre-release MAPP meeting')}"
    elif booked := [d for d in facts.meeting_days if today < d <= release_on]:
        detail = f"{detail}; MAPP meeting booked for {_day(min(booked))}"
    return make_clock(PRE_RELEASE_MEETING, due_on, today, met_on=held_on, ended_on=spell.released_on, detail=detail)


def post_release_meeting_clock(spell: CustodySpell, facts: SpellFacts, today: date) -> Clock | None:
    if spell.released_on is None:
        return None
    due_on = post_release_meeting_due_on(level=facts.level, released_on=spell.released_on)
    held_on = post_release_meeting_held_on(list(facts.meeting_days), released_on=spell.released_on, today=today)
    detail = f"Released {_day(spell.released_on)}"
    if held_on is not None:
        detail = f"{detail}; MAPP meeting held {_day(held_on)}"
    elif facts.back_in_custody_on is not None and facts.back_in_custody_on <= today:
        detail = f"{detail}; back in custody from {_day(facts.back_in_custody_on)} before a meeting was held"
    elif booked := [d for d in facts.meeting_days if d > today]:
        detail = f"{detail}; MAPP meeting booked for {_day(min(booked))}"
    return make_clock(
        POST_RELEASE_MEETING, due_on, today, met_on=held_on, ended_on=facts.back_in_custody_on, detail=detail
    )


def end_of_custody_clock(spell: CustodySpell, today: date) -> Clock | None:
    if spell.end_of_custody_release_on is None:
        return None
    detail = f"Early release on {_day(spell.end_of_custody_release_on)}"
    if spell.end_of_custody_confirmed_on is None and spell.released_on is not None:
        detail = f"{detail}. {_released_unmet(spell, 'confirmation')}"
    return make_clock(
        custody_rules.END_OF_CUSTODY_LICENCE_CONFIRMED,
        custody_rules.end_of_custody_licence_confirmation_due_on(spell.end_of_custody_release_on),
        today,
        met_on=_happened(spell.end_of_custody_confirmed_on, today),
        ended_on=spell.released_on,
        detail=detail,
    )


def spell_clocks(spell: CustodySpell, facts: SpellFacts, today: date) -> list[Clock]:
    """Every release clock of a spell of a level 2 or 3 case, in the order they fall."""
    clocks = (
        release_date_clock(spell, today),
        approved_premises_clock(spell, facts, today),
        pre_release_meeting_clock(spell, facts, today),
        end_of_custody_clock(spell, today),
        post_release_meeting_clock(spell, facts, today),
    )
    return [c for c in clocks if c is not None]


def next_spell_starts(spells: Iterable[CustodySpell]) -> dict[int, date]:
    """For each spell (by pk), the day the person's next spell began, if there is one."""
    ordered = sorted(spells, key=lambda s: (s.entered_on, s.pk))
    return {s.pk: later.entered_on for s, later in pairwise(ordered)}
