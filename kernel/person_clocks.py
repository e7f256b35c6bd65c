"""A person's clocks, and the facts behind them that apps above the clocks app record.

The clocks app works out a person's clocks from their registration and convictions. Two
facts it needs are recorded higher up (custody: the licence expiry; notifications: the
notifications made, which also run clocks of their own), and the MAPPA registration, below
it, shows the clocks. Each app installs its part here from its AppConfig.ready(), so that
every import points down. Until an app has installed its part, the fact is not recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rules.clocks import Clock

# (person, today) -> the clocks an app runs for the person
ClockSource = Callable[[Any, date], list[Clock]]
# (person) -> the licence expiry on their latest custody spell that has one
LicenceExpiry = Callable[[Any], date | None]
# (person, conviction date) -> the notification the indefinite-notification review counts from
FirstNotification = Callable[[Any, date], Any]
# (the user asking, person) -> every clock of the person (404 when not the user's to see)
PersonClocks = Callable[[Any, Any], list[Clock]]

_clock_sources: dict[str, ClockSource] = {}
_licence_expiry: list[LicenceExpiry] = []
_first_notification: list[FirstNotification] = []
_person_clocks: list[PersonClocks] = []


def register_clock_source(name: str, source: ClockSource) -> None:
    _clock_sources[name] = source


def more_clocks(nominal: Any, today: date) -> list[Clock]:
    """The clocks apps above the clocks app run for the person, in the order they registered."""
    return [clock for source in _clock_sources.values() for clock in source(nominal, today)]


def install_licence_expiry(find: LicenceExpiry) -> None:
    _licence_expiry[:] = [find]


def licence_expiry_of(nominal: Any) -> date | None:
    return _licence_expiry[0](nominal) if _licence_expiry else None


def install_first_notification(find: FirstNotification) -> None:
    _first_notification[:] = [find]


def first_notification_after_release(nominal: Any, convicted_on: date) -> Any:
    return _first_notification[0](nominal, convicted_on) if _first_notification else None


def install_person_clocks(clocks: PersonClocks) -> None:
    _person_clocks[:] = [clocks]


def clocks_of(requested_by: Any, nominal: Any) -> list[Clock]:
    return _person_clocks[0](requested_by, nominal) if _person_clocks else []
