"""Transfers of a MAPPA case between areas (seed 003, 'Transfer of MAPPA Cases',
'Cross Border Transfers')."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Agency, Area
from cases.models import Registration
from kernel.records import VersionedRecord
from register.models import Nominal


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", "Requested: awaiting the sending area's decision"
    APPROVED = "approved", "Approved: awaiting the receiving area's acceptance"
    ACCEPTED = "accepted", "Accepted: in progress"
    COMPLETED = "completed", "Completed: the record has moved"
    REFUSED = "refused", "Refused"


class Jurisdiction(models.TextChoices):
    """Outside England and Wales: a cross-border transfer (seed 003)."""

    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"
    ISLE_OF_MAN = "isle_of_man", "Isle of Man"
    CHANNEL_ISLANDS = "channel_islands", "Channel Islands"


class CrossBorderBasis(models.TextChoices):
    RESTRICTED = "restricted", "Restricted: the sending jurisdiction's law still applies"
    UNRESTRICTED = "unrestricted", "Unrestricted: the receiving jurisdiction's law applies"


class Transfer(VersionedRecord):
    Status = TransferStatus  # for access.policy, which reaches this model by label

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="transfers")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="transfers")
    from_area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    # Another MAPPA area in England and Wales, or (cross-border) a jurisdiction.
    to_area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_jurisdiction = models.CharField(max_length=24, choices=Jurisdiction, blank=True)
    cross_border_basis = models.CharField(max_length=16, choices=CrossBorderBasis, blank=True)
    new_address = models.TextField()
    reason = models.TextField()
    under_probation_supervision = models.BooleanField()
    # The category and level when requested: level 2/3 needs the receiving meeting,
    # category 1 the police flow.
    category = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=TransferStatus, default=TransferStatus.REQUESTED)
    requested_on = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The sending area's risk assessment of the move and its decision.
    assessment = models.TextField(blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    records_due_on = models.DateField(null=True, blank=True)
    records_sent_on = models.DateField(null=True, blank=True)
    # The receiving area's acceptance: who will lead and manage the record there.
    accepted_on = models.DateField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiving_lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    receiving_record_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Category 1: the receiving force becomes a partner and a home visit confirms the address.
    receiving_police = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    address_confirmed_on = models.DateField(null=True, blank=True)
    address_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Level 2/3: the receiving area's MAPP meeting, attended by the sending offender manager.
    receiving_meeting_on = models.DateField(null=True, blank=True)
    sending_manager_attended = models.BooleanField(default=False)
    receiving_meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    refused_on = models.DateField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(to_area__isnull=False) & Q(to_jurisdiction=""))
                | (Q(to_area__isnull=True) & ~Q(to_jurisdiction="") & ~Q(cross_border_basis="")),
                name="transfer_to_an_area_or_a_jurisdiction",
            ),
            models.CheckConstraint(condition=~Q(to_area=models.F("from_area")), name="transfer_not_to_same_area"),
            models.UniqueConstraint(
                fields=["nominal"],
                condition=Q(status__in=["requested", "approved", "accepted"]),
                name="one_open_transfer_per_nominal",
            ),
        ]

    def __str__(self) -> str:
        return f"Transfer of {self.nominal} to {self.destination}"

    @property
    def destination(self) -> str:
        return str(self.to_area) if self.to_area_id else self.get_to_jurisdiction_display()

    @property
    def is_cross_border(self) -> bool:
        return bool(self.to_jurisdiction)

    @property
    def needs_receiving_meeting(self) -> bool:
        return self.level in (2, 3) and not self.is_cross_border

    @property
    def needs_police_flow(self) -> bool:
        return self.category == 1 and not self.is_cross_border
