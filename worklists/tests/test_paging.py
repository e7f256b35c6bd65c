"""A worklist page counts everything in scope and lists one page: the sources that count in
SQL (the stored clocks) answer exactly as listing every item would, and pages follow on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conftest import PersonMaker, RegistrationMaker, agency, committed
from kernel.actor import Actor
from kernel.worklist_sources import SORT_KEYS, SOURCES, SUMMARISERS, Wanted, WorklistScope, summarise_listed
from notifications.tests.helpers import convict
from register.models import Nominal
from visits import services as visit_services
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db

# Names whose order differs between a naive comparison and the one shown: a prefix of
# another name, an accent, a space, a lower-case particle.
NAMES = (("Smith", "Zoe"), ("Smithers", "Adam"), ("de la Cruz", "Ana"), ("Élan", "Marc"), ("Smith", "Amy"))


@pytest.fixture
def people(users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker) -> list[Nominal]:
    """People managed by police and probation, convicted on different days, so their
    notification and visit clocks fall due on different days, some overdue."""
    today = timezone.localdate()
    made = []
    with committed():
        for number, (family, given) in enumerate(NAMES):
            by = users["police_om"] if number % 2 == 0 else users["probation_om"]
            person = make_person(by, family_name=family, given_names=given)
            make_registration(
                person, by, category=1, start_date=today - timedelta(days=400), partners=[agency("DEMO-PRB")]
            )
            convict(person, by, today - timedelta(days=150 + 40 * number), disposal="community")
            if by == users["police_om"]:
                visit_services.set_schedule(
                    actor=Actor(by),
                    nominal=person,
                    values={"kind": "police"},  # no assessment: visits follow the rule's default (high)
                )
                # A planned visit too: the visits source adds these (listed) to its stored clocks.
                visit_services.record_visit(
                    actor=Actor(by),
                    nominal=person,
                    values={
                        "visit_on": today + timedelta(days=number),
                        "status": VisitStatus.PLANNED,
                        "purpose": "routine",
                        "visitors": "DC Hale",
                        "outcome": "",
                    },
                )
            made.append(person)
    return made


def _keys(items: list[Any], sort: str) -> list[Any]:
    return [SORT_KEYS[sort](item) for item in items]


@pytest.mark.parametrize("kind", ["notification", "home-visit", "registration-review"])
def test_counting_in_sql_answers_as_listing_every_item_would(
    kind: str, users: dict[str, User], people: list[Nominal]
) -> None:
    today = timezone.localdate()
    area_id = people[0].area_id
    scopes = [
        WorklistScope(today=today, due_by=today + timedelta(days=56), area_id=area_id),
        WorklistScope(today=today, due_by=today + timedelta(days=56), area_id=area_id, agency_id=agency("DEMO-POL").pk),
        WorklistScope(today=today, due_by=today + timedelta(days=7), user=users["police_om"]),
        WorklistScope(today=today, due_by=today + timedelta(days=56), user=users["probation_om"]),
        WorklistScope(today=today, due_by=today + timedelta(days=56), user=users["lay_adviser"]),
    ]
    assert kind in SUMMARISERS
    everything = list(SOURCES[kind](scopes[0]))
    assert len(everything) >= 5 and any(item.is_overdue(today) for item in everything)
    for scope in scopes:
        listed_items = list(SOURCES[kind](scope))
        for sort in SORT_KEYS:
            for status in ("", "overdue", "due_soon"):
                for limit in (0, 1, 3, 1000):
                    wanted = Wanted(status=status, sort=sort, limit=limit)
                    counted = SUMMARISERS[kind](scope, wanted)
                    listed = summarise_listed(listed_items, scope, wanted)
                    where = f"{scope} {wanted}"
                    assert (counted.total, counted.overdue) == (listed.total, listed.overdue), where
                    assert _keys(counted.first, sort) == _keys(listed.first, sort), where
                    assert {i.url for i in counted.first} <= {i.url for i in listed_items}, where


def _area(client: Any, **query: Any) -> Any:
    return client.get("/api/v1/worklist/area/", {"kind": "notification", **query})


def test_pages_follow_on_in_the_api_and_on_the_page(
    bearer: Any, signed_in: Any, users: dict[str, User], people: list[Nominal]
) -> None:
    api = bearer(users["coordinator"])
    whole = _area(api, page_size=500).json()
    assert whole["count"] == len(whole["results"]) >= 4 and whole["pages"] == 1
    first, second = _area(api, page_size=2).json(), _area(api, page_size=2, page=2).json()
    assert first["count"] == second["count"] == whole["count"]
    assert first["pages"] == -(-whole["count"] // 2) and (first["page"], second["page"]) == (1, 2)
    assert first["results"] + second["results"] == whole["results"][:4]
    beyond = _area(api, page_size=2, page=99).json()
    assert beyond["results"] == [] and beyond["count"] == whole["count"]
    for field, value in (("page", 0), ("page_size", 501), ("page_size", "many")):
        refused = _area(api, **{field: value})
        assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == field

    page = signed_in(users["coordinator"]).get(reverse("worklists:area"), {"kind": "notification", "page_size": 2})
    html = page.content.decode()
    assert f"Showing 1 to 2 of {whole['count']}" in html and 'rel="next"' in html and 'rel="prev"' not in html
    last = signed_in(users["coordinator"]).get(
        reverse("worklists:area"), {"kind": "notification", "page_size": 2, "page": first["pages"]}
    )
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()


def test_counts_cover_every_page_and_every_kind(bearer: Any, users: dict[str, User], people: list[Nominal]) -> None:
    data = bearer(users["coordinator"]).get("/api/v1/worklist/area/", {"page_size": 1, "within": 56}).json()
    by_kind = {count["kind"]: count for count in data["counts"]}
    assert by_kind["notification"]["total"] >= 4 and by_kind["home-visit"]["total"] >= 6
    assert data["count"] == sum(count["total"] for count in data["counts"]) and len(data["results"]) == 1
    overdue_only = bearer(users["coordinator"]).get("/api/v1/worklist/area/", {"status": "overdue", "within": 56})
    assert overdue_only.json()["count"] == sum(count["overdue"] for count in data["counts"]) > 0
    assert all(item["overdue"] for item in overdue_only.json()["results"])
