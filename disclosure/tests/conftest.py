"""Disclosure fixtures: a level 1 case led by police (the shared `records` "own" person)
and a level 2 case led by probation with a MAPP meeting chaired by the chair."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from conftest import Records, agency, committed
from disclosure import services
from disclosure.models import Disclosure, RecipientKind
from kernel.actor import Actor
from meetings import services as meeting_services
from meetings.models import Meeting
from referrals.models import Rank, StaffRank
from register.models import Nominal


def decision_values(by: User, **changes: Any) -> dict[str, Any]:
    """A complete decision to disclose to a new partner."""
    return {
        "considered": True,
        "decision": "disclose",
        "decided_on": timezone.localdate() - timedelta(days=3),
        "reason": "He has formed a relationship with a woman who has two children under 10",
        "what": "His conviction for sexual offences against a child, and the risk to her children",
        "recipient_kind": RecipientKind.PERSON,
        "recipient_name": "Jane Example",
        "recipient_relationship": "New partner",
        "discloser": by,
        "disclose_by": timezone.localdate() + timedelta(days=7),
        "offender_told": True,
    } | changes


@pytest.fixture
def level1(records: Records) -> Nominal:
    """Category 1, level 1, led by DEMO police, record managed by police_om."""
    return records.people["own"]


@pytest.fixture
def decided(level1: Nominal, users: dict[str, User]) -> Disclosure:
    with committed():
        return services.record_decision(
            actor=Actor(users["police_om"]), nominal=level1, values=decision_values(users["police_om"])
        )


@dataclass
class Level2:
    nominal: Nominal
    meeting: Meeting


@pytest.fixture
def level2(users: dict[str, User], make_person: Any, make_registration: Any) -> Level2:
    """Category 2, level 2, led by DEMO probation; a review meeting chaired by the chair."""
    probation = users["probation_om"]
    nominal = make_person(probation, family_name="Leveltwo")
    make_registration(nominal, probation, category=2, level=2)
    StaffRank.objects.create(user=users["chair"], rank=Rank.SENIOR_PROBATION_OFFICER, recorded_by=users["coordinator"])
    meeting = meeting_services.schedule_meeting(
        actor=Actor(users["coordinator"]),
        nominal=nominal,
        meeting_type="review",
        level=2,
        held_on=timezone.localdate() + timedelta(days=1),
        starts_at=time(10, 0),
        ends_at=time(11, 0),
        chair=users["chair"],
        place="Demotown Police Station",
        invited_agencies=[agency("DEMO-POL")],
    )
    return Level2(nominal=nominal, meeting=meeting)
