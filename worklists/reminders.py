"""The in-app notifications: the reminders sent, as the work stands now.

A reminder row (models.Notification) records that an item was due when it was sent, and
whether the user has read it. What the inbox, its badge and the email digest show is the
row's item as the sources compute it now: an item whose work is done, met or ended (or
whose due date moved) is no longer among the sources' items, so its reminders leave every
list the moment the write that ended it commits, with no row to tidy up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import User
from kernel.worklist_sources import SOURCES, WorkItem, WorklistScope

from .models import Notification
from .naming import name_items

REMINDER_HORIZON_DAYS = 7
# The most reminders an inbox lists (the newest first).
INBOX_SIZE = 200

ItemKey = tuple[str, str, date]


def item_key(item: WorkItem) -> str:
    """An item's identity within its kind: its page and what is due there (several items,
    such as a person's notification clocks, share one page)."""
    label = hashlib.sha256(item.label.encode()).hexdigest()[:16]
    return f"{item.url[:180]}#{label}"


def key_of(item: WorkItem) -> ItemKey:
    return (item.kind, item_key(item), item.due_on)


def live_items(user: User, *, today: date, due_by: date, kinds: Iterable[str] | None = None) -> list[WorkItem]:
    """The user's items due by `due_by` (and every late one) from the sources of `kinds`
    (all when None), as the sources compute them now, each naming its person for the user."""
    scope = WorklistScope(today=today, due_by=due_by, user=user)
    chosen = list(SOURCES) if kinds is None else [kind for kind in kinds if kind in SOURCES]
    items = [item for kind in chosen for item in SOURCES[kind](scope)]
    return name_items(sorted(items, key=lambda item: (item.due_on, item.kind, item.label)), viewer=user)


@dataclass(frozen=True)
class Reminder:
    """One item the user was reminded of that is still to do: its newest reminder row and
    the item as it stands now."""

    row: Notification
    item: WorkItem
    unread: bool
    overdue: bool


def _still_due(keys: list[ItemKey], user: User, today: date) -> dict[ItemKey, WorkItem]:
    """The items now due of the kinds these keys are about, by their key."""
    if not keys:
        return {}
    due_by = max(today, *(due_on for _, _, due_on in keys))
    items = live_items(user, today=today, due_by=due_by, kinds={kind for kind, _, _ in keys})
    return {key_of(item): item for item in items}


def reminders(*, requested_by: User, today: date | None = None, unread_only: bool = False) -> list[Reminder]:
    """The user's reminders of work still to do, newest first, one per item (an item late
    for weeks was reminded every day: its newest reminder stands for them all)."""
    today = today or timezone.localdate()
    rows = Notification.objects.filter(user_id=requested_by.pk)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    per_item = rows.values("kind", "item_key", "due_on").annotate(
        newest=Max("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )
    found = {(entry["kind"], entry["item_key"], entry["due_on"]): entry for entry in per_item}
    items = _still_due(list(found), requested_by, today)
    still = {key: entry for key, entry in found.items() if key in items}
    newest = Notification.objects.in_bulk([entry["newest"] for entry in still.values()])
    chosen = [
        Reminder(
            row=newest[entry["newest"]],
            item=items[key],
            unread=entry["unread"] > 0,
            overdue=items[key].is_overdue(today),
        )
        for key, entry in still.items()
    ]
    chosen.sort(key=lambda reminder: (-reminder.row.sent_on.toordinal(), reminder.item.due_on, -reminder.row.pk))
    return chosen[:INBOX_SIZE]


def unread_count(*, requested_by: User, today: date | None = None) -> int:
    """The items still to do that the user has an unread reminder of (the header's badge).
    Most pages find no unread row and ask no source."""
    if not Notification.objects.filter(user_id=requested_by.pk, read_at__isnull=True).exists():
        return 0
    return len(reminders(requested_by=requested_by, today=today, unread_only=True))
