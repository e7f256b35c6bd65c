"""Synthetic demo data: the DEMO area's users and people. Every person is made up."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from accounts.models import Agency, AgencyKind, Area, Role, User
from accounts.reference import agency_code
from cases import selectors as case_selectors
from cases import services as case_services
from cases.models import Registration
from kernel.actor import Actor
from register import services
from register.models import AddressKind, AliasKind, CustodyStatus, Disposal, Gender, Nominal
from rules.identifiers import cro_for, pnc_for

DEMO_USERS: tuple[tuple[str, str, str | None, str, str], ...] = (
    # username, role, agency kind, first name, last name
    ("police.om", Role.POLICE_OM, AgencyKind.POLICE, "Priya", "Sandhu"),
    ("probation.om", Role.PROBATION_OM, AgencyKind.PROBATION, "Tom", "Okafor"),
    ("prison.om", Role.PRISON_OM, AgencyKind.PRISON, "Megan", "Lloyd"),
    ("coordinator", Role.COORDINATOR, AgencyKind.PROBATION, "Sam", "Whitfield"),
    ("chair", Role.CHAIR, AgencyKind.PROBATION, "Ruth", "Adeyemi"),
    ("housing.spoc", Role.DTC_SPOC, AgencyKind.HOUSING_AUTHORITY, "Dan", "Kowalski"),
    ("lay.adviser", Role.LAY_ADVISER, None, "Alison", "Grey"),
    ("admin", Role.ADMIN, None, "Jo", "Marsh"),
    ("auditor", Role.AUDITOR, None, "Chris", "Nolan"),
)

# (category, level, count): mostly category 1 at level 1, as nationally (seed 001).
DEMO_SHAPE: tuple[tuple[int, int, int], ...] = (
    (1, 1, 42),
    (1, 2, 4),
    (1, 3, 2),
    (2, 1, 10),
    (2, 2, 3),
    (2, 3, 1),
    (3, 2, 3),
    (3, 3, 1),
    (4, 1, 1),
    (4, 2, 1),
)
OFFENCES = {
    1: ["Sexual assault", "Rape", "Possession of indecent images of children", "Sexual activity with a child"],
    2: ["Wounding with intent (s18)", "Manslaughter", "Robbery", "Arson endangering life"],
    3: ["Harassment", "Threats to kill", "Stalking involving fear of violence"],
    4: ["Preparation of terrorist acts", "Dissemination of terrorist publications"],
}


@dataclass
class DemoResult:
    users: int
    people: int
    password: str


def ensure_users(area: Area, password: str) -> dict[str, User]:
    users = {}
    for username, role, kind, first, last in DEMO_USERS:
        agency = Agency.objects.get(code=agency_code(area.code, kind)) if kind else None
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "agency": agency,
                "area": area,
                "first_name": first,
                "last_name": last,
                "is_demo": True,
                "is_active": True,
                "email": f"{username}@demo.invalid",
            },
        )
        user.set_password(password)
        user.save()
        users[username] = user
    return users


def _person_values(fake: Faker, rng: random.Random, index: int, category: int) -> dict[str, object]:
    gender = rng.choices([Gender.MALE, Gender.FEMALE], weights=[95, 5])[0]
    given = fake.first_name_male() if gender == Gender.MALE else fake.first_name_female()
    age = rng.randint(19, 78)
    born = timezone.localdate() - timedelta(days=age * 365 + rng.randint(0, 364))
    return {
        "family_name": fake.last_name(),
        "given_names": f"{given} {fake.first_name_male() if gender == Gender.MALE else fake.first_name_female()}",
        "date_of_birth": born,
        "gender": gender,
        "ethnicity": rng.choice(
            [
                "White British",
                "White Irish",
                "Black British",
                "British Asian",
                "Mixed White and Black Caribbean",
                "White Polish",
                "Not stated",
            ]
        ),
        "nationality": rng.choices(["British", "Irish", "Polish", "Romanian"], weights=[90, 3, 4, 3])[0],
        "pnc": pnc_for(rng.randint(1995, 2024), index),
        "cro": cro_for(index, rng.randint(80, 99)) if rng.random() < 0.6 else "",
        "crn": f"X{rng.randint(100000, 999999)}" if category != 1 or rng.random() < 0.3 else "",
    }


@transaction.atomic
def seed(password: str, people: int = 68, seed_value: int = 2026) -> DemoResult:
    area = Area.objects.get(code="DEMO")
    users = ensure_users(area, password)
    if Nominal.objects.filter(area=area).exists():
        return DemoResult(len(users), Nominal.objects.filter(area=area).count(), password)
    rng = random.Random(seed_value)
    fake = Faker("en_GB")
    fake.seed_instance(seed_value)
    police, probation, prison = (
        Agency.objects.get(code=agency_code("DEMO", k))
        for k in (AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON)
    )
    today = timezone.localdate()
    shape = [(c, lvl) for c, lvl, n in DEMO_SHAPE for _ in range(n)]
    created = 0
    for index, (category, level) in enumerate(shape[:people], start=1):
        values = _person_values(fake, rng, index, category)
        in_custody = rng.random() < 0.12
        values["custody_status"] = CustodyStatus.CUSTODY if in_custody else CustodyStatus.COMMUNITY
        if in_custody:
            values["prison_number"] = f"A{rng.randint(1000, 9999)}{'BCDEFG'[index % 6]}{'HJKLMN'[index % 6]}"
        nfa = not in_custody and rng.random() < 0.05
        if nfa:
            values |= {"no_fixed_abode": True, "closest_links_area": area}
        lead_user = users["police.om"] if category == 1 else users["probation.om"]
        nominal = services.create_nominal(actor=Actor(lead_user), values=values, area=area)
        if rng.random() < 0.3:
            services.add_alias(
                actor=Actor(lead_user), nominal=nominal, kind=AliasKind.NICKNAME, name=fake.first_name_male()
            )
        if not nfa:
            moved_in = today - timedelta(days=rng.randint(30, 1500))
            if index % 9 == 0 and not in_custody:
                # An address history: the home before this one, ended by the move.
                services.add_address(
                    actor=Actor(lead_user),
                    nominal=nominal,
                    values={
                        "kind": AddressKind.MAIN,
                        "line1": f"Flat {index}, 9 Station Road",
                        "town": "Demotown",
                        "postcode": "DT1 4AB",
                        "from_date": max(moved_in, nominal.date_of_birth + timedelta(days=6570)) - timedelta(days=700),
                    },
                )
            services.add_address(
                actor=Actor(lead_user),
                nominal=nominal,
                values={
                    "kind": AddressKind.CUSTODY if in_custody else AddressKind.MAIN,
                    "line1": fake.street_address(),
                    "town": "Demotown",
                    "postcode": fake.postcode(),
                    "from_date": max(moved_in, nominal.date_of_birth + timedelta(days=6570)),
                },
            )
        convicted = today - timedelta(days=rng.randint(200, 3000))
        months = rng.choice([4, 9, 18, 30, 48, 72])
        services.add_conviction(
            actor=Actor(lead_user),
            nominal=nominal,
            values={
                "offence": rng.choice(OFFENCES[category]),
                "conviction_date": convicted,
                "offence_date": convicted - timedelta(days=rng.randint(60, 400)),
                "court": "Demotown Crown Court",
                "disposal": Disposal.CUSTODY,
                "sentence_months": months,
                "is_index_offence": True,
            },
        )
        start = convicted + timedelta(days=rng.randint(3, 90))
        lead = police if category == 1 or (category == 4 and index % 2) else probation
        partners = [probation if lead == police else police] if level > 1 or rng.random() < 0.4 else []
        if in_custody:
            partners.append(prison)
        registration = case_services.register(
            actor=Actor(lead_user),
            nominal=nominal,
            category=category,
            level=level,
            lead_agency=lead,
            record_manager=lead_user if lead_user.agency == lead else users["police.om"],
            start_date=min(start, today),
            reason="Demo registration following sentence",
            partner_agencies=partners,
            # Level 2 and 3 people were referred and decided before the demo's history begins.
            basis="continuation" if level > 1 else "registration",
        )
        _review_history(registration, rng, users["chair"] if level > 1 else lead_user, today)
        if rng.random() < 0.08:
            _leave(registration, today - timedelta(days=rng.randint(1, 60)))
        created += 1
    created += _seed_pdps(fake, rng, users["police.om"], police, area, start_index=len(shape) + 1)
    return DemoResult(len(users), created, password)


def _leave(registration: Registration, left_on: date) -> None:
    """Leave MAPPA as the rules allow (rules.exit_guard): a category 3 case on a level 2
    meeting's decision; another at its exit point where that has passed, else on death."""
    manager = Actor(registration.record_manager)
    leaving = case_selectors.exit_date(requested_by=manager.user, registration=registration)
    if registration.category == 3:
        why: dict[str, object] = {"reason": "The level 2 meeting decided the risk no longer needs MAPPA management"}
        why |= {"meeting_decided_on": left_on}
    elif leaving.exit_on is not None and leaving.exit_on <= left_on:
        why = {"reason": "The exit point has passed: " + leaving.rule_label, "exit_basis": "exit_point"}
    else:
        why = {"reason": "Died", "exit_basis": "died"}
    case_services.archive(
        actor=manager,
        registration=registration,
        archived_on=left_on,
        # Leaving level 2 or 3 needs an up-to-date agreed plan (seed 003).
        plan_agreed_on=registration.last_reviewed_on if registration.level > 1 else None,
        **why,  # type: ignore[arg-type]
    )


def _seed_pdps(fake: Faker, rng: random.Random, officer: User, police: Agency, area: Area, start_index: int) -> int:
    """Two potentially dangerous people: police-managed, outside MAPPA, never counted in it."""
    for index in range(start_index, start_index + 2):
        nominal = services.create_nominal(actor=Actor(officer), values=_person_values(fake, rng, index, 3), area=area)
        case_services.record_pdp(
            actor=Actor(officer),
            nominal=nominal,
            lead_agency=police,
            authorised_by="Supt. A. Demo",
            authoriser_rank="superintendent",
            authorised_on=timezone.localdate() - timedelta(days=rng.randint(30, 400)),
            reason="Escalating threats of serious violence towards a former partner; no qualifying conviction",
        )
    return 2


def _review_history(registration: Registration, rng: random.Random, decider: User, today: date) -> None:
    """Reviews since registration at the level's cadence, so most cases are up to date and
    about one in ten is overdue, as in a real caseload."""
    leave_overdue = rng.random() < 0.1
    while registration.next_review_due_on < today:
        review_on = registration.next_review_due_on - timedelta(days=rng.randint(0, 10))
        if leave_overdue and registration.next_review_due_on > today - timedelta(days=120):
            break
        registration = case_services.change_level(
            actor=Actor(decider),
            registration=registration,
            to_level=registration.level,
            decided_on=min(max(review_on, registration.last_reviewed_on), today),
            reason="Review: risk and plan considered, level unchanged",
        )
