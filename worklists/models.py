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
