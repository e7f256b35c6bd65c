"""Reference data loaded by migration: the 42 MAPPA areas, the demo area, their agencies."""

from __future__ import annotations

import pytest

from accounts.models import CASE_MANAGING, CASEWORK_ROLES, RESPONSIBLE_AUTHORITY, Agency, AgencyKind, Area, Role
from accounts.reference import MAPPA_AREAS, agency_code

pytestmark = pytest.mark.django_db


def test_there_are_the_42_mappa_areas_and_the_demo_area() -> None:
    codes = set(Area.objects.values_list("code", flat=True))
    assert len(MAPPA_AREAS) == 42
    assert codes == {code for code, _ in MAPPA_AREAS} | {"DEMO"}
    assert Area.objects.get(code="LON").name == "London"
    assert Area.objects.get(code="DEMO").name == "Demonstration area"


def test_every_area_has_one_agency_of_each_kind() -> None:
    assert Agency.objects.count() == 43 * len(AgencyKind)
    for area in Area.objects.all():
        kinds = list(area.agencies.values_list("kind", flat=True))
        assert sorted(kinds) == sorted(AgencyKind.values), area.code


def test_agency_codes_name_the_area_and_kind() -> None:
    police = Agency.objects.get(code="DEMO-POL")
    assert (police.kind, police.area.code, police.name) == (AgencyKind.POLICE, "DEMO", "Demonstration area Police")
    assert Agency.objects.get(code=agency_code("KEN", AgencyKind.HOUSING_AUTHORITY)).name == "Kent Housing"
    assert Agency.objects.get(code="DEMO-PRB").is_responsible_authority
    assert not Agency.objects.get(code="DEMO-HSG").is_responsible_authority


def test_the_responsible_authority_and_case_managing_agencies() -> None:
    assert {AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON} == RESPONSIBLE_AUTHORITY
    assert RESPONSIBLE_AUTHORITY | {AgencyKind.YOUTH_OFFENDING, AgencyKind.MENTAL_HEALTH} == CASE_MANAGING
    assert Agency.objects.get(code="DEMO-YOT").can_manage_cases
    assert not Agency.objects.get(code="DEMO-HSG").can_manage_cases


def test_the_roles_include_every_contract_role_and_the_auditor() -> None:
    assert set(Role.values) == {
        "police_om",
        "probation_om",
        "prison_om",
        "coordinator",
        "chair",
        "dtc_spoc",
        "lay_adviser",
        "smb_member",
        "auditor",
        "admin",
    }
    assert {Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM, Role.CHAIR} == CASEWORK_ROLES


def test_the_reference_migration_can_run_again_without_duplicating() -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accounts.migrations.0002_reference_data")
    migration.load(apps, None)
    assert Area.objects.count() == 43 and Agency.objects.count() == 43 * len(AgencyKind)
