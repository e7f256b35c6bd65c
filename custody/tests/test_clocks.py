"""The release clocks of a spell in each of the six states (custody/clocks.py), from the
spell's own dates: no database is needed, the spells are not saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custody.clocks import SpellFacts, next_spell_starts, spell_clocks
from custody.models import CustodySpell
from rules.clocks import Clock, ClockStatus

RELEASE_ON = date(2025, 9, 1)  # confirmation due 1 May 2025; pre-release meeting 1 March 2025
CONFIRM_BY = date(2025, 5, 1)
MEETING_BY = date(2025, 3, 1)
AP_BY = date(2025, 6, 1)

S = ClockStatus


def _spell(**values: object) -> CustodySpell:
    return CustodySpell(pk=1, entered_on=date(2024, 1, 1), release_on=RELEASE_ON, **values)


def _clock(key: str, spell: CustodySpell, today: date, **facts: object) -> Clock:
    found = {c.key: c for c in spell_clocks(spell, SpellFacts(level=2, **facts), today)}  # type: ignore[arg-type]
    return found[key]


CONFIRMED = "custody.release_date_confirmed"
PRE = "custody.pre_release_meeting"
POST = "custody.post_release_meeting"
AP = "custody.approved_premises_referral"
EOCL = "custody.end_of_custody_licence_confirmed"


@pytest.mark.parametrize(
    ("key", "spell", "today", "facts", "status", "words"),
    [
        # Release date confirmation (4 months before release).
        (CONFIRMED, {}, date(2025, 3, 1), {}, S.NOT_DUE, "Not yet due"),
        (CONFIRMED, {}, date(2025, 4, 25), {}, S.DUE, "Due"),
        (CONFIRMED, {}, date(2025, 5, 2), {}, S.OVERDUE, "Overdue"),
        (CONFIRMED, {"release_confirmed_on": CONFIRM_BY}, date(2025, 6, 1), {}, S.MET, "Met"),
        (
            CONFIRMED,
            {"release_confirmed_on": CONFIRM_BY + timedelta(days=10)},
            date(2025, 6, 1),
            {},
            S.MET_LATE,
            "Met 10 days late",
        ),
        (CONFIRMED, {"released_on": RELEASE_ON}, date(2025, 9, 5), {}, S.ENDED, "Ended"),
        # Pre-release meeting (6 months before release), met by a meeting in its window.
        (PRE, {}, date(2025, 1, 1), {}, S.NOT_DUE, "Not yet due"),
        (PRE, {}, date(2025, 2, 20), {}, S.DUE, "Due"),
        (PRE, {}, date(2025, 3, 2), {}, S.OVERDUE, "Overdue"),
        (PRE, {}, date(2025, 4, 1), {"meeting_days": (date(2025, 2, 10),)}, S.MET, "Met"),
        (PRE, {}, date(2025, 4, 1), {"meeting_days": (date(2025, 3, 3),)}, S.MET_LATE, "Met 2 days late"),
        (PRE, {}, date(2025, 4, 1), {"meeting_days": (date(2024, 6, 1),)}, S.OVERDUE, "Overdue"),  # too early
        (PRE, {"released_on": RELEASE_ON}, date(2025, 9, 2), {}, S.ENDED, "Ended"),
        (PRE, {"released_on": date(2025, 2, 1)}, date(2025, 2, 2), {}, S.ENDED, "Ended"),  # early release
        # Approved Premises referral (3 months before release).
        (AP, {}, date(2025, 5, 1), {}, S.NOT_DUE, "Not yet due"),
        (AP, {}, date(2025, 6, 2), {}, S.OVERDUE, "Overdue"),
        (AP, {}, date(2025, 7, 1), {"referred_on": date(2025, 6, 4)}, S.MET_LATE, "Met 3 days late"),
        (AP, {}, date(2025, 7, 1), {"referred_on": date(2025, 5, 4)}, S.MET, "Met"),
        (AP, {"released_on": RELEASE_ON}, date(2025, 9, 2), {}, S.ENDED, "Ended"),
        # Post-release meeting (within a month of release), ended by a return to custody.
        (POST, {"released_on": RELEASE_ON}, date(2025, 9, 2), {}, S.NOT_DUE, "Not yet due"),
        (POST, {"released_on": RELEASE_ON}, date(2025, 9, 20), {}, S.DUE, "Due"),
        (POST, {"released_on": RELEASE_ON}, date(2025, 10, 2), {}, S.OVERDUE, "Overdue"),
        (POST, {"released_on": RELEASE_ON}, date(2025, 10, 9), {"meeting_days": (date(2025, 9, 15),)}, S.MET, "Met"),
        (
            POST,
            {"released_on": RELEASE_ON},
            date(2025, 10, 9),
            {"meeting_days": (date(2025, 10, 8),)},
            S.MET_LATE,
            "Met 7 days late",
        ),
        (
            POST,
            {"released_on": RELEASE_ON},
            date(2025, 10, 9),
            {"back_in_custody_on": date(2025, 9, 20)},
            S.ENDED,
            "Ended",
        ),
        # End-of-custody early release (confirmed 7 days before).
        (EOCL, {"end_of_custody_release_on": date(2025, 8, 1)}, date(2025, 7, 30), {}, S.OVERDUE, "Overdue"),
        (
            EOCL,
            {"end_of_custody_release_on": date(2025, 8, 1), "end_of_custody_confirmed_on": date(2025, 7, 26)},
            date(2025, 7, 30),
            {},
            S.MET_LATE,
            "Met 1 day late",
        ),
        (
            EOCL,
            {"end_of_custody_release_on": date(2025, 8, 1), "released_on": date(2025, 8, 1)},
            date(2025, 8, 2),
            {},
            S.ENDED,
            "Ended",
        ),
    ],
)
def test_release_clock_states(
    key: str, spell: dict[str, object], today: date, facts: dict[str, object], status: ClockStatus, words: str
) -> None:
    clock = _clock(key, _spell(**spell), today, **facts)
    assert (clock.status, clock.status_text) == (status, words)
    assert clock.is_open == (status in (S.NOT_DUE, S.DUE, S.OVERDUE))


def test_after_release_no_pre_release_clock_is_owed() -> None:
    """The demo's case: released without a pre-release meeting, the clock ends, not overdue."""
    clocks = spell_clocks(_spell(released_on=RELEASE_ON), SpellFacts(level=3), date(2025, 9, 3))
    owed = [c.key for c in clocks if c.is_open]
    assert owed == [POST]
    pre = next(c for c in clocks if c.key == PRE)
    assert "Released on 1 September 2025 with no pre-release MAPP meeting recorded" in pre.detail


def test_a_meeting_booked_ahead_does_not_meet_the_clock() -> None:
    clock = _clock(PRE, _spell(), date(2025, 3, 5), meeting_days=(date(2025, 3, 20),))
    assert clock.status == S.OVERDUE and "booked for 20 March 2025" in clock.detail


def test_next_spell_starts() -> None:
    first = CustodySpell(pk=1, entered_on=date(2020, 1, 1))
    second = CustodySpell(pk=2, entered_on=date(2022, 1, 1))
    assert next_spell_starts([second, first]) == {1: date(2022, 1, 1)}


_day = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@settings(deadline=None)
@given(
    release_on=_day,
    released=st.none() | _day,
    confirmed=st.none() | _day,
    meetings=st.lists(_day, max_size=4),
    today=_day,
    level=st.sampled_from([2, 3]),
)
def test_release_clock_properties(
    release_on: date,
    released: date | None,
    confirmed: date | None,
    meetings: list[date],
    today: date,
    level: int,
) -> None:
    released_on = None if released is None else min(released, today)
    dates = {"release_on": release_on, "released_on": released_on, "release_confirmed_on": confirmed}
    spell = CustodySpell(pk=1, entered_on=date(2019, 1, 1), **dates)
    clocks = {c.key: c for c in spell_clocks(spell, SpellFacts(level=level, meeting_days=tuple(meetings)), today)}
    if released_on is not None:
        # Once released, nothing is owed before release: each such clock is met or ended.
        for key in (CONFIRMED, PRE, AP):
            assert not clocks[key].is_running, key
        assert clocks[POST].due_on is not None
    else:
        assert POST not in clocks
    confirmation = clocks[CONFIRMED]
    if confirmation.met_on is not None and confirmation.due_on is not None:
        late = confirmation.met_on > confirmation.due_on
        assert confirmation.status == (S.MET_LATE if late else S.MET)
        assert (confirmation.status_text == "Met") != late
