"""What approved minutes drive in the apps above meetings.

Plans and disclosure import meetings, so the meetings app cannot call them. Each registers
a consumer here from its AppConfig.ready(); the meetings service calls `apply_minutes`
itself, inside the transaction that approves the minutes (or records an addendum), so
what the meeting decided and what it drives are committed together or not at all. A
consumer must be idempotent: it is called again for every addendum, and adds only what
it has not already made from these minutes. No signal is involved (docs/decisions/0060).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actor import Actor

if TYPE_CHECKING:  # the meetings app's minutes, named for type checks only
    from meetings.models import Minutes


@dataclass(frozen=True)
class Outcome:
    """What one consumer made of the minutes this time: a count per kind, for the audit event."""

    kind: str
    added: int


MinutesConsumer = Callable[[Actor, "Minutes"], Outcome]
_consumers: dict[str, MinutesConsumer] = {}


def register_minutes_consumer(name: str, consumer: MinutesConsumer) -> None:
    """Called from an AppConfig.ready(); one consumer per name (a re-registration replaces it)."""
    _consumers[name] = consumer


def apply_minutes(actor: Actor, minutes: Minutes) -> list[Outcome]:
    """Run every consumer on approved minutes, in the caller's transaction, in name order."""
    return [_consumers[name](actor, minutes) for name in sorted(_consumers)]
