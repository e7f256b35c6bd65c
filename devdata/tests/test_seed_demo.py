"""`manage.py seed_demo`: the demo users and a realistic spread of synthetic people."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count

from accounts.models import Role, User
from audit import trail
from cases.models import PotentiallyDangerousPerson, Registration, RegistrationStatus
from register.models import CustodyStatus, Nominal
from register.selectors import search_nominals

pytestmark = pytest.mark.django_db

CONTRACT_USERS = {
    "police.om": Role.POLICE_OM,
    "probation.om": Role.PROBATION_OM,
    "prison.om": Role.PRISON_OM,
    "coordinator": Role.COORDINATOR,
    "chair": Role.CHAIR,
    "housing.spoc": Role.DTC_SPOC,
    "lay.adviser": Role.LAY_ADVISER,
    "admin": Role.ADMIN,
}
PASSWORD = "demo-password-for-tests-2026"


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def check_users(printed: str) -> None:
    for username, role in CONTRACT_USERS.items():
        user = User.objects.get(username=username)
        assert user.role == role and user.is_demo and user.is_active, username
        assert authenticate(username=username, password=PASSWORD) == user
        assert username in printed
    assert User.objects.get(username="police.om").agency.code == "DEMO-POL"  # type: ignore[union-attr]
    assert User.objects.get(username="housing.spoc").agency.code == "DEMO-HSG"  # type: ignore[union-attr]
    assert User.objects.get(username="lay.adviser").agency is None
    assert f"Password for all of them: {PASSWORD}" in printed


def check_people() -> None:
    people = Nominal.objects.filter(area__code="DEMO")
    assert people.count() >= 60
    registrations = Registration.objects.filter(nominal__in=people)
    by_category = Counter(registrations.values_list("category", flat=True))
    by_level = Counter(registrations.values_list("level", flat=True))
    cat1_level1 = registrations.filter(category=1, level=1).count()
    assert cat1_level1 > registrations.count() / 2  # mostly category 1 at level 1
    assert by_category[2] >= 5  # some category 2
    assert by_level[2] >= 1 and by_level[3] >= 1  # a few at levels 2 and 3
    assert by_level[2] + by_level[3] <= registrations.count() / 4
    assert not registrations.filter(category=3, level=1).exists()
    assert people.filter(custody_status=CustodyStatus.CUSTODY).exists()  # some in custody
    archived = registrations.filter(status=RegistrationStatus.ARCHIVED).count()
    assert 1 <= archived < registrations.count() / 4  # some archived
    # At most one active registration per person.
    assert not registrations.filter(status="active").values("nominal").annotate(n=Count("id")).filter(n__gt=1)
    # Potentially dangerous people are outside MAPPA.
    pdps = PotentiallyDangerousPerson.objects.values_list("nominal_id", flat=True)
    assert pdps and not registrations.filter(nominal_id__in=pdps).exists()
    # Every person has a reference, every registration its first level decision.
    assert all(p.reference.startswith("DEMO-") for p in people)
    assert not registrations.annotate(n=Count("level_changes")).filter(n=0).exists()
    # The demo officer finds their people, and every write went through the audited services.
    officer = User.objects.get(username="police.om")
    some = people.filter(registrations__lead_agency__code="DEMO-POL").first()
    assert some is not None
    assert some in search_nominals(requested_by=officer, query=some.family_name)
    assert trail.first_broken_link() is None


def test_seed_demo_creates_the_users_and_people_and_running_it_again_duplicates_nobody(
    fast_password_hashing: None,
) -> None:
    check_users(seed("--password", PASSWORD))
    check_people()
    people, registrations, users = Nominal.objects.count(), Registration.objects.count(), User.objects.count()
    out = seed()  # no password given: a random one, printed
    assert (Nominal.objects.count(), Registration.objects.count(), User.objects.count()) == (
        people,
        registrations,
        users,
    )
    printed = out.strip().splitlines()[-1].removeprefix("Password for all of them: ")
    assert printed and printed != PASSWORD
    assert authenticate(username="coordinator", password=printed) is not None
