"""Users and people for the clocks tests, built here so the tests stand on their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import count
from typing import Any

import pytest
from django.test import Client

from accounts.models import Agency, Area, Role, User
from accounts.tokens import issue_token
from cases import services as case_services
from cases.models import Registration
from kernel.actor import Actor
from register import services as register_services
from register.models import Nominal

PASSWORD = "clock-tests-password-2026"

# Each role with the agency (by code) a user in that role works for; None for no agency.
ROLE_AGENCIES: dict[str, str | None] = {
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
# The roles the "people" rule lets in: casework roles in case-managing agencies, and the co-ordinator.
PEOPLE_ROLES = frozenset({Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM, Role.COORDINATOR, Role.CHAIR})
ALL_ROLES = tuple(ROLE_AGENCIES)

_numbers = count(1)


@pytest.fixture(autouse=True)
def _plain_http(settings: Any) -> None:
    """The test client speaks plain HTTP; production settings would redirect it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(role: str, agency_code: str | None = "", username: str = "") -> User:
        code = ROLE_AGENCIES[role] if agency_code == "" else agency_code
        agency = Agency.objects.get(code=code) if code else None
        return User.objects.create_user(
            username=username or f"{role}-{next(_numbers)}",
            password=PASSWORD,
            role=role,
            agency=agency,
            area=Area.objects.get(code="DEMO"),
        )

    return make


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    """A police offender manager, who creates, registers and manages the test people."""
    return make_user(Role.POLICE_OM)


@pytest.fixture
def make_person(officer: User) -> Callable[..., tuple[Nominal, Registration | None]]:
    def make(
        *,
        date_of_birth: date = date(1980, 1, 1),
        category: int | None = 1,
        level: int = 1,
        disposal: str | None = "custody",
        sentence_months: int | None = 18,
        conviction_date: date = date(2020, 3, 15),
        start_date: date = date(2020, 4, 1),
        by: User | None = None,
    ) -> tuple[Nominal, Registration | None]:
        acting = by or officer
        nominal = register_services.create_nominal(
            actor=Actor(acting),
            values={
                "family_name": f"Testperson{next(_numbers)}",
                "given_names": "Alex",
                "date_of_birth": date_of_birth,
                "gender": "male",
            },
        )
        if disposal is not None:
            register_services.add_conviction(
                actor=Actor(acting),
                nominal=nominal,
                values={
                    "offence": "Test offence",
                    "conviction_date": conviction_date,
                    "disposal": disposal,
                    "sentence_months": sentence_months,
                    "is_index_offence": True,
                },
            )
        registration = None
        if category is not None:
            assert acting.agency is not None
            registration = case_services.register(
                actor=Actor(acting),
                nominal=nominal,
                category=category,
                level=level,
                lead_agency=acting.agency,
                record_manager=acting,
                start_date=start_date,
                reason="Registered for the clocks tests",
                basis="continuation" if level > 1 else "registration",
            )
        return nominal, registration

    return make


@pytest.fixture
def api_client() -> Callable[[User | None], Client]:
    """A client sending a bearer token for the user (none for None)."""

    def make(user: User | None) -> Client:
        if user is None:
            return Client()
        raw, _ = issue_token(user=user)
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
