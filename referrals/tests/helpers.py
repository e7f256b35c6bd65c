"""Builders for the referral and meeting tests: users of every role, a registered person,
and complete MAPPA A and MAPPA C content. Shared with meetings/tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Agency, Area, Role, User
from cases import services as case_services
from kernel.actor import Actor
from referrals import services as referral_services
from referrals.models import Imminence, MeetingNeeded, Rank, Referral, RiskLevel, StaffRank
from register import services as register_services
from register.models import Nominal

PASSWORD = "a-long-test-password-2026"
ALL_ROLES = [str(role) for role in Role]
# The agency each role works for, by code (None: no agency).
ROLE_AGENCY: dict[str, str | None] = {
    Role.POLICE_OM: "DEMO-POL",
    Role.PROBATION_OM: "DEMO-PRB",
    Role.PRISON_OM: "DEMO-PRI",
    Role.COORDINATOR: "DEMO-PRB",
    Role.CHAIR: "DEMO-PRB",
    Role.DTC_SPOC: "DEMO-HSG",
    Role.LAY_ADVISER: None,
    Role.SMB_MEMBER: None,
    Role.AUDITOR: None,
    Role.ADMIN: None,
}
_numbers = itertools.count(1)


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def make_user(role: str, agency_code: str | None = "natural", *, rank: str = "") -> User:
    code = ROLE_AGENCY[role] if agency_code == "natural" else agency_code
    number = next(_numbers)
    user = User.objects.create_user(
        username=f"t{number}.{role}",
        password=PASSWORD,
        role=role,
        agency=agency(code) if code else None,
        area=Area.objects.get(code="DEMO"),
        first_name="Test",
        last_name=f"{role.replace('_', ' ').title()} {number}",
        email=f"t{number}.{role}@example.invalid",
    )
    if rank:
        StaffRank.objects.create(user=user, rank=rank, recorded_by=user)
    return user


@dataclass
class World:
    """One of each role in the DEMO area, plus the managers and chairs the journeys need."""

    users: dict[str, User]
    manager: User  # a probation line manager: countersigns
    senior: User  # a probation Assistant Chief Officer: chairs level 3, decides disputes
    police_chair: User  # a police inspector: chairs level 2
    nominal: Nominal
    extra: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, role: str) -> User:
        return self.users[role]


def make_world() -> World:
    users = {role: make_user(role) for role in ALL_ROLES}
    StaffRank.objects.create(
        user=users[Role.CHAIR], rank=Rank.SENIOR_PROBATION_OFFICER, recorded_by=users[Role.COORDINATOR]
    )
    manager = make_user(Role.PROBATION_OM, rank=Rank.LINE_MANAGER)
    senior = make_user(Role.PROBATION_OM, rank=Rank.ASSISTANT_CHIEF_OFFICER)
    police_chair = make_user(Role.CHAIR, "DEMO-POL", rank=Rank.POLICE_INSPECTOR)
    nominal = make_person(users[Role.PROBATION_OM])
    case_services.register(
        actor=Actor(users[Role.PROBATION_OM]),
        nominal=nominal,
        category=2,
        level=2,
        basis="continuation",
        lead_agency=agency("DEMO-PRB"),
        record_manager=users[Role.PROBATION_OM],
        start_date=timezone.localdate() - timedelta(days=200),
        reason="Sentenced for wounding with intent",
        partner_agencies=[agency("DEMO-POL")],
    )
    return World(users=users, manager=manager, senior=senior, police_chair=police_chair, nominal=nominal)


def make_person(created_by: User) -> Nominal:
    return register_services.create_nominal(
        actor=Actor(created_by),
        values={
            "family_name": f"Testperson{next(_numbers)}",
            "given_names": "Robin",
            "date_of_birth": date(1980, 3, 27),
            "gender": "male",
        },
    )


def referral_values(*, emergency: bool = False, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "category": 2,
        "index_offence": "Wounding with intent (s18)",
        "reason_for_referral": "New intelligence of contact with the victim",
        "requested_level": 2,
        "likelihood_of_reoffending": RiskLevel.HIGH,
        "reoffending_detail": "OGRS3 68%",
        "risk_of_serious_harm": RiskLevel.HIGH,
        "harm_to_whom": "Former partner",
        "harm_when": "If he finds her address",
        "imminence": Imminence.IMMINENT if emergency else Imminence.CHANGE_IN_CIRCUMSTANCES,
        "updated_risk_assessment": "OASys reviewed",
        "outline_risk_management_plan": "Weekly supervision; exclusion zone",
        "meeting_needed": MeetingNeeded.EMERGENCY if emergency else MeetingNeeded.NEXT_SCHEDULED,
        "emergency_meeting_by": timezone.localdate() + timedelta(days=1) if emergency else None,
    }
    return values | changes


def submitted_referral(world: World, *, emergency: bool = False) -> Referral:
    referrer = world[Role.PROBATION_OM]
    referral = referral_services.create_referral(
        actor=Actor(referrer),
        nominal=world.nominal,
        values=referral_values(emergency=emergency),
        agencies_to_invite=[agency("DEMO-HSG"), agency("DEMO-POL")],
    )
    return referral_services.submit_referral(actor=Actor(referrer), referral=referral)


def countersigned_referral(world: World, *, emergency: bool = False) -> Referral:
    return referral_services.countersign(
        actor=Actor(world.manager), referral=submitted_referral(world, emergency=emergency), approve=True
    )


def accepted_referral(world: World, *, emergency: bool = False, level: int = 2) -> Referral:
    return referral_services.gatekeep(
        actor=Actor(world[Role.COORDINATOR]),
        referral=countersigned_referral(world, emergency=emergency),
        decision="accept",
        level=level,
        reason="Within remit",
    )


def meeting_times() -> dict[str, time]:
    return {"starts_at": time(10, 0), "ends_at": time(11, 0)}
