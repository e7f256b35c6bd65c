"""Demo data for custody and release, transfers, exit and the retention review.

Everything goes through the services, so the demo obeys the same rules (and leaves the
same audit trail) as real use. Every person is made up. Safe to run again: it does
nothing once the demo person nearing release exists.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, Area, User
from cases import services as case_services
from custody import services, sfo_services
from kernel.actor import Actor
from notifications import services as notification_services
from register import services as register_services
from register.models import Disposal, Gender, Nominal
from rules.custody import release_date_confirmation_due
from transfers import services as transfer_services

NEARING_RELEASE_PNC = "2019/0990001B"
RELEASED_RSO_PNC = "2018/0990005Q"


def _person(officer: User, area: Area, family: str, given: str, born: date, pnc: str) -> Nominal:
    return register_services.create_nominal(
        actor=Actor(officer),
        values={"family_name": family, "given_names": given, "date_of_birth": born, "gender": Gender.MALE, "pnc": pnc},
        area=area,
    )


@transaction.atomic
def seed_custody() -> int:
    """Returns how many demo people were added (0 when already seeded)."""
    area = Area.objects.get(code="DEMO")
    prison = Agency.objects.get(code="DEMO-PRI")
    today = timezone.localdate()
    police_om = User.objects.get(username="police.om")
    # The released case came later: a demo seeded before it gains it alone.
    added = 0
    if not Nominal.objects.filter(pnc=RELEASED_RSO_PNC).exists():
        _released_rso(police_om, area, prison, today)
        added = 1
    if Nominal.objects.filter(pnc=NEARING_RELEASE_PNC).exists():
        return added
    probation_om = User.objects.get(username="probation.om")
    probation = Agency.objects.get(code="DEMO-PRB")

    # A category 2, level 2 person nearing release: the prison has the date to confirm.
    sentenced = today - timedelta(days=2 * 365)
    nearing = _person(probation_om, area, "Harwood", "Liam Peter", date(1988, 6, 14), NEARING_RELEASE_PNC)
    register_services.add_conviction(
        actor=Actor(probation_om),
        nominal=nearing,
        values={
            "offence": "Wounding with intent (s18)",
            "offence_date": sentenced - timedelta(days=120),
            "conviction_date": sentenced,
            "court": "Demotown Crown Court",
            "disposal": Disposal.CUSTODY,
            "sentence_months": 60,
            "is_index_offence": True,
        },
    )
    case_services.register(
        actor=Actor(probation_om),
        nominal=nearing,
        category=2,
        level=2,
        basis="continuation",
        lead_agency=probation,
        record_manager=probation_om,
        start_date=sentenced + timedelta(days=3),
        reason="Violent offender sentenced to 5 years; level 2 for release planning",
    )
    services.start_custody(
        actor=Actor(probation_om),
        nominal=nearing,
        prison=prison,
        reason="sentence",
        entered_on=sentenced,
        values={
            "sentence_date": sentenced,
            "sentence_months": 60,
            "release_on": today + timedelta(days=110),
            "licence_expiry_on": sentenced + timedelta(days=5 * 365),
            "sentence_expiry_on": sentenced + timedelta(days=5 * 365),
        },
        notes="Conditional release at the halfway point",
    )

    # Released on appeal last week: an urgent review is flagged.
    appeal = _person(probation_om, area, "Okoro", "Daniel", date(1979, 2, 3), "2015/0990002R")
    case_services.register(
        actor=Actor(probation_om),
        nominal=appeal,
        category=2,
        level=2,
        basis="continuation",
        lead_agency=probation,
        record_manager=probation_om,
        start_date=today - timedelta(days=500),
        reason="Sentenced to 4 years for robbery",
    )
    spell = services.start_custody(
        actor=Actor(probation_om),
        nominal=appeal,
        prison=prison,
        reason="sentence",
        entered_on=today - timedelta(days=500),
        values={"sentence_date": today - timedelta(days=500), "release_on": today + timedelta(days=230)},
    )
    services.release(actor=Actor(probation_om), spell=spell, released_on=today - timedelta(days=6), kind="appeal")

    # Charged with a serious further offence three days ago, not yet notified.
    sfo_services.record_sfo(
        actor=Actor(probation_om),
        nominal=appeal,
        offence="Grievous bodily harm with intent",
        charged_on=today - timedelta(days=3),
    )

    # A level 1 category 1 case moving to Kent, awaiting the sending area's decision.
    mover = _person(police_om, area, "Pryce", "Gareth", date(1983, 11, 30), "2012/0990003X")
    case_services.register(
        actor=Actor(police_om),
        nominal=mover,
        category=1,
        level=1,
        lead_agency=police_om.agency,
        record_manager=police_om,
        start_date=today - timedelta(days=700),
        reason="Registered sex offender, notification 10 years",
    )
    transfer_services.request_transfer(
        actor=Actor(police_om),
        nominal=mover,
        to_area=Area.objects.get(code="KEN"),
        new_address="14 Harbour Lane, Folkestone",
        reason="Moving to be near his mother",
        under_probation_supervision=False,
        requested_on=today - timedelta(days=2),
    )

    # A record at its retention review: born 101 years ago, left MAPPA long since.
    elder = _person(police_om, area, "Ashdown", "Walter", today.replace(year=today.year - 101, day=1), "1990/0990004K")
    old = case_services.register(
        actor=Actor(police_om),
        nominal=elder,
        category=1,
        level=1,
        lead_agency=police_om.agency,
        record_manager=police_om,
        start_date=date(2004, 5, 1),
        reason="Registered sex offender, indefinite notification",
    )
    case_services.archive(
        actor=Actor(police_om), registration=old, archived_on=date(2019, 1, 10), reason="Died abroad", exit_basis="died"
    )
    return 4 + added


def _released_rso(police_om: User, area: Area, prison: Agency, today: date) -> Nominal:
    """A category 1, level 2 person released from remand two days ago, as the demo's clocks
    tell it: the release date was confirmed 10 days late (met late, not green), no
    pre-release meeting was held before the release (ended, not overdue), and the release
    recorded here starts the 3 days to notify it (s84(1)(d)) though no notification is
    recorded yet. Stays at his sister's, recorded as a secondary address, add up to 7 days
    and start the 3 days of s84(1)(c) too."""
    actor = Actor(police_om)
    convicted = today - timedelta(days=900)
    person = _person(police_om, area, "Dunmore", "Craig Alan", date(1985, 9, 21), RELEASED_RSO_PNC)
    register_services.add_conviction(
        actor=actor,
        nominal=person,
        values={
            "offence": "Sexual assault (s3)",
            "offence_date": convicted - timedelta(days=90),
            "conviction_date": convicted,
            "court": "Demotown Crown Court",
            "disposal": Disposal.OTHER,
            "is_index_offence": True,
        },
    )
    case_services.register(
        actor=actor,
        nominal=person,
        category=1,
        level=2,
        lead_agency=police_om.agency,
        record_manager=police_om,
        start_date=convicted + timedelta(days=2),
        reason="Registered sex offender on a community order; level 2 while remanded on a further charge",
        basis="continuation",
    )
    for kind, on in (("initial", convicted + timedelta(days=1)), ("annual", convicted + timedelta(days=365))):
        notification_services.record_notification(
            actor=actor,
            nominal=person,
            values={
                "kind": kind,
                "notified_on": on,
                "police_station": "Demotown Central",
                "officer": "DC 1140 Reid",
                "details": "Name, date of birth, home address, NI number" if kind == "initial" else "No changes",
            },
        )
    remanded = today - timedelta(days=200)
    release_on = today - timedelta(days=2)
    spell = services.start_custody(
        actor=actor,
        nominal=person,
        prison=prison,
        reason="remand",
        entered_on=remanded,
        values={"release_on": release_on},
        notes="Remanded on a further charge; released when the charge was dropped",
    )
    required_by = release_date_confirmation_due(release_on).required_by
    spell = services.confirm_release_date(
        actor=actor, spell=spell, release_on=release_on, confirmed_on=required_by + timedelta(days=10)
    )
    services.release(actor=actor, spell=spell, released_on=release_on, kind="automatic")
    for stay_from, nights in ((today - timedelta(days=320), 4), (today - timedelta(days=250), 3)):
        register_services.add_address(
            actor=actor,
            nominal=person,
            values={
                "kind": "secondary",
                "line1": "22 Mill Road",
                "town": "Demotown",
                "postcode": "DT4 2MR",
                "from_date": stay_from,
                "to_date": stay_from + timedelta(days=nights - 1),
            },
        )
    return person
