"""Fixtures for the plans tests: a person registered to DEMO probation, managed by the
probation officer, and helpers for assessments and actions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from cases.models import Registration
from conftest import PersonMaker, RegistrationMaker, agency, committed
from kernel.actor import Actor
from plans import assessments, services
from plans.models import PlanAction, PlanHeading, RiskAssessment


@pytest.fixture
def case(users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker) -> Registration:
    """An adult man, category 2 level 2, led by DEMO probation and managed by probation_om."""
    person = make_person(users["probation_om"], family_name="Planperson", date_of_birth=date(1980, 1, 1))
    return make_registration(person, users["probation_om"], category=2, level=2)


OASYS_HIGH = {
    "tool": "oasys",
    "assessor": "Tom Okafor",
    "community_public": "medium",
    "community_known_adult": "high",
    "custody_staff": "low",
    "who_is_at_risk": "His former partner",
    "nature_of_harm": "Serious violence",
    "imminence": "change",
    "risk_increased_by": "Alcohol",
    "risk_reduced_by": "Stable housing",
}


@pytest.fixture
def assess(users: dict[str, User]) -> Callable[..., RiskAssessment]:
    def make(case: Registration, by: User | None = None, **values: Any) -> RiskAssessment:
        fields = OASYS_HIGH | {"assessed_on": timezone.localdate() - timedelta(days=1)} | values
        return assessments.record_assessment(
            actor=Actor(by or users["probation_om"]), nominal=case.nominal, values=fields
        )

    return make


@pytest.fixture
def add_action(users: dict[str, User]) -> Callable[..., PlanAction]:
    def make(case: Registration, owner: str = "DEMO-HSG", by: User | None = None, **values: Any) -> PlanAction:
        fields = {
            "heading": PlanHeading.VICTIM_SAFETY,
            "text": "Find a tenancy away from the former partner",
            "owner_agency": agency(owner),
            "due_on": timezone.localdate() + timedelta(days=14),
        } | values
        with committed():  # the stored action follows, as on commit
            return services.add_action(actor=Actor(by or users["probation_om"]), registration=case, values=fields)

    return make
