"""Areas, agencies and the people who use OpenMAPPA."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Area(models.Model):
    """A MAPPA area: one of the 42 in England and Wales, or the demo area."""

    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    """Agency types. The first three are the Responsible Authority (CJA 2003 s325)."""

    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    PRISON = "prison", "Prison"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HEALTH = "health", "Health (NHS trust)"
    MENTAL_HEALTH = "mental_health", "Mental health"
    YOUTH_OFFENDING = "yot", "Youth offending team"
    JOBCENTRE_PLUS = "jobcentre_plus", "Jobcentre Plus"
    HOUSING_AUTHORITY = "housing_authority", "Local housing authority"
    SOCIAL_LANDLORD = "social_landlord", "Registered social landlord"
    EDUCATION = "education", "Education"
    ELECTRONIC_MONITORING = "electronic_monitoring", "Electronic monitoring provider"
    IMMIGRATION = "immigration", "Home Office Immigration Enforcement"


RESPONSIBLE_AUTHORITY = frozenset({AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON})
# Agencies that may lead or partner a case: the RA, plus YOT (under 18s) and mental
# health (hospital orders), as seed 002 and seed 003 describe lead agencies.
CASE_MANAGING = RESPONSIBLE_AUTHORITY | {AgencyKind.YOUTH_OFFENDING, AgencyKind.MENTAL_HEALTH}


class Agency(models.Model):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="agencies")
    kind = models.CharField(max_length=32, choices=AgencyKind)
    code = models.CharField(max_length=24, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["area__name", "name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def is_responsible_authority(self) -> bool:
        return self.kind in RESPONSIBLE_AUTHORITY

    @property
    def can_manage_cases(self) -> bool:
        return self.kind in CASE_MANAGING


class Role(models.TextChoices):
    POLICE_OM = "police_om", "Police offender manager"
    PROBATION_OM = "probation_om", "Probation offender manager"
    PRISON_OM = "prison_om", "Prison offender manager"
    COORDINATOR = "coordinator", "MAPPA co-ordinator"
    CHAIR = "chair", "MAPP meeting chair"
    DTC_SPOC = "dtc_spoc", "Duty to co-operate single point of contact"
    LAY_ADVISER = "lay_adviser", "SMB lay adviser"
    SMB_MEMBER = "smb_member", "SMB member"
    AUDITOR = "auditor", "Auditor"
    ADMIN = "admin", "System administrator"


# Roles that work with individual people's records as members of a case-managing agency.
CASEWORK_ROLES = frozenset({Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM, Role.CHAIR})


class User(AbstractUser):
    role = models.CharField(max_length=24, choices=Role)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    # The MAPPA area the user works in; for agency staff, their agency's area.
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Demo users may skip MFA, and only while the MAPPA_DEMO setting is on.
    is_demo = models.BooleanField(default=False)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 hash is stored; it expires at the end
    of its lifetime, or sooner when it goes unused for API_TOKEN_INACTIVITY_MINUTES."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # When a request last came with the token (null: never since it was issued).
    last_used_at = models.DateTimeField(null=True, blank=True)
