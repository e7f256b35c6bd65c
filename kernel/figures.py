"""The annual report's figures that other apps record: the contract between them and reports.

Breaches of notification, revoked lifetime notification, civil orders, Sexual Risk Order
breaches and returns to custody are recorded by the apps that own those records. Each
registers a counter here (from its AppConfig.ready()) for one figure:

    @register_figure("restrictive_orders")
    def count_orders(*, area_ids, year_start, year_end) -> dict[str, int]: ...

returning the figure's shape below (numbers, or dicts of numbers keyed by category and
level as strings). Several counters for one figure are added together. A figure with no
counter is zero, and `recorded_by` says so, so the page can tell the board.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

Counter = Callable[..., Any]


def _by_category_level(categories: Sequence[str]) -> dict[str, dict[str, int]]:
    return {category: {"2": 0, "3": 0} for category in categories}


# Each figure's name (as API-CONTRACT.md spells it) and its empty shape.
SHAPES: dict[str, Any] = {
    "rso_notification_breaches": 0,
    "rso_lifetime_notification_revoked": 0,
    "restrictive_orders": {"shpo": 0, "shpo_foreign_travel": 0, "notification_order": 0},
    "sro_breach_became_notifiable": 0,
    "returned_to_custody": {
        "breach_of_licence": _by_category_level(("1", "2", "3", "4")),
        "breach_of_shpo": _by_category_level(("1",)),
        "charged_with_sfo": _by_category_level(("1", "2", "3", "4")),
    },
}
COUNTERS: dict[str, list[Counter]] = {name: [] for name in SHAPES}


def register_figure(name: str) -> Callable[[Counter], Counter]:
    if name not in SHAPES:
        raise ValueError(f"unknown annual report figure {name!r}: one of {', '.join(SHAPES)}")

    def decorate(counter: Counter) -> Counter:
        if counter not in COUNTERS[name]:
            COUNTERS[name].append(counter)
        return counter

    return decorate


def _add(total: Any, part: Any, where: str) -> Any:
    """Add a counter's answer into the figure, keeping exactly the figure's shape."""
    if isinstance(total, dict):
        if not isinstance(part, dict):
            raise TypeError(f"{where}: expected a dict")
        return {
            key: _add(value, part.get(key, 0 if not isinstance(value, dict) else {}), where)
            for key, value in total.items()
        }
    if not isinstance(part, int) or part < 0:
        raise TypeError(f"{where}: expected a count, got {part!r}")
    return total + part


def counted(*, area_ids: Sequence[int], year_start: date, year_end: date) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for name, shape in SHAPES.items():
        total = copy.deepcopy(shape)
        for counter in COUNTERS[name]:
            answer = counter(area_ids=list(area_ids), year_start=year_start, year_end=year_end)
            total = _add(total, answer, name)
        figures[name] = total
    return figures


def recorded_by() -> dict[str, bool]:
    """Whether anything in OpenMAPPA records each figure yet."""
    return {name: bool(counters) for name, counters in COUNTERS.items()}
