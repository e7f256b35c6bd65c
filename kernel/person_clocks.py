"""A person's clocks, and the licence expiry behind the exit of a category 2 case, for the
MAPPA registration (cases), which is below the apps that know them.

The clocks app installs the clocks and the custody app the licence expiry, each from its
AppConfig.ready(), so that every import points down. Until an app has installed its part,
the fact is not recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rules.clocks import Clock

# (person) -> the licence expiry on their latest custody spell that has one
LicenceExpiry = Callable[[Any], date | None]
# (the user asking, person) -> every clock of the person (404 when not the user's to see)
PersonClocks = Callable[[Any, Any], list[Clock]]

_licence_expiry: list[LicenceExpiry] = []
_person_clocks: list[PersonClocks] = []


def install_licence_expiry(find: LicenceExpiry) -> None:
    _licence_expiry[:] = [find]


def licence_expiry_of(nominal: Any) -> date | None:
    return _licence_expiry[0](nominal) if _licence_expiry else None


def install_person_clocks(clocks: PersonClocks) -> None:
    _person_clocks[:] = [clocks]


def clocks_of(requested_by: Any, nominal: Any) -> list[Clock]:
    return _person_clocks[0](requested_by, nominal) if _person_clocks else []
