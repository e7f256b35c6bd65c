"""Reminders: one row per user, work item, due date and day it was sent.

The unique key is what makes `send_reminders` idempotent: running it twice on one day
finds every row already there and sends nothing twice. The same rows are the user's
in-app notifications (unread until they open them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    # The item's identity within its kind: the page where the work is done.
    item_key = models.CharField(max_length=200)
    due_on = models.DateField()
    sent_on = models.DateField()
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=200)
    overdue = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "item_key", "due_on", "sent_on"], name="one_reminder_per_item_per_day"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.label} (due {self.due_on:%d %b %Y})"


class StoredDue(models.Model):
    """One open clock of one person, as rules/ computed it when the facts last changed.

    The notification and home visit clocks (and planned visits) depend on many records of a
    person; computing them for every person in an area on each request does not scale to
    national numbers, so the apps that own them store each open clock here whenever its
    facts change (worklists/stored.py) and their worklist sources read it with one indexed
    query. The person's own page still computes the clocks live.
    """

    kind = models.CharField(max_length=40)  # the worklist source's kind
    nominal = models.ForeignKey("register.Nominal", on_delete=models.CASCADE, related_name="+")
    # Whose work, as the person's area and active registration said when the row was
    # written (rows are kept only for people with an active registration, and rewritten
    # whenever the person or the registration is saved): an area's or a record manager's
    # clocks are then counted from one index, with no joins.
    area = models.ForeignKey("accounts.Area", on_delete=models.CASCADE, related_name="+")
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    record_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # For work that falls to another agency than the lead (a plan action's owner).
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The record the work is done on, where the item links to it (the plan action).
    ref_id = models.BigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=300)
    due_on = models.DateField()
    # The last day the clock runs (the end of the notification period), if it ends.
    stops_after = models.DateField(null=True, blank=True)
    # A day on which the facts take effect without a write (a home move dated ahead):
    # `refresh_due_dates` recomputes the person then.
    refresh_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "area", "due_on"], name="stored_due_area"),
            models.Index(fields=["record_manager", "kind", "due_on"], name="stored_due_manager"),
            models.Index(fields=["nominal", "kind"], name="stored_due_person"),
            models.Index(
                fields=["refresh_on"], name="stored_due_refresh", condition=models.Q(refresh_on__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} due {self.due_on}"
