"""Disclosure decisions: whether, what, to whom, by whom and by when information about a
person is disclosed to protect others, or the defensible reasons for not disclosing.

Seed 003, "Disclosure": considered in every case at every level. At level 1 the lead
agency decides; at levels 2 and 3 the MAPP meeting does. Disclosure to the media or with
the person's photograph needs the authority of an ACPO (chief officer) rank officer.
Every disclosure is reported to the MAPPA co-ordinator, whose register lists them all.
Recipients are told the information is confidential and not to be passed on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Agency
from kernel.records import VersionedRecord
from meetings.models import Meeting
from register.models import Nominal


class Decision(models.TextChoices):
    DISCLOSE = "disclose", "Disclose"
    NOT_DISCLOSE = "not_disclose", "Do not disclose"


class RecipientKind(models.TextChoices):
    PERSON = "person", "A named person"
    ORGANISATION = "organisation", "An organisation"
    MEDIA = "media", "The media (press, broadcast or online publication)"


class ChiefOfficerRank(models.TextChoices):
    """ACPO (chief officer) ranks and their equivalents, who alone authorise disclosure to
    the media or with a photograph (seed 003, "Disclosure"). The authoriser is often not a
    user of the system, so the rank is recorded with the name (docs/decisions/0030)."""

    CHIEF_CONSTABLE = "chief_constable", "Chief Constable"
    DEPUTY_CHIEF_CONSTABLE = "deputy_chief_constable", "Deputy Chief Constable"
    ASSISTANT_CHIEF_CONSTABLE = "assistant_chief_constable", "Assistant Chief Constable"
    COMMANDER = "commander", "Commander or above (Metropolitan and City of London police)"
    CHIEF_OFFICER_PROBATION = "chief_officer_probation", "Chief Officer or Assistant Chief Officer (probation)"


class AcknowledgementMethod(models.TextChoices):
    SIGNED = "signed", "Signed confidentiality statement"
    VERBAL = "verbal", "Verbal, witnessed by the discloser"
    EMAIL = "email", "Email reply"
    LETTER = "letter", "Letter"


class DisclosureStatus(models.TextChoices):
    NOT_CONSIDERED = "not_considered", "Not yet considered"
    NOT_TO_DISCLOSE = "not_to_disclose", "Decided not to disclose"
    TO_DISCLOSE = "to_disclose", "To be disclosed"
    CARRIED_OUT = "carried_out", "Disclosed, awaiting acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Disclosed and acknowledged"


class Disclosure(VersionedRecord):
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="disclosures")
    # The case as it stood when the decision was made: who decides, and whether the
    # 4-monthly review applies, follow from these.
    category = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    deciding_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures")
    # The approved minutes whose disclosure decision this is (one per minutes), when a MAPP
    # meeting decided it; recorded from the minutes as they are approved.
    minutes = models.OneToOneField(
        "meetings.Minutes", on_delete=models.PROTECT, null=True, blank=True, related_name="disclosure"
    )

    considered = models.BooleanField(default=True)
    decision = models.CharField(max_length=16, choices=Decision, blank=True)
    decided_on = models.DateField()
    reason = models.TextField(blank=True, help_text="Why disclosure is needed to manage the risk.")
    reasons_not_to_disclose = models.TextField(blank=True)

    what = models.TextField(blank=True)
    recipient_kind = models.CharField(max_length=16, choices=RecipientKind, blank=True)
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_organisation = models.CharField(max_length=200, blank=True)
    recipient_relationship = models.CharField(max_length=200, blank=True)
    includes_photograph = models.BooleanField(default=False)
    discloser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures_to_make"
    )
    disclose_by = models.DateField(null=True, blank=True)
    # Who the minutes say will disclose, in their words, until a discloser is selected.
    discloser_named = models.CharField(max_length=200, blank=True)

    offender_told = models.BooleanField(null=True, blank=True)
    offender_not_told_reason = models.TextField(blank=True)

    authoriser_name = models.CharField(max_length=200, blank=True)
    authoriser_rank = models.CharField(max_length=32, choices=ChiefOfficerRank, blank=True)
    authorised_on = models.DateField(null=True, blank=True)

    carried_out_on = models.DateField(null=True, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledgement_method = models.CharField(max_length=16, choices=AcknowledgementMethod, blank=True)

    last_reviewed_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["nominal", "decided_on"]), models.Index(fields=["review_due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=[1, 2, 3]), name="disclosure_level_1_to_3"),
            models.CheckConstraint(condition=Q(category__gte=1, category__lte=4), name="disclosure_category_1_to_4"),
            # A disclosure carried out names its recipient and date (the database agrees
            # with the service).
            models.CheckConstraint(
                condition=Q(carried_out_on__isnull=True) | (~Q(recipient_name="") & Q(decision="disclose")),
                name="disclosure_carried_out_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(carried_out_on__isnull=False),
                name="disclosure_acknowledged_after_carried_out",
            ),
            models.CheckConstraint(
                condition=Q(carried_out_on__isnull=True)
                | ~(Q(recipient_kind="media") | Q(includes_photograph=True))
                | (~Q(authoriser_rank="") & Q(authorised_on__isnull=False)),
                name="disclosure_media_needs_chief_officer",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure decision {self.pk} about {self.nominal}"

    @property
    def needs_chief_officer(self) -> bool:
        return self.recipient_kind == RecipientKind.MEDIA or self.includes_photograph

    @property
    def status(self) -> str:
        if not self.considered:
            return DisclosureStatus.NOT_CONSIDERED
        if self.decision == Decision.NOT_DISCLOSE:
            return DisclosureStatus.NOT_TO_DISCLOSE
        if self.acknowledged_on:
            return DisclosureStatus.ACKNOWLEDGED
        if self.carried_out_on:
            return DisclosureStatus.CARRIED_OUT
        return DisclosureStatus.TO_DISCLOSE

    def get_status_display(self) -> str:
        return str(DisclosureStatus(self.status).label)

    @property
    def recipient(self) -> str:
        parts = [self.recipient_name, self.recipient_organisation]
        return ", ".join(p for p in parts if p)
