"""Civil orders recorded against a person: SHPO, SRO, Notification Order and the historic
SOPO, RSHO, Foreign Travel Order and Violent Offender Order, with their breaches.

The rules for each kind (minimum durations, when it could be made, foreign travel
limits, what a breach brings) live in rules/orders.py.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from kernel.records import VersionedRecord
from register.models import Nominal
from rules.orders import BreachOutcome as RuleOutcome
from rules.orders import OrderKind as RuleKind


class OrderKind(models.TextChoices):
    SHPO = RuleKind.SHPO.value, "Sexual Harm Prevention Order (SHPO)"
    SRO = RuleKind.SRO.value, "Sexual Risk Order (SRO)"
    NOTIFICATION_ORDER = RuleKind.NOTIFICATION_ORDER.value, "Notification Order"
    SOPO = RuleKind.SOPO.value, "Sexual Offences Prevention Order (SOPO, historic)"
    RSHO = RuleKind.RSHO.value, "Risk of Sexual Harm Order (RSHO, historic)"
    FTO = RuleKind.FTO.value, "Foreign Travel Order (historic)"
    VOO = RuleKind.VOO.value, "Violent Offender Order (historic)"


class BreachOutcome(models.TextChoices):
    """What came of a breach: of an order, or of the notification requirements."""

    NO_FURTHER_ACTION = RuleOutcome.NO_FURTHER_ACTION.value, "No further action"
    WARNING = RuleOutcome.WARNING.value, "Warning"
    CAUTION = RuleOutcome.CAUTION.value, "Caution"
    CHARGED = RuleOutcome.CHARGED.value, "Charged"
    CONVICTED = RuleOutcome.CONVICTED.value, "Convicted"


class CivilOrder(VersionedRecord):
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="civil_orders")
    kind = models.CharField(max_length=24, choices=OrderKind)
    made_on = models.DateField()
    # The last day the order has effect; blank for "until further order".
    ends_on = models.DateField(null=True, blank=True)
    court = models.CharField(max_length=120)
    foreign_travel_restriction = models.BooleanField(default=False)
    foreign_travel_ends_on = models.DateField(null=True, blank=True)
    # Each prohibition as the court worded it, in the order's own sequence.
    prohibitions = models.JSONField(default=list, blank=True)
    discharged_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("made_on")),
                name="civil_order_ends_after_made",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=models.F("made_on")),
                name="civil_order_discharged_after_made",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} made {self.made_on:%d %b %Y}"

    def in_force_on(self, day: date) -> bool:
        if day < self.made_on:
            return False
        if self.discharged_on is not None and day >= self.discharged_on:
            return False
        return self.ends_on is None or day <= self.ends_on

    @property
    def has_effect_until(self) -> date | None:
        """The last day of effect, discharge included; None for until further order."""
        if self.discharged_on is not None:
            return self.discharged_on if self.ends_on is None else min(self.ends_on, self.discharged_on)
        return self.ends_on


class Breach(VersionedRecord):
    """A breach, of an order or of the notification requirements, and what came of it."""

    breach_on = models.DateField()
    description = models.TextField()
    outcome = models.CharField(max_length=16, choices=BreachOutcome, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-breach_on", "-pk"]


class OrderBreach(Breach):
    order = models.ForeignKey(CivilOrder, on_delete=models.PROTECT, related_name="breaches")

    class Meta(Breach.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("breach_on")),
                name="order_breach_outcome_after_breach",
            ),
        ]

    def __str__(self) -> str:
        return f"Breach on {self.breach_on:%d %b %Y}"
