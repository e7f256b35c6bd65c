"""Victims and potential victims of a person, and what they are owed.

A restricted section of the record (docs/decisions/0005): only the record manager and
users given the further grant see it. Seed 003 ("Victim Focus", "Approved Premises"):
establish who the victims are, including new or potential victims who may be a group
rather than named people; who is in contact with them; whether they are in the statutory
victim contact scheme; the protective conditions; and, for recall or absconding from
Approved Premises, who must notify them, how and how fast.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kernel.records import VersionedRecord
from register.models import Nominal


class VictimKind(models.TextChoices):
    PERSON = "person", "A named person"
    GROUP = "group", "A group of people"


class VictimStatus(models.TextChoices):
    VICTIM = "victim", "Victim of the offence"
    AFFECTED = "affected", "Seriously affected by the offence (for example family)"
    POTENTIAL = "potential", "Potential victim"


class ContactBy(models.TextChoices):
    VLO = "vlo", "Victim Liaison Officer"
    IDVA = "idva", "Independent Domestic Violence Adviser (IDVA)"
    POLICE = "police", "Police"
    OTHER = "other", "Other"
    NONE = "none", "No one"


class Victim(VersionedRecord):
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="victims")
    kind = models.CharField(max_length=8, choices=VictimKind)
    name = models.CharField(max_length=200, help_text="A person's name, or the group, e.g. children at a school")
    status = models.CharField(max_length=12, choices=VictimStatus)
    relationship = models.CharField(max_length=200, blank=True)
    contact_by = models.CharField(max_length=8, choices=ContactBy)
    contact_name = models.CharField(max_length=200, blank=True)
    in_contact_scheme = models.BooleanField(default=False)
    no_contact_condition = models.BooleanField(default=False)
    exclusion_zone = models.TextField(blank=True)
    other_protection = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "name", "pk"]
        constraints = [
            # Someone must be named as in contact unless no one is.
            models.CheckConstraint(condition=Q(contact_by="none") | ~Q(contact_name=""), name="victim_contact_named"),
        ]

    def __str__(self) -> str:
        return self.name


class NotifyOn(models.TextChoices):
    RECALL = "recall", "Recall to custody"
    ABSCONDING = "absconding", "Absconding from Approved Premises (including home leave)"
    RELEASE = "release", "Release from custody"
    TEMPORARY_RELEASE = "temporary_release", "Temporary release"
    MOVE = "move", "Change of address"
    LICENCE_END = "licence_end", "End of licence"
    OTHER = "other", "Other"


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "As soon as possible, at any hour"
    WITHIN_24_HOURS = "within_24_hours", "Within 24 hours"
    OFFICE_HOURS = "office_hours", "During normal office hours"


class VictimNotification(models.Model):
    """One event a victim must be told of: who notifies, how, and how fast."""

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=20, choices=NotifyOn)
    event_detail = models.CharField(max_length=200, blank=True)
    notifier = models.CharField(max_length=200, help_text="Who must notify, e.g. the VLO or Approved Premises staff")
    urgency = models.CharField(max_length=16, choices=Urgency)
    method = models.CharField(max_length=200, help_text="How, e.g. by telephone to a number held by the VLO")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(event="other") | ~Q(event_detail=""), name="notification_other_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.notifier}"
