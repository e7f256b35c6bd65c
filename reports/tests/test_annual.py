"""The annual report against a small population whose every figure is counted by hand.

The report year ends on 31 March 2025 (1 April 2024 to 31 March 2025). Each person below
tests one rule: the boundary days, custody and hospital on 31 March, archiving, the
highest level in the year, PDPs and another area.
"""

from __future__ import annotations

import inspect
from datetime import date
from typing import Any

import pytest

from accounts.models import Area, User
from cases import services as case_services
from cases.models import PotentiallyDangerousPerson, Registration
from conftest import PersonMaker, RegistrationMaker, agency
from kernel import figures
from kernel.actor import Actor
from register import services as register_services
from register.models import AddressKind, CustodyStatus, Nominal
from reports.annual import ReportScope, annual_report
from reports.models import OnsPopulation
from rules.reviews import next_review_due_on

pytestmark = pytest.mark.django_db

YEAR = 2025
START, END = date(2024, 4, 1), date(2025, 3, 31)


def empty_custody_grid() -> dict[str, Any]:
    def grid(categories: str) -> dict[str, dict[str, int]]:
        return {category: {"2": 0, "3": 0} for category in categories}

    return {"breach_of_licence": grid("1234"), "breach_of_shpo": grid("1"), "charged_with_sfo": grid("1234")}


def _custody(by: User, person: Nominal, from_date: date, to_date: date | None) -> None:
    register_services.add_address(
        actor=Actor(by),
        nominal=person,
        values={
            "kind": AddressKind.CUSTODY,
            "line1": "HM Prison",
            "town": "Demotown",
            "from_date": from_date,
            "to_date": to_date,
        },
    )


def _level(by: User, registration: Registration, level: int, on: date) -> Registration:
    leaving: dict[str, Any] = {}
    if level == 1 and "plan_agreed_on" in inspect.signature(case_services.change_level).parameters:
        # Leaving level 2 or 3 needs the agreed plan and the level 1 review date (seed 003).
        leaving = {"plan_agreed_on": on, "level_1_review_on": next_review_due_on(level=1, last_review_on=on)}
    return case_services.change_level(
        actor=Actor(by),
        registration=registration,
        to_level=level,
        decided_on=on,
        reason="Review",
        basis="continuation" if level > 1 else "review",
        **leaving,
    )


def _archive(by: User, registration: Registration, on: date, reason: str) -> None:
    plan: dict[str, Any] = {}
    if registration.level > 1 and "plan_agreed_on" in inspect.signature(case_services.archive).parameters:
        plan = {"plan_agreed_on": on}  # archiving at level 2 or 3 needs an agreed plan (seed 003)
    # Category 3 leaves on a meeting's decision; the others here leave on death, since
    # their exit points (notification, licence expiry) are not recorded.
    leaving: dict[str, Any] = {"meeting_decided_on": on} if registration.category == 3 else {"exit_basis": "died"}
    case_services.archive(actor=Actor(by), registration=registration, archived_on=on, reason=reason, **plan, **leaving)


@pytest.fixture
def population(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> dict[str, Any]:
    police, probation, kent = users["police_om"], users["probation_om"], users["other_area_police"]
    long_ago = date(2020, 1, 6)

    def registered(
        name: str, category: int, level: int, *, by: User = police, start: date = long_ago, **values: Any
    ) -> Registration:
        person = make_person(by, family_name=name, **values)
        return make_registration(person, by, category=category, level=level, start_date=start)

    people: dict[str, Any] = {}
    people["A"] = registered("Alpha", 1, 1)  # community, level 1 all year
    people["B"] = _level(police, registered("Bravo", 1, 1), 2, END)  # raised to level 2 on 31 March
    people["C"] = _level(probation, registered("Charlie", 2, 2, by=probation), 1, START)  # level 1 from 1 April
    people["D"] = _level(probation, registered("Delta", 2, 2, by=probation), 1, date(2024, 4, 2))  # level 2 on 1 April
    echo = registered("Echo", 1, 1, custody_status=CustodyStatus.CUSTODY)
    _custody(police, echo.nominal, date(2024, 10, 1), None)  # in custody on 31 March
    foxtrot = registered("Foxtrot", 1, 1)
    _custody(police, foxtrot.nominal, date(2023, 1, 1), END)  # released on 31 March: in the community
    golf = registered("Golf", 1, 1)
    _custody(police, golf.nominal, END, date(2025, 6, 1))  # went into custody on 31 March
    registered("Hotel", 2, 3, by=probation, custody_status=CustodyStatus.HOSPITAL)  # detained in hospital
    india = make_person(police, family_name="India")  # a PDP: never counted
    PotentiallyDangerousPerson.objects.create(
        nominal=india,
        lead_agency=agency("DEMO-POL"),
        authorised_by="Det Supt Example",
        authorised_on=date(2023, 5, 1),
        reason="Concerning behaviour",
        recorded_by=police,
    )
    registered("Juliet", 1, 1, start=date(2025, 4, 1))  # registered the day after the snapshot
    kilo = registered("Kilo", 1, 1)
    _archive(police, kilo, END, "Left on 31 March")
    lima = registered("Lima", 3, 2, by=probation)
    _archive(probation, lima, START, "Left on 1 April")
    mike = registered("Mike", 3, 2, by=probation)
    _archive(probation, mike, date(2024, 4, 2), "Left on 2 April")
    november = registered("November", 4, 1, by=probation)
    for level, on in ((2, date(2024, 6, 1)), (3, date(2024, 9, 1)), (1, date(2024, 12, 1))):
        november = _level(probation, november, level, on)
    registered("Oscar", 1, 1, by=kent)  # Kent: only in the all-areas report
    registered("Papa", 1, 1, start=END)  # registered on 31 March itself
    registered("Quebec", 1, 1, custody_status=CustodyStatus.CUSTODY)  # in custody, no dated address
    return people


def _scope(code: str) -> ReportScope:
    if code == "ALL":
        return ReportScope("ALL", tuple(Area.objects.values_list("pk", flat=True)))
    return ReportScope(code, (Area.objects.get(code=code).pk,))


def test_snapshot_counts_the_community_on_31_march_by_category_and_level(population: dict[str, Any]) -> None:
    report = annual_report(_scope("DEMO"), YEAR)
    assert report["year_start"] == "2024-04-01" and report["year_end"] == "2025-03-31"
    # Alpha, Foxtrot (released on 31 March) and Papa (registered on 31 March) at level 1;
    # Bravo raised to level 2 on 31 March. Not Echo or Golf (custody on 31 March), Quebec
    # (custody, undated), Juliet (registered 1 April 2025) or Kilo (archived on 31 March).
    assert report["snapshot"] == {
        "1": {"1": 3, "2": 1, "3": 0},
        "2": {"1": 2, "2": 0, "3": 0},  # Charlie and Delta at level 1; Hotel is in hospital
        "3": {"1": 0, "2": 0, "3": 0},  # Lima and Mike archived before 31 March
        "4": {"1": 1, "2": 0, "3": 0},  # November, back at level 1 on 1 December
    }


def test_year_counts_everyone_at_level_2_or_3_once_at_their_highest(population: dict[str, Any]) -> None:
    report = annual_report(_scope("DEMO"), YEAR)
    assert report["levels_2_3_in_year"] == {
        "1": {"2": 1, "3": 0},  # Bravo, raised on the last day of the year
        "2": {"2": 1, "3": 1},  # Delta (level 2 until 2 April), Hotel (level 3 in hospital); not Charlie
        "3": {"2": 1, "3": 0},  # Mike (archived 2 April); not Lima (archived 1 April)
        "4": {"2": 0, "3": 1},  # November: level 2, then 3, then 1: counted once, at 3
    }


def test_the_all_areas_report_adds_other_areas(population: dict[str, Any]) -> None:
    report = annual_report(_scope("ALL"), YEAR)
    assert report["area"] == "ALL"
    assert report["snapshot"]["1"] == {"1": 4, "2": 1, "3": 0}  # and Oscar in Kent


def test_rsos_per_100k_needs_every_area_population(population: dict[str, Any], users: dict[str, User]) -> None:
    assert annual_report(_scope("DEMO"), YEAR)["rsos_per_100k"] is None
    OnsPopulation.objects.create(
        area=Area.objects.get(code="DEMO"),
        year_ending=YEAR,
        population_aged_10_and_over=250_000,
        entered_by=users["admin"],
    )
    # 4 RSOs in the community on 31 March (Alpha, Bravo, Foxtrot, Papa) per 250,000 people.
    assert annual_report(_scope("DEMO"), YEAR)["rsos_per_100k"] == 1.6
    assert annual_report(_scope("DEMO"), YEAR + 1)["rsos_per_100k"] is None  # no figure for that year
    assert annual_report(_scope("ALL"), YEAR)["rsos_per_100k"] is None  # Kent and the rest have none


def test_the_report_has_exactly_the_contract_shape(population: dict[str, Any]) -> None:
    report = annual_report(_scope("DEMO"), YEAR)
    assert list(report) == [
        "area",
        "year_start",
        "year_end",
        "snapshot",
        "levels_2_3_in_year",
        "rso_notification_breaches",
        "rso_lifetime_notification_revoked",
        "restrictive_orders",
        "sro_breach_became_notifiable",
        "returned_to_custody",
        "rsos_per_100k",
    ]
    assert report["restrictive_orders"] == {"shpo": 0, "shpo_foreign_travel": 0, "notification_order": 0}
    assert report["returned_to_custody"] == empty_custody_grid()


def test_figures_other_apps_record_are_added_in(population: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """An app that records civil orders registers a counter; the report adds its answers."""
    monkeypatch.setattr(figures, "COUNTERS", {name: [] for name in figures.SHAPES})
    seen: list[tuple[list[int], date, date]] = []

    @figures.register_figure("restrictive_orders")
    def orders(*, area_ids: list[int], year_start: date, year_end: date) -> dict[str, int]:
        seen.append((area_ids, year_start, year_end))
        return {"shpo": 3, "shpo_foreign_travel": 1, "notification_order": 0}

    @figures.register_figure("returned_to_custody")
    def recalls(*, area_ids: list[int], year_start: date, year_end: date) -> dict[str, Any]:
        return {"breach_of_licence": {"2": {"2": 2, "3": 1}}}

    report = annual_report(_scope("DEMO"), YEAR)
    assert seen == [([Area.objects.get(code="DEMO").pk], START, END)]
    assert report["restrictive_orders"] == {"shpo": 3, "shpo_foreign_travel": 1, "notification_order": 0}
    expected = empty_custody_grid()
    expected["breach_of_licence"]["2"] = {"2": 2, "3": 1}
    assert report["returned_to_custody"] == expected
    assert figures.recorded_by()["restrictive_orders"] is True
    assert figures.recorded_by()["rso_notification_breaches"] is False


def test_a_counter_answering_the_wrong_shape_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "COUNTERS", {name: [] for name in figures.SHAPES})
    figures.register_figure("rso_notification_breaches")(lambda **_: -1)
    with pytest.raises(TypeError):
        figures.counted(area_ids=[1], year_start=START, year_end=END)
    with pytest.raises(ValueError):
        figures.register_figure("no_such_figure")
