"""A person's clocks, and the licence expiry behind the exit of a category 2 case, for the
apps below the ones that know them (the MAPPA registration, the register's person
summary, the worklists).

`clock_states_for(nominal_ids)` is the one answer to where a clock stands: every clock of
each person, its state decided by rules/clocks.py (not_due, due, overdue, met, met_late,
ended). A clock met (on time or late) or ended is never due: list only `clock.is_open`
ones as work. Callers scope the people first.

The clocks app installs the clocks and the custody app the licence expiry, each from its
AppConfig.ready(), so that every import points down. Until an app has installed its part,
the fact is not recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from rules.clocks import Clock

# (person) -> the licence expiry on their latest custody spell that has one
LicenceExpiry = Callable[[Any], date | None]
# (the user asking, person) -> every clock of the person (404 when not the user's to see)
PersonClocks = Callable[[Any, Any], list[Clock]]
# (people's ids, today or None) -> every clock of each, by id (unscoped)
ClockStates = Callable[[Iterable[int], date | None], dict[int, list[Clock]]]

_licence_expiry: list[LicenceExpiry] = []
_person_clocks: list[PersonClocks] = []
_clock_states: list[ClockStates] = []


def install_licence_expiry(find: LicenceExpiry) -> None:
    _licence_expiry[:] = [find]


def licence_expiry_of(nominal: Any) -> date | None:
    return _licence_expiry[0](nominal) if _licence_expiry else None


def install_person_clocks(clocks: PersonClocks) -> None:
    _person_clocks[:] = [clocks]


def clocks_of(requested_by: Any, nominal: Any) -> list[Clock]:
    return _person_clocks[0](requested_by, nominal) if _person_clocks else []


def install_clock_states(states: ClockStates) -> None:
    _clock_states[:] = [states]


def clock_states_for(nominal_ids: Iterable[int], today: date | None = None) -> dict[int, list[Clock]]:
    """Every clock of each of these people (by id) and its state today. Unscoped: pass only
    people the user may see. Empty until the clocks app has installed it."""
    return _clock_states[0](nominal_ids, today) if _clock_states else {}


def open_clocks_for(nominal_ids: Iterable[int], today: date | None = None) -> dict[int, list[Clock]]:
    """Only the clocks still owed (not yet due, due or overdue, with a date): what may be
    listed as work. A clock met or ended is left out at once."""
    return {pk: [c for c in clocks if c.is_open] for pk, clocks in clock_states_for(nominal_ids, today).items()}
