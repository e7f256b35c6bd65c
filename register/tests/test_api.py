"""The people endpoints, exactly as API-CONTRACT.md fixes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from access.models import IdempotentRequest
from accounts.models import User
from audit.models import AuditEvent
from conftest import PersonMaker, Records, RegistrationMaker
from register.api import SEARCH_LIMIT
from register.models import Alias, Nominal
from rules.reviews import next_review_due_on

pytestmark = pytest.mark.django_db

NOMINALS = "/api/v1/nominals/"
Bearer = Callable[[User | None], APIClient]


def one(pk: int) -> str:
    return f"{NOMINALS}{pk}/"


def new_person(**overrides: Any) -> dict[str, Any]:
    return {
        "family_name": "Okonkwo",
        "given_names": "Chidi",
        "date_of_birth": "1985-07-14",
        "gender": "male",
        "pnc": "2010/0000042X",
        "aliases": [{"kind": "nickname", "name": "Chid"}],
    } | overrides


def fields_of(response: Any) -> list[str]:
    body = response.json()
    assert set(body) == {"errors"}, body
    for error in body["errors"]:
        assert set(error) == {"field", "message"} and error["message"], error
    return [error["field"] for error in body["errors"]]


# --- Search and list ---------------------------------------------------------------------------


def test_search_answers_count_and_results_scoped_to_the_caller(
    users: dict[str, User], bearer: Bearer, make_person: PersonMaker
) -> None:
    mine = make_person(users["police_om"], family_name="Hargreaves")
    make_person(users["prison_om"], family_name="Hargreaves")
    body = bearer(users["police_om"]).get(NOMINALS, {"q": "hargreaves"}).json()
    assert body["count"] == 1 and [p["id"] for p in body["results"]] == [mine.pk]
    assert bearer(users["coordinator"]).get(NOMINALS, {"q": "hargreaves"}).json()["count"] == 2
    assert bearer(users["other_area_police"]).get(NOMINALS, {"q": "hargreaves"}).json() == {"count": 0, "results": []}


def test_search_reads_as_many_rows_for_several_people_as_for_one(
    users: dict[str, User], bearer: Bearer, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    police = users["police_om"]
    agency = police.agency
    assert agency is not None

    def quennell() -> None:
        person = make_person(
            police, family_name="Quennell", closest_links_area=agency.area, aliases=[("nickname", "Q")]
        )
        make_registration(person, police)

    client = bearer(police)
    client.get(NOMINALS, {"q": "nobody"})  # the token's first use is recorded once, before measuring
    quennell()
    with CaptureQueriesContext(connection) as for_one:
        assert client.get(NOMINALS, {"q": "quennell"}).json()["count"] == 1
    quennell()
    quennell()
    with CaptureQueriesContext(connection) as for_three:
        body = client.get(NOMINALS, {"q": "quennell"}).json()
    assert body["count"] == 3
    assert {
        (p["closest_links_area"], p["aliases"][0]["name"], p["registration"]["lead_agency"]) for p in body["results"]
    } == {(agency.area.code, "Q", agency.code)}
    assert len(for_three.captured_queries) == len(for_one.captured_queries)


@pytest.mark.parametrize("matching", [SEARCH_LIMIT, SEARCH_LIMIT + 2])
def test_search_counts_every_match_but_answers_the_first_page(
    users: dict[str, User], bearer: Bearer, make_person: PersonMaker, matching: int
) -> None:
    people = [
        make_person(users["police_om"], family_name="Hargreaves", given_names=f"P{n:03}") for n in range(matching)
    ]
    make_person(users["prison_om"], family_name="Hargreaves", given_names="Hidden")
    body = bearer(users["police_om"]).get(NOMINALS, {"q": "hargreaves"}).json()
    assert body["count"] == matching
    assert [p["id"] for p in body["results"]] == [p.pk for p in people[:SEARCH_LIMIT]]
    event = AuditEvent.objects.filter(action="nominal.search").get()
    assert event.detail == {"query": "hargreaves", "count": matching, "shown": [p.pk for p in people[:SEARCH_LIMIT]]}


def test_search_by_identifier_and_the_search_is_audited(
    police_om: User, bearer: Bearer, make_person: PersonMaker
) -> None:
    person = make_person(police_om, pnc="2003/0000777P")
    body = bearer(police_om).get(NOMINALS, {"q": "20030000777p"}).json()
    assert [p["reference"] for p in body["results"]] == [person.reference]
    event = AuditEvent.objects.filter(action="nominal.search").get()
    assert event.actor == police_om and event.detail["shown"] == [person.pk]


def test_a_nominal_carries_what_the_contract_lists(
    police_om: User, bearer: Bearer, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    person = make_person(police_om)
    started = timezone.localdate() - timedelta(days=10)
    make_registration(person, police_om, category=2, level=2, start_date=started)
    body = bearer(police_om).get(one(person.pk)).json()
    for key in ("id", "family_name", "given_names", "date_of_birth", "gender", "registration", "next_review_due_on"):
        assert key in body
    assert body["date_of_birth"] == "1980-03-27"
    registration = body["registration"]
    assert (registration["category"], registration["level"]) == (2, 2)
    assert (registration["lead_agency"], registration["status"]) == ("DEMO-POL", "active")
    expected_review = next_review_due_on(level=2, last_review_on=started).isoformat()
    assert body["next_review_due_on"] == registration["next_review_due_on"] == expected_review


def test_an_unregistered_person_has_no_registration_or_review(
    police_om: User, bearer: Bearer, make_person: PersonMaker
) -> None:
    body = bearer(police_om).get(one(make_person(police_om).pk)).json()
    assert body["registration"] is None and body["next_review_due_on"] is None


# --- Authentication ---------------------------------------------------------------------------


def test_without_a_token_the_api_answers_401(police_om: User, make_person: PersonMaker) -> None:
    person = make_person(police_om)
    client = APIClient()
    for response in (client.get(NOMINALS, {"q": "x"}), client.get(one(person.pk)), client.post(NOMINALS, {})):
        assert response.status_code == 401
        assert fields_of(response) == ["non_field_errors"]
    assert Nominal.objects.count() == 1


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer", "Bearer a b", "Token abc"])
def test_a_bad_authorization_header_is_refused(police_om: User, header: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(NOMINALS, {"q": "x"}).status_code == 401


# --- Create, with an Idempotency-Key ----------------------------------------------------------


def test_create_answers_201_with_the_person_and_an_etag(police_om: User, bearer: Bearer) -> None:
    response = bearer(police_om).post(NOMINALS, new_person(), format="json")
    assert response.status_code == 201
    body = response.json()
    person = Nominal.objects.get(pk=body["id"])
    assert body["reference"] == person.reference and body["area"] == "DEMO"
    assert body["aliases"] == [{"kind": "nickname", "name": "Chid"}]
    assert response["ETag"] == '"1"'
    assert AuditEvent.objects.filter(action="nominal.create", nominal_id=person.pk).count() == 1


def test_a_retried_create_with_the_same_key_returns_the_same_person_once(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    first = client.post(NOMINALS, new_person(), format="json", HTTP_IDEMPOTENCY_KEY="create-okonkwo-1")
    retry = client.post(NOMINALS, new_person(), format="json", HTTP_IDEMPOTENCY_KEY="create-okonkwo-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Nominal.objects.count() == 1 and Alias.objects.count() == 1
    assert AuditEvent.objects.filter(action="nominal.create").count() == 1


def test_another_key_is_another_request(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    client.post(NOMINALS, new_person(pnc=""), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    client.post(NOMINALS, new_person(pnc="", family_name="Other"), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert Nominal.objects.count() == 2


def test_keys_belong_to_their_user(users: dict[str, User], bearer: Bearer) -> None:
    bearer(users["police_om"]).post(NOMINALS, new_person(pnc=""), format="json", HTTP_IDEMPOTENCY_KEY="same")
    other = bearer(users["probation_om"]).post(
        NOMINALS, new_person(pnc="", family_name="Other"), format="json", HTTP_IDEMPOTENCY_KEY="same"
    )
    assert other.status_code == 201 and Nominal.objects.count() == 2
    assert Nominal.objects.get(pk=other.json()["id"]).owning_agency.code == "DEMO-PRB"


def test_a_refused_create_is_not_remembered_under_its_key(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    bad = client.post(NOMINALS, new_person(family_name=""), format="json", HTTP_IDEMPOTENCY_KEY="fix-and-retry")
    assert bad.status_code == 400 and IdempotentRequest.objects.count() == 0
    good = client.post(NOMINALS, new_person(), format="json", HTTP_IDEMPOTENCY_KEY="fix-and-retry")
    assert good.status_code == 201


def test_a_key_reused_for_another_endpoint_is_refused(
    police_om: User, bearer: Bearer, make_person: PersonMaker
) -> None:
    client = bearer(police_om)
    client.post(NOMINALS, new_person(), format="json", HTTP_IDEMPOTENCY_KEY="reused")
    person = make_person(police_om)
    response = client.post(
        f"{one(person.pk)}registrations/",
        {
            "category": 1,
            "level": 1,
            "lead_agency": "DEMO-POL",
            "record_manager": police_om.username,
            "start_date": "2024-01-01",
            "reason": "x",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="reused",
    )
    assert response.status_code == 422 and fields_of(response) == ["Idempotency-Key"]
    assert not person.registrations.exists()


# --- Bad input: 400, the field named, nothing written -----------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_of_birth": (date.today() + timedelta(days=2)).isoformat()}, "date_of_birth"),
        ({"date_of_birth": "31/02/1980"}, "date_of_birth"),
        ({"gender": "dragon"}, "gender"),
        ({"family_name": ""}, "family_name"),
        ({"closest_links_area": "NOWHERE"}, "closest_links_area"),
        ({"no_fixed_abode": True}, "closest_links_area"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(
    police_om: User, bearer: Bearer, overrides: dict[str, Any], field: str
) -> None:
    events = AuditEvent.objects.count()
    response = bearer(police_om).post(NOMINALS, new_person(**overrides), format="json")
    assert response.status_code == 400
    assert field in fields_of(response)
    assert Nominal.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_duplicate_pnc_is_named(police_om: User, bearer: Bearer, make_person: PersonMaker) -> None:
    make_person(police_om, pnc="2010/0000042X")
    first = bearer(police_om).post(NOMINALS, new_person(pnc="20100000042x"), format="json")
    assert first.status_code == 409 and first.json()["possible_matches"][0]["matched_on"][0] == "PNC number"
    confirmed = new_person(pnc="20100000042x", confirm_not_duplicate=True)
    response = bearer(police_om).post(NOMINALS, confirmed, format="json")
    assert response.status_code == 400 and fields_of(response) == ["pnc"]
    assert Nominal.objects.count() == 1


def test_read_only_fields_cannot_be_set(police_om: User, bearer: Bearer) -> None:
    body = (
        bearer(police_om)
        .post(NOMINALS, new_person(id=999, reference="FAKE-1", area="KEN", version=7), format="json")
        .json()
    )
    assert body["id"] != 999 and body["reference"].startswith("DEMO-")
    assert (body["area"], body["version"]) == ("DEMO", 1)


# --- Read with ETag, change with If-Match -----------------------------------------------------


def test_get_gives_an_etag_and_is_audited(police_om: User, bearer: Bearer, make_person: PersonMaker) -> None:
    person = make_person(police_om)
    response = bearer(police_om).get(one(person.pk))
    assert response.status_code == 200 and response["ETag"] == '"1"'
    assert response.json()["version"] == 1
    event = AuditEvent.objects.filter(action="nominal.view").get()
    assert (event.actor, event.nominal_id, event.detail["section"]) == (police_om, person.pk, "api")


def test_patch_with_the_current_etag_changes_the_person(
    police_om: User, bearer: Bearer, make_person: PersonMaker
) -> None:
    person = make_person(police_om)
    client = bearer(police_om)
    etag = client.get(one(person.pk))["ETag"]
    response = client.patch(one(person.pk), {"given_names": "Christopher"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["given_names"] == "Christopher" and response["ETag"] == '"2"'
    assert Nominal.objects.get(pk=person.pk).given_names == "Christopher"


def test_patch_accepts_a_weak_etag(police_om: User, bearer: Bearer, make_person: PersonMaker) -> None:
    person = make_person(police_om)
    response = bearer(police_om).patch(
        one(person.pk), {"ethnicity": "Not stated"}, format="json", HTTP_IF_MATCH='W/"1"'
    )
    assert response.status_code == 200


def test_patch_with_a_stale_etag_is_412_and_changes_nothing(
    police_om: User, bearer: Bearer, make_person: PersonMaker
) -> None:
    person = make_person(police_om, given_names="Original")
    client = bearer(police_om)
    stale = client.get(one(person.pk))["ETag"]
    assert client.patch(one(person.pk), {"ethnicity": "x"}, format="json", HTTP_IF_MATCH=stale).status_code == 200
    response = client.patch(one(person.pk), {"given_names": "Lost"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412 and fields_of(response) == ["If-Match"]
    assert Nominal.objects.get(pk=person.pk).given_names == "Original"


@pytest.mark.parametrize("header", [None, "", "not-a-version"])
def test_patch_without_if_match_is_428(
    police_om: User, bearer: Bearer, make_person: PersonMaker, header: str | None
) -> None:
    person = make_person(police_om, given_names="Original")
    extra: dict[str, Any] = {} if header is None else {"HTTP_IF_MATCH": header}
    response = bearer(police_om).patch(one(person.pk), {"given_names": "Changed"}, format="json", **extra)
    assert response.status_code == 428 and fields_of(response) == ["If-Match"]
    assert Nominal.objects.get(pk=person.pk).given_names == "Original"


def test_patch_bad_input_is_named_and_nothing_is_written(
    police_om: User, bearer: Bearer, make_person: PersonMaker
) -> None:
    person = make_person(police_om)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = bearer(police_om).patch(one(person.pk), {"date_of_birth": future}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400 and fields_of(response) == ["date_of_birth"]
    assert Nominal.objects.get(pk=person.pk).version == 1


def test_patch_cannot_replace_aliases(police_om: User, bearer: Bearer, make_person: PersonMaker) -> None:
    person = make_person(police_om, aliases=[("alias", "Kept")])
    response = bearer(police_om).patch(one(person.pk), {"aliases": []}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400 and fields_of(response) == ["aliases"]
    assert list(person.aliases.values_list("name", flat=True)) == ["Kept"]


def test_an_archived_person_is_read_only(records: Records, bearer: Bearer, users: dict[str, User]) -> None:
    archived = records.people["archived"]
    response = bearer(users["police_om"]).patch(
        one(archived.pk), {"given_names": "X"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 409 and fields_of(response) == ["non_field_errors"]
    assert Nominal.objects.get(pk=archived.pk).given_names == archived.given_names


def test_someone_who_may_not_see_the_person_gets_the_same_404_as_for_nobody(
    records: Records, bearer: Bearer, users: dict[str, User]
) -> None:
    client = bearer(users["prison_om"])
    hidden = client.get(one(records.people["own"].pk))
    missing = client.get(one(987654321))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"errors": [{"field": "non_field_errors", "message": "Not found"}]}
    patched = client.patch(one(records.people["own"].pk), {"given_names": "X"}, format="json", HTTP_IF_MATCH='"1"')
    assert patched.status_code == 404
