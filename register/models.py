"""The person register: who a person is, where they live, what they were convicted of.

ViSOR calls each record a "nominal"; so do we.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Agency, Area
from kernel.records import VersionedRecord
from kernel.worklist_counting import shown_name


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class CustodyStatus(models.TextChoices):
    COMMUNITY = "community", "In the community"
    CUSTODY = "custody", "In custody"
    HOSPITAL = "hospital", "Detained in hospital"


# What a person's record says of them: set when the record is made and changed by an edit.
PERSON_DETAILS = (
    "family_name",
    "given_names",
    "date_of_birth",
    "gender",
    "ethnicity",
    "nationality",
    "pnc",
    "cro",
    "prison_number",
    "crn",
    "no_fixed_abode",
    "closest_links_area",
    "custody_status",
)


class Nominal(VersionedRecord):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="nominals")
    # The agency that created the record; it keeps sight of it before any registration.
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    family_name = models.CharField(max_length=100)
    given_names = models.CharField(max_length=150)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=16, choices=Gender)
    ethnicity = models.CharField(max_length=100, blank=True, help_text="As the person describes it.")
    nationality = models.CharField(max_length=60, blank=True)
    pnc = models.CharField("PNC number", max_length=20, blank=True)
    cro = models.CharField("CRO number", max_length=20, blank=True)
    prison_number = models.CharField(max_length=20, blank=True)
    crn = models.CharField("probation CRN", max_length=20, blank=True)
    no_fixed_abode = models.BooleanField(default=False)
    closest_links_area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    custody_status = models.CharField(max_length=16, choices=CustodyStatus, default=CustodyStatus.COMMUNITY)
    # Lower-case, accent-free copy of names and identifiers, for search. On PostgreSQL a
    # trigram index answers search's "a word begins with" pattern (migration 0002).
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_names"]
        constraints = [
            models.UniqueConstraint(fields=["pnc"], condition=~Q(pnc=""), name="nominal_unique_pnc"),
        ]

    def __str__(self) -> str:
        return shown_name(self.family_name, self.given_names)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"


class AliasKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    NICKNAME = "nickname", "Nickname"
    PREVIOUS = "previous", "Previous name"


class Alias(models.Model):
    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=16, choices=AliasKind, default=AliasKind.ALIAS)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return self.name


class AddressKind(models.TextChoices):
    MAIN = "main", "Home (main)"
    SECONDARY = "secondary", "Secondary"
    APPROVED_PREMISES = "approved_premises", "Approved Premises"
    CUSTODY = "custody", "Custody"


class Address(VersionedRecord):
    """Where the person lives or lived. Corrected and ended by edits carrying its version."""

    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=24, choices=AddressKind)
    line1 = models.CharField("address line 1", max_length=120)
    line2 = models.CharField("address line 2", max_length=120, blank=True)
    town = models.CharField(max_length=80)
    postcode = models.CharField(max_length=10, blank=True)
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-from_date"]
        verbose_name_plural = "addresses"
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=models.F("from_date")),
                name="address_ends_after_it_starts",
            ),
            # A new home address ends the one before it (services.add_address): one is current.
            models.UniqueConstraint(
                fields=["nominal"],
                condition=Q(kind="main", to_date__isnull=True),
                name="one_current_home_address",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)

    @property
    def is_current(self) -> bool:
        return self.to_date is None

    @property
    def is_current_home(self) -> bool:
        return self.is_current and self.kind == AddressKind.MAIN


class Disposal(models.TextChoices):
    """Disposals as the notification rules (SOA 2003 s82) distinguish them."""

    CUSTODY = "custody", "Custody"
    HOSPITAL_WITH_RESTRICTION = "hospital_with_restriction", "Hospital order with restriction"
    HOSPITAL_WITHOUT_RESTRICTION = (
        "hospital_without_restriction",
        "Hospital order without restriction",
    )
    CAUTION = "caution", "Caution"
    CONDITIONAL_DISCHARGE = "conditional_discharge", "Conditional discharge"
    OTHER = "other", "Other (fine, community order)"


class Conviction(models.Model):
    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="convictions")
    offence = models.CharField(max_length=200)
    offence_date = models.DateField(null=True, blank=True)
    conviction_date = models.DateField()
    court = models.CharField(max_length=120, blank=True)
    disposal = models.CharField(max_length=32, choices=Disposal)
    sentence_months = models.PositiveIntegerField(null=True, blank=True)
    is_index_offence = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-conviction_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["nominal"],
                condition=Q(is_index_offence=True),
                name="one_index_offence_per_nominal",
            ),
            models.CheckConstraint(
                condition=Q(offence_date__isnull=True) | Q(offence_date__lte=models.F("conviction_date")),
                name="conviction_after_offence",
            ),
        ]

    def __str__(self) -> str:
        return self.offence
