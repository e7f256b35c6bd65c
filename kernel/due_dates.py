"""Stored due dates: who computes each kind, and which people's dates a transaction changed.

An app whose clocks a worklist reads from the stored table registers a calculator for
its kind: given people, it answers their open clocks, with the dates from rules/. Open
means `Clock.is_open` (rules/clocks.py): not yet due, due or overdue, with a date. A
clock met, on time or late, or ended is never stored, so it stops being due as soon as
the write that meets or ends it commits. A
service that writes a fact a calculator reads says so with `dates_changed`, naming the
kinds that read it. Once the transaction commits, each person named is recomputed once,
for every kind named for them in that transaction, by the refresher the worklists app
installs at start-up (it owns the table). A transaction rolled back recomputes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from weakref import WeakKeyDictionary

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# The stored kinds, named here so that a service of any app can say which of them its
# write changes without importing the app that computes them.
NOTIFICATION = "notification"
HOME_VISIT = "home-visit"
PLAN_ACTION = "plan-action"
PLAN_REVIEW = "plan-review"
DISCLOSURE_REVIEW = "disclosure-review"
REGISTRATION_REVIEW = "registration-review"

# The people recomputed by one call of the refresher: short IN lists, bounded work.
BATCH = 500


@dataclass(frozen=True)
class Due:
    nominal_id: int
    label: str
    due_on: date
    stops_after: date | None = None
    refresh_on: date | None = None
    owner_agency_id: int | None = None  # when the work falls to another agency than the lead
    ref_id: int | None = None  # the record the item links to, when not the person's page


Calculator = Callable[[Sequence[int], date], Iterable[Due]]
CALCULATORS: dict[str, Calculator] = {}


def register_calculator(kind: str) -> Callable[[Calculator], Calculator]:
    def decorate(calculator: Calculator) -> Calculator:
        CALCULATORS[kind] = calculator
        return calculator

    return decorate


class Refresher(Protocol):
    """Rewrites the stored dates of these people, of `kinds` (every kind when empty)."""

    def __call__(self, nominal_ids: Iterable[int], *, kinds: Iterable[str] = ()) -> object: ...


_refresher: Refresher | None = None


def install_refresher(refresher: Refresher) -> None:
    global _refresher
    _refresher = refresher


class Changes:
    """The people whose dates a transaction changed, each with the kinds named for them
    (None: every kind)."""

    def __init__(self) -> None:
        self.kinds: dict[int, set[str] | None] = {}
        self.recomputed = False

    def add(self, nominal_ids: Iterable[int], kinds: frozenset[str]) -> None:
        for nominal_id in nominal_ids:
            if not kinds:
                self.kinds[nominal_id] = None
            elif nominal_id not in self.kinds:
                self.kinds[nominal_id] = set(kinds)
            elif (known := self.kinds[nominal_id]) is not None:
                known |= kinds

    def by_kinds(self) -> dict[tuple[str, ...], list[int]]:
        """The people grouped by the kinds to recompute (() for every kind)."""
        groups: dict[tuple[str, ...], list[int]] = {}
        for nominal_id, kinds in sorted(self.kinds.items()):
            groups.setdefault(tuple(sorted(kinds or ())), []).append(nominal_id)
        return groups


# Per connection: the changes of its open transaction and the callback queued to recompute
# them at commit.
_queued: WeakKeyDictionary[BaseDatabaseWrapper, tuple[Changes, Callable[[], None]]] = WeakKeyDictionary()


def dates_changed(nominal_ids: Iterable[int], kinds: Iterable[str] = ()) -> None:
    """The stored dates of these people, of `kinds` (every kind when none is named), follow
    from what the current transaction writes: they are recomputed once it commits, once
    per person whatever the number of calls (at once outside a transaction)."""
    ids = set(nominal_ids)
    if not ids:
        return
    connection = transaction.get_connection()
    changes = _open_changes(connection)
    if changes is None:
        changes = Changes()
        changes.add(ids, frozenset(kinds))
        _queue(connection, changes)
    else:
        changes.add(ids, frozenset(kinds))


def _open_changes(connection: BaseDatabaseWrapper) -> Changes | None:
    """The changes already queued in this transaction. A rollback discards the queued
    callback (Django drops it from `run_on_commit`), and the callback forgets its changes
    when it runs, so neither leaves changes for the next transaction to inherit."""
    queued = _queued.get(connection)
    if queued is None or not connection.in_atomic_block:
        return None
    changes, callback = queued
    if not changes.recomputed and any(entry[1] is callback for entry in connection.run_on_commit):
        return changes
    del _queued[connection]
    return None


def _queue(connection: BaseDatabaseWrapper, changes: Changes) -> None:
    def recompute() -> None:
        current = transaction.get_connection()
        if _queued.get(current, (None,))[0] is changes:
            del _queued[current]
        if not changes.recomputed:  # a test running the callbacks it captured can run one twice
            changes.recomputed = True
            _recompute(changes)

    _queued[connection] = (changes, recompute)
    transaction.on_commit(recompute)  # runs at once outside a transaction


def _recompute(changes: Changes) -> None:
    if _refresher is None:  # no app stores due dates
        return
    for kinds, nominal_ids in changes.by_kinds().items():
        for start in range(0, len(nominal_ids), BATCH):
            _refresher(nominal_ids[start : start + BATCH], kinds=kinds)
