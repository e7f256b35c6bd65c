"""The figures other apps record, counted into the annual report, against a small population
whose every number is counted by hand; and the 31 March snapshot read from custody spells.

The report year ends on 31 March 2025 (1 April 2024 to 31 March 2025). Everyone is in
DEMO unless marked as Kent; nobody outside the year, outside the area, without the right
registration, or a PDP, may be counted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Area, User
from cases.models import PotentiallyDangerousPerson
from conftest import PersonMaker, RegistrationMaker, agency
from custody.models import CustodyReason, CustodySpell
from kernel import figures
from kernel.actor import Actor
from notifications.models import NotificationBreach, NotificationRequirement, RequirementBasis
from orders.models import BreachOutcome, CivilOrder, OrderKind
from register.models import CustodyStatus, Nominal
from reports.annual import ReportScope, annual_report

pytestmark = pytest.mark.django_db

YEAR = 2025
START, END = date(2024, 4, 1), date(2025, 3, 31)
BEFORE, AFTER = date(2024, 3, 31), date(2025, 4, 1)


def _scope(code: str) -> ReportScope:
    if code == "ALL":
        return ReportScope("ALL", tuple(Area.objects.values_list("pk", flat=True)))
    return ReportScope(code, (Area.objects.get(code=code).pk,))


@pytest.fixture
def people(users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker) -> dict[str, Any]:
    police, kent = users["police_om"], users["other_area_police"]

    def person(name: str, category: int | None, level: int = 1, *, by: User = police, **values: Any) -> Nominal:
        nominal = make_person(by, family_name=name, **values)
        if category is not None:
            make_registration(nominal, by, category=category, level=level, start_date=date(2019, 1, 7))
        return nominal

    pdp = person("Pdp", None)
    PotentiallyDangerousPerson.objects.create(
        nominal=pdp,
        lead_agency=agency("DEMO-POL"),
        authorised_by="Det Supt Example",
        authorised_on=date(2023, 5, 1),
        reason="Concerning behaviour",
        recorded_by=police,
    )
    return {
        "rso": [person(f"Rso{n}", 1) for n in range(6)],
        "violent": person("Violent", 2),
        "pdp": pdp,
        "kent": person("Kentish", 1, by=kent),
        "police": police,
    }


def _notification_breach(people: dict[str, Any], nominal: Nominal, outcome: str, on: date | None, **more: Any) -> None:
    NotificationBreach.objects.create(
        nominal=nominal,
        breach_on=more.pop("breach_on", date(2024, 1, 2)),
        description="Did not notify a change of address",
        outcome=outcome,
        outcome_on=on,
        recorded_by=people["police"],
    )


def test_rsos_cautioned_or_convicted_for_breach_of_notification(people: dict[str, Any]) -> None:
    rso = people["rso"]
    _notification_breach(people, rso[0], BreachOutcome.CONVICTED, START)  # convicted on 1 April: counts
    _notification_breach(people, rso[0], BreachOutcome.CAUTION, date(2024, 9, 9))  # same person again: once
    _notification_breach(people, rso[1], BreachOutcome.CAUTION, END)  # cautioned on 31 March: counts
    _notification_breach(people, rso[2], BreachOutcome.CONVICTED, BEFORE)  # the year before
    _notification_breach(people, rso[3], BreachOutcome.CONVICTED, AFTER)  # the year after
    _notification_breach(people, rso[4], BreachOutcome.WARNING, date(2024, 6, 1))  # a warning is not counted
    _notification_breach(people, rso[4], BreachOutcome.CHARGED, date(2024, 6, 2))  # nor a charge alone
    # No outcome date recorded: the breach's own day places it (in the year).
    _notification_breach(people, rso[5], BreachOutcome.CONVICTED, None, breach_on=date(2024, 7, 1))
    _notification_breach(people, people["violent"], BreachOutcome.CONVICTED, date(2024, 5, 1))  # not an RSO
    _notification_breach(people, people["pdp"], BreachOutcome.CONVICTED, date(2024, 5, 1))  # a PDP
    _notification_breach(people, people["kent"], BreachOutcome.CONVICTED, date(2024, 5, 1))  # Kent
    assert annual_report(_scope("DEMO"), YEAR)["rso_notification_breaches"] == 3  # Rso0, Rso1, Rso5
    assert annual_report(_scope("ALL"), YEAR)["rso_notification_breaches"] == 4  # and Kentish
    assert annual_report(_scope("DEMO"), YEAR - 1)["rso_notification_breaches"] == 1  # Rso2, on 31 March 2024
    assert figures.recorded_by()["rso_notification_breaches"] is True


def _order(people: dict[str, Any], nominal: Nominal, kind: str, made_on: date, travel: bool = False) -> CivilOrder:
    return CivilOrder.objects.create(
        nominal=nominal,
        kind=kind,
        made_on=made_on,
        court="Demotown Crown Court",
        foreign_travel_restriction=travel,
        recorded_by=people["police"],
    )


def test_restrictive_orders_made_in_the_year_on_category_1(people: dict[str, Any]) -> None:
    rso = people["rso"]
    _order(people, rso[0], OrderKind.SHPO, START)  # made on 1 April
    _order(people, rso[1], OrderKind.SHPO, END, travel=True)  # made on 31 March, with a travel restriction
    _order(people, rso[2], OrderKind.SHPO, date(2024, 8, 1), travel=True)
    _order(people, rso[3], OrderKind.NOTIFICATION_ORDER, date(2024, 11, 5))
    _order(people, rso[4], OrderKind.SHPO, BEFORE)  # the year before
    _order(people, rso[4], OrderKind.NOTIFICATION_ORDER, AFTER)  # the year after
    _order(people, rso[5], OrderKind.SRO, date(2024, 6, 1))  # not a restrictive order of the table
    _order(people, rso[5], OrderKind.SOPO, date(2024, 6, 1))  # historic: not made as an SHPO
    _order(people, people["violent"], OrderKind.SHPO, date(2024, 6, 1))  # category 2
    _order(people, people["pdp"], OrderKind.SHPO, date(2024, 6, 1), travel=True)  # a PDP
    _order(people, people["kent"], OrderKind.NOTIFICATION_ORDER, date(2024, 6, 1))  # Kent
    report = annual_report(_scope("DEMO"), YEAR)
    assert report["restrictive_orders"] == {"shpo": 3, "shpo_foreign_travel": 2, "notification_order": 1}
    everywhere = annual_report(_scope("ALL"), YEAR)
    assert everywhere["restrictive_orders"] == {"shpo": 3, "shpo_foreign_travel": 2, "notification_order": 2}
    assert annual_report(_scope("DEMO"), YEAR - 1)["restrictive_orders"]["shpo"] == 1  # Rso4's


def _requirement(people: dict[str, Any], nominal: Nominal, basis: str, on: date) -> None:
    NotificationRequirement.objects.create(nominal=nominal, basis=basis, relevant_date=on, recorded_by=people["police"])


def test_people_who_became_notifiable_after_breaching_an_sro(people: dict[str, Any]) -> None:
    rso = people["rso"]
    _requirement(people, rso[0], RequirementBasis.SRO_BREACH, START)  # 1 April
    _requirement(people, rso[1], RequirementBasis.SRO_BREACH, END)  # 31 March
    _requirement(people, rso[1], RequirementBasis.SRO_BREACH, date(2024, 12, 1))  # same person: once
    _requirement(people, rso[2], RequirementBasis.SRO_BREACH, BEFORE)
    _requirement(people, rso[3], RequirementBasis.SRO_BREACH, AFTER)
    _requirement(people, rso[4], RequirementBasis.CONVICTION, date(2024, 6, 1))  # another basis
    _requirement(people, people["pdp"], RequirementBasis.SRO_BREACH, date(2024, 6, 1))  # still only a PDP
    _requirement(people, people["kent"], RequirementBasis.SRO_BREACH, date(2024, 6, 1))
    assert annual_report(_scope("DEMO"), YEAR)["sro_breach_became_notifiable"] == 2
    assert annual_report(_scope("ALL"), YEAR)["sro_breach_became_notifiable"] == 3


def test_an_sro_breach_conviction_recorded_through_orders_is_counted(people: dict[str, Any]) -> None:
    from orders import services as order_services

    police, rso = people["police"], people["rso"][0]
    order = order_services.create_order(
        actor=Actor(police),
        nominal=rso,
        values={"kind": OrderKind.SRO, "made_on": date(2023, 6, 1), "ends_on": date(2026, 6, 1), "court": "Demotown"},
    )
    order_services.record_breach(
        actor=Actor(police),
        order=order,
        values={
            "breach_on": date(2024, 5, 1),
            "description": "Contact with a child",
            "outcome": BreachOutcome.CONVICTED,
            "outcome_on": date(2024, 6, 3),
        },
    )
    assert annual_report(_scope("DEMO"), YEAR)["sro_breach_became_notifiable"] == 1


def _spell(
    people: dict[str, Any],
    nominal: Nominal,
    reason: str,
    entered_on: date,
    category: int | None,
    level: int | None,
    released_on: date | None = None,
) -> None:
    CustodySpell.objects.create(
        nominal=nominal,
        prison=agency("DEMO-PRI"),
        reason=reason,
        entered_on=entered_on,
        category_at_start=category,
        level_at_start=level,
        released_on=released_on,
        recorded_by=people["police"],
    )


def test_level_2_and_3_returns_to_custody_by_category_and_level(
    people: dict[str, Any], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    police = people["police"]
    extra = []
    for n, category in enumerate((2, 3, 4, 1, 1, 1)):
        nominal = make_person(police, family_name=f"Returned{n}")
        make_registration(nominal, police, category=category, level=2)
        extra.append(nominal)
    rso, recall, order, sfo = (
        people["rso"],
        CustodyReason.RECALL_BREACH_OF_LICENCE,
        CustodyReason.BREACH_OF_ORDER,
        (CustodyReason.CHARGED_WITH_SFO),
    )
    _spell(people, rso[0], recall, START, 1, 2, released_on=date(2024, 6, 1))  # recalled on 1 April
    _spell(people, rso[0], recall, date(2024, 9, 1), 1, 2, released_on=date(2024, 12, 1))  # again: once
    _spell(people, rso[1], recall, END, 1, 3)  # recalled on 31 March, at level 3
    _spell(people, rso[2], recall, BEFORE, 1, 2, released_on=date(2024, 5, 1))  # the year before
    _spell(people, rso[3], recall, AFTER, 1, 2)  # the year after
    _spell(people, rso[4], recall, date(2024, 7, 1), 1, 1, released_on=date(2024, 8, 1))  # level 1: not counted
    _spell(people, rso[5], CustodyReason.SENTENCE, date(2024, 7, 1), 1, 2)  # a new sentence: not a return
    _spell(people, extra[0], recall, date(2024, 10, 1), 2, 3)
    _spell(people, extra[1], sfo, date(2024, 10, 1), 3, 2)
    _spell(people, extra[2], sfo, date(2024, 10, 1), 4, 3)
    _spell(people, extra[3], order, date(2024, 10, 1), 1, 3)  # breach of an SHPO
    _spell(people, extra[4], order, date(2024, 10, 1), None, None)  # no category or level kept: not placed
    _spell(people, extra[5], sfo, date(2024, 4, 1), 1, 2)
    _spell(people, people["pdp"], recall, date(2024, 10, 1), 1, 2)  # a PDP (wrongly marked): never counted
    _spell(people, people["kent"], recall, date(2024, 10, 1), 1, 2)  # Kent
    returned = annual_report(_scope("DEMO"), YEAR)["returned_to_custody"]
    assert returned == {
        "breach_of_licence": {
            "1": {"2": 1, "3": 1},  # Rso0 (once), Rso1
            "2": {"2": 0, "3": 1},  # Returned0
            "3": {"2": 0, "3": 0},
            "4": {"2": 0, "3": 0},
        },
        "breach_of_shpo": {"1": {"2": 0, "3": 1}},  # Returned3
        "charged_with_sfo": {
            "1": {"2": 1, "3": 0},  # Returned5, remanded on 1 April
            "2": {"2": 0, "3": 0},
            "3": {"2": 1, "3": 0},  # Returned1
            "4": {"2": 0, "3": 1},  # Returned2
        },
    }
    everywhere = annual_report(_scope("ALL"), YEAR)["returned_to_custody"]
    assert everywhere["breach_of_licence"]["1"] == {"2": 2, "3": 1}  # and Kentish


def test_custody_spells_decide_the_snapshot_where_they_exist(people: dict[str, Any]) -> None:
    """The six RSOs are in the community at level 1 unless a spell says otherwise."""
    rso = people["rso"]
    base = annual_report(_scope("DEMO"), YEAR)["snapshot"]["1"]["1"]
    assert base == 6
    _spell(people, rso[0], CustodyReason.SENTENCE, date(2023, 1, 1), 1, 1, released_on=END)  # released 31 March
    _spell(people, rso[1], CustodyReason.SENTENCE, END, 1, 1)  # went in on 31 March
    _spell(people, rso[2], CustodyReason.REMAND, date(2024, 12, 1), 1, 1, released_on=AFTER)  # out the next day
    _spell(people, rso[3], CustodyReason.SENTENCE, AFTER, 1, 1)  # went in the day after
    # Recorded as in custody now, but the spell says released before 31 March: spells win.
    Nominal.objects.filter(pk=rso[4].pk).update(custody_status=CustodyStatus.CUSTODY)
    _spell(people, rso[4], CustodyReason.SENTENCE, date(2022, 1, 1), 1, 1, released_on=date(2023, 1, 1))
    # Recorded as in custody with no spell and no dated address: in custody, as before.
    Nominal.objects.filter(pk=rso[5].pk).update(custody_status=CustodyStatus.CUSTODY)
    # Community: Rso0 (released on 31 March), Rso3 (went in later), Rso4 (spell ended long ago).
    assert annual_report(_scope("DEMO"), YEAR)["snapshot"]["1"]["1"] == 3


def test_serious_further_offences_charged_without_a_remand_reach_table_7_once_each(
    people: dict[str, Any],
    make_person: PersonMaker,
    make_registration: RegistrationMaker,
    users: dict[str, User],
    bearer: Any,
    signed_in: Any,
) -> None:
    """Two level 2 people charged with an SFO and not remanded: the register holds them, so
    the report counts them; one remanded for it (a custody spell too) is counted once."""
    from custody import sfo_services

    police = people["police"]
    charged = []
    for n, (category, level) in enumerate(((1, 2), (2, 2), (3, 3), (1, 1))):
        nominal = make_person(police, family_name=f"Charged{n}")
        make_registration(nominal, police, category=category, level=level, start_date=date(2019, 1, 7))
        charged.append(nominal)
    for nominal in charged:
        sfo_services.record_sfo(actor=Actor(police), nominal=nominal, offence="Robbery", charged_on=date(2024, 10, 1))
    # Charged the year before and the year after: not this year's.
    sfo_services.record_sfo(actor=Actor(police), nominal=charged[0], offence="Assault", charged_on=BEFORE)
    # Remanded for the charge: a custody spell as well as the charge, counted once.
    sfo_services.record_sfo(
        actor=Actor(police),
        nominal=charged[2],
        offence="Wounding",
        charged_on=date(2024, 11, 1),
        remanded_to=agency("DEMO-PRI"),
    )
    line = annual_report(_scope("DEMO"), YEAR)["returned_to_custody"]["charged_with_sfo"]
    assert line == {
        "1": {"2": 1, "3": 0},  # Charged0; Charged3 was at level 1
        "2": {"2": 1, "3": 0},  # Charged1
        "3": {"2": 0, "3": 1},  # Charged2, charged and remanded: once
        "4": {"2": 0, "3": 0},
    }
    assert annual_report(_scope("KEN"), YEAR)["returned_to_custody"]["charged_with_sfo"]["1"] == {"2": 0, "3": 0}
    # The API, which lay advisers call, and the page say the same.
    api = bearer(users["lay_adviser"]).get("/api/v1/reports/annual/", {"area": "DEMO", "year_ending": YEAR})
    assert api.json()["returned_to_custody"]["charged_with_sfo"] == line
    page = signed_in(users["lay_adviser"]).get(reverse("reports:annual"), {"area": "DEMO", "year_ending": YEAR})
    assert page.status_code == 200 and "serious further offence" in page.content.decode()
