"""Writes of worklists: reminders sent (email digest and in-app) and notifications read."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import CASEWORK_ROLES, Role, User
from audit import trail
from kernel.actor import Actor
from kernel.worklist_sources import WorkItem, kind_title

from .models import Notification
from .reminders import REMINDER_HORIZON_DAYS, key_of, live_items

logger = logging.getLogger(__name__)

# Roles whose own work comes from the sources; the others (lay advisers, SMB members,
# auditors, administrators) have nothing due and get no reminders.
ROLES_WITH_WORK = frozenset({*CASEWORK_ROLES, Role.COORDINATOR, Role.DTC_SPOC})


@dataclass(frozen=True)
class ReminderRun:
    users: int
    notifications: int
    emails: int


def _new_notifications(user: User, items: Iterable[WorkItem], today: date) -> list[tuple[Notification, WorkItem]]:
    """Rows for the items not yet reminded today (those already there are left alone), and
    the reminders not yet emailed today whose items are still due, with those items: a
    reminder of work done since an earlier run (whose email failed) is not sent."""
    wanted = {key_of(item): item for item in items}
    if not wanted:
        return []
    existing = set(Notification.objects.filter(user=user, sent_on=today).values_list("kind", "item_key", "due_on"))
    fresh = [
        Notification(
            user=user,
            kind=kind,
            item_key=key,
            due_on=due_on,
            sent_on=today,
            label=item.label[:300],
            url=item.url[:200],
            overdue=item.is_overdue(today),
        )
        for (kind, key, due_on), item in wanted.items()
        if (kind, key, due_on) not in existing
    ]
    # ignore_conflicts: a second run at the same moment inserts nothing twice either.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    unsent = Notification.objects.filter(user=user, sent_on=today, emailed_at__isnull=True).order_by("due_on", "pk")
    return [(row, wanted[key]) for row in unsent if (key := (row.kind, row.item_key, row.due_on)) in wanted]


def _digest(user: User, pending: list[tuple[Notification, WorkItem]], today: date) -> str:
    items = [item for _, item in pending]
    return render_to_string(
        "worklists/reminder_email.txt",
        {
            "user": user,
            "today": today,
            "overdue": [item for item in items if item.is_overdue(today)],
            "due_soon": [item for item in items if not item.is_overdue(today)],
            "kind_title": kind_title,
            "base_url": getattr(settings, "SITE_URL", ""),
        },
    )


def send_reminders(*, today: date | None = None, horizon_days: int = REMINDER_HORIZON_DAYS) -> ReminderRun:
    """For every user with work: a notification per item due within the horizon or late,
    and one email digest of the new ones. Idempotent per user, item, due date and day."""
    today = today or timezone.localdate()
    users = User.objects.filter(is_active=True, role__in=list(ROLES_WITH_WORK)).select_related("agency")
    made = emailed = reached = 0
    for user in users.order_by("pk"):
        # The same items, computed the same way, as the user's lists show.
        items = live_items(user, today=today, due_by=today + timedelta(days=horizon_days))
        with transaction.atomic():
            pending = _new_notifications(user, items, today)
            if not pending:
                continue
            reached += 1
            made += len(pending)
            # The scheduled run acts as no one: the event names the user reminded.
            trail.record(
                actor=None,
                action="reminders.send",
                obj=user,
                detail={"user": user.username, "items": len(pending), "sent_on": today.isoformat()},
            )
        if user.email:
            try:
                send_mail(
                    f"OpenMAPPA: {len(pending)} item{'s' if len(pending) != 1 else ''} due or late",
                    _digest(user, pending, today),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            except Exception as error:  # any mail server failure: retried on the next run
                logger.warning("Reminder email to %s failed: %s", user.username, error)
                continue
            emailed += 1
        # Marked as emailed (or, without an address, as handled) so the next run skips them.
        Notification.objects.filter(pk__in=[row.pk for row, _ in pending]).update(emailed_at=timezone.now())
    return ReminderRun(users=reached, notifications=made, emails=emailed)


def mark_read(*, actor: Actor, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's own notifications read: the given ones (with the earlier reminders
    of the same items), or all of them."""
    with transaction.atomic():
        unread = Notification.objects.filter(user=actor.user, read_at__isnull=True)
        if notification_ids is not None:
            chosen = Notification.objects.filter(user=actor.user, pk__in=notification_ids)
            same_item = Q(pk__in=[])
            for kind, key, due_on in chosen.values_list("kind", "item_key", "due_on"):
                same_item |= Q(kind=kind, item_key=key, due_on=due_on)
            unread = unread.filter(same_item)
        changed = unread.update(read_at=timezone.now())
        if changed:
            trail.record(actor=actor, action="notifications.read", detail={"count": changed})
    return changed
