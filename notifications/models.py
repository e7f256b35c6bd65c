"""Sex offender notification (Sexual Offences Act 2003 Part 2): what the person is subject
to, every notification they make at a police station, and breaches of the requirements.

The clocks (initial, changes, 7-day stays, annual or weekly re-notification) are computed
by rules/compliance.py from these records; see notifications/clocks.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kernel.records import VersionedRecord
from orders.models import Breach, CivilOrder, OrderBreach
from register.models import Nominal


class NotificationKind(models.TextChoices):
    INITIAL = "initial", "Initial notification"
    CHANGE_OF_NAME = "change_of_name", "Change of name"
    CHANGE_OF_ADDRESS = "change_of_address", "Change of home address"
    RELEASE = "release", "Release from custody or detention"
    QUALIFYING_STAY = "qualifying_stay", "Address stayed at for 7 days"
    FOREIGN_TRAVEL = "foreign_travel", "Foreign travel"
    HOUSEHOLD_WITH_CHILD = "household_with_child", "Living in a household with a child"
    WEEKLY = "weekly", "Weekly re-notification (no fixed abode)"
    ANNUAL = "annual", "Annual re-notification"


class NotificationEvent(VersionedRecord):
    """One notification made in person at a police station."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="notification_events")
    kind = models.CharField(max_length=24, choices=NotificationKind)
    notified_on = models.DateField()
    # What the notification is about happened on this day: the change of name or address,
    # the release, the 7th day of the stay, the departure abroad, the first day living with
    # the child. Blank for initial and periodic notifications.
    event_on = models.DateField(null=True, blank=True)
    police_station = models.CharField(max_length=120)
    officer = models.CharField(max_length=120, help_text="The officer who took the notification.")
    details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_on", "-pk"]
        indexes = [models.Index(fields=["nominal", "kind", "notified_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.notified_on:%d %b %Y}"


class RequirementBasis(models.TextChoices):
    CONVICTION = "conviction", "Conviction, caution or finding for a Schedule 3 offence (s80)"
    SRO_BREACH = "sro_breach", "Convicted or cautioned for breach of a Sexual Risk Order (s129)"
    NOTIFICATION_ORDER = "notification_order", "Notification Order (s97)"
    SHPO = "shpo", "Sexual Harm Prevention Order (s103G)"


class NotificationRequirement(VersionedRecord):
    """That the person is subject to notification, from which relevant date and why.

    For a category 1 registration with an index conviction the conviction gives this
    without a record; a record is made when something else brings notification (a breach
    of a Sexual Risk Order), or to note that the person was detained on the relevant date,
    so that the 3 days run from release.
    """

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="notification_requirements")
    basis = models.CharField(max_length=24, choices=RequirementBasis)
    relevant_date = models.DateField()
    # The last day the person is subject; blank when indefinite, until an order ends, or
    # (for a conviction) as the s82 period computes it.
    subject_until = models.DateField(null=True, blank=True)
    # Detained (custody, hospital) or abroad on the relevant date: the day of release or
    # return, from which the 3 days of the initial notification run (s83(6)).
    detained_until = models.DateField(null=True, blank=True)
    order = models.ForeignKey(CivilOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    breach = models.OneToOneField(
        OrderBreach, on_delete=models.PROTECT, null=True, blank=True, related_name="notification_requirement"
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-relevant_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(detained_until__isnull=True) | Q(detained_until__gte=models.F("relevant_date")),
                name="notification_detained_until_after_relevant_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Subject to notification from {self.relevant_date:%d %b %Y}"


class NotificationBreach(Breach):
    """A breach of the notification requirements (an offence, s91)."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="notification_breaches")

    class Meta(Breach.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("breach_on")),
                name="notification_breach_outcome_after_breach",
            ),
        ]

    def __str__(self) -> str:
        return f"Breach of notification on {self.breach_on:%d %b %Y}"


class ReviewDetermination(models.TextChoices):
    DISCHARGED = "discharged", "Discharged: no longer subject to the notification requirements"
    CONTINUES = "continues", "The notification requirements continue"


class IndefiniteReview(VersionedRecord):
    """One application for review of indefinite notification requirements (SOA 2003
    s91A-s91F) and the police's determination of it.

    The dates the law sets (when the determination is due, when a further application may
    be made, the last day subject after a discharge) come from rules/indefinite_review.py
    and are stored when the facts they follow are recorded.
    """

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="indefinite_reviews")
    requirement = models.ForeignKey(
        NotificationRequirement, on_delete=models.PROTECT, related_name="indefinite_reviews"
    )
    received_on = models.DateField(help_text="The day the police received the written application.")
    determine_by = models.DateField(help_text="The last day to determine it and give notice (rules).")
    notes = models.TextField(blank=True)
    determination = models.CharField(max_length=12, choices=ReviewDetermination, blank=True)
    determined_on = models.DateField(null=True, blank=True)
    # A discharge takes effect when the person receives the notice of determination.
    notice_received_on = models.DateField(null=True, blank=True)
    reasons = models.TextField(blank=True)
    # When the requirements continue: the period the determination sets (8 unless longer,
    # at most 15 years) and the further qualifying date it gives.
    further_review_years = models.PositiveSmallIntegerField(null=True, blank=True)
    next_application_from = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["determination", "determined_on"]),
            models.Index(fields=["determination", "determine_by"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(determination="") & Q(determined_on__isnull=True))
                | (~Q(determination="") & Q(determined_on__isnull=False)),
                name="indefinite_review_determination_has_date",
            ),
            models.CheckConstraint(
                condition=Q(determined_on__isnull=True) | Q(determined_on__gte=models.F("received_on")),
                name="indefinite_review_determined_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(determination="continues") | ~Q(reasons=""),
                name="indefinite_review_continuing_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(determination="discharged") | Q(notice_received_on__isnull=False),
                name="indefinite_review_discharge_has_notice_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Application for review of indefinite notification received {self.received_on:%d %b %Y}"

    @property
    def is_determined(self) -> bool:
        return bool(self.determination)
