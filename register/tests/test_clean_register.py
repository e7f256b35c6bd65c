"""The register keeps itself clean: likely duplicates before a person is added, PNC and CRO
numbers in their real formats, and addresses corrected, ended and superseded by a move."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.tests.test_access_matrix import EDIT
from accounts.models import User
from audit.models import AuditEvent
from conftest import ACTORS, PersonMaker, Records, error_summary
from kernel.actor import Actor
from register import services
from register.models import Address, AddressKind, Nominal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def values(**overrides: Any) -> dict[str, Any]:
    return {
        "family_name": "Nowak",
        "given_names": "Zoë Anna",
        "date_of_birth": date(1984, 5, 6),
        "gender": "female",
    } | overrides


def duplicates_of(actor: User, **overrides: Any) -> services.PossibleDuplicatesFound:
    with pytest.raises(services.PossibleDuplicatesFound) as caught:
        services.create_nominal(actor=Actor(actor), values=values(**overrides))
    return caught.value


# --- Likely duplicates: the service ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("pnc", "2001/0012345H", "PNC number"),
        ("cro", "012345/99N", "CRO number"),
        ("prison_number", "A1234BC", "prison number"),
        ("crn", "X123456", "probation CRN"),
    ],
)
def test_the_same_identifier_is_a_likely_duplicate(
    police_om: User, make_person: PersonMaker, field: str, value: str, label: str
) -> None:
    existing = make_person(police_om, family_name="Elsewhere", **{field: value})
    found = duplicates_of(police_om, family_name="Different", **{field: value.lower()}).found
    assert [(m.nominal, m.matched_on) for m in found.shown] == [(existing, (label,))]
    assert found.hidden == 0 and Nominal.objects.count() == 1


def test_the_same_name_and_birth_with_accents_and_case_ignored_is_a_likely_duplicate(
    police_om: User, make_person: PersonMaker
) -> None:
    existing = make_person(police_om, family_name="NOWAK", given_names="zoe", date_of_birth=date(1984, 5, 6))
    make_person(police_om, family_name="Nowak", given_names="Zoe", date_of_birth=date(1984, 5, 7))
    refusal = duplicates_of(police_om)
    assert [m.nominal for m in refusal.found.shown] == [existing]
    assert refusal.message_dict == {services.CONFIRM_FIELD: [services.POSSIBLE_DUPLICATES]}
    event = AuditEvent.objects.get(action="nominal.possible_duplicates")
    assert event.detail == {"shown": [existing.pk], "hidden": 0}


def test_someone_else_is_added_once_the_user_confirms(police_om: User, make_person: PersonMaker) -> None:
    make_person(police_om, family_name="Nowak", given_names="Zoe", date_of_birth=date(1984, 5, 6))
    added = services.create_nominal(actor=Actor(police_om), values=values(), confirmed_not_duplicate=True)
    assert Nominal.objects.filter(pk=added.pk).exists() and Nominal.objects.count() == 2


def test_a_person_with_no_likeness_is_added_without_asking(police_om: User, make_person: PersonMaker) -> None:
    make_person(police_om, family_name="Nowak", given_names="Zoe", date_of_birth=date(1990, 1, 1))
    assert services.create_nominal(actor=Actor(police_om), values=values())


def test_a_match_the_user_may_not_see_is_counted_never_shown(users: dict[str, User], make_person: PersonMaker) -> None:
    make_person(users["other_area_police"], family_name="Nowak", given_names="Zoe", date_of_birth=date(1984, 5, 6))
    found = duplicates_of(users["police_om"]).found
    assert found.shown == [] and found.hidden == 1


def test_pnc_and_cro_numbers_are_checked_in_their_real_formats(police_om: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_nominal(actor=Actor(police_om), values=values(pnc="12/345X", cro="012345/99A"))
    assert set(caught.value.message_dict) == {"pnc", "cro"}
    assert not Nominal.objects.exists()
    added = services.create_nominal(actor=Actor(police_om), values=values(pnc="12/345G", cro="12345/99n"))
    assert (added.pnc, added.cro) == ("2012/0000345G", "012345/99N")


def test_an_older_identifier_does_not_block_an_edit_of_something_else(
    police_om: User, make_person: PersonMaker
) -> None:
    person = make_person(police_om)
    Nominal.objects.filter(pk=person.pk).update(pnc="2001/0000001A")  # held before the check letter was checked
    person.refresh_from_db()
    edited = services.update_nominal(
        actor=Actor(police_om),
        nominal=person,
        expected_version=person.version,
        changes={"pnc": person.pnc, "ethnicity": "Not stated"},
    )
    assert edited.pnc == "2001/0000001A"
    with pytest.raises(ValidationError):
        services.update_nominal(
            actor=Actor(police_om), nominal=edited, expected_version=edited.version, changes={"pnc": "2001/0000002A"}
        )


# --- Likely duplicates: the page and the API --------------------------------------------------


def person_form(**overrides: str) -> dict[str, str]:
    return {
        "family_name": "Nowak",
        "given_names": "Zoë",
        "gender": "female",
        "custody_status": "community",
        "date_of_birth-day": "6",
        "date_of_birth-month": "5",
        "date_of_birth-year": "1984",
    } | overrides


def test_the_page_shows_the_matches_with_links_and_asks_to_confirm(
    users: dict[str, User], signed_in: Callable[[User], Client], make_person: PersonMaker
) -> None:
    police_om = users["police_om"]
    seen = make_person(police_om, family_name="Nowak", given_names="Zoe", date_of_birth=date(1984, 5, 6))
    unseen = make_person(
        users["other_area_police"], family_name="nowak", given_names="ZOE", date_of_birth=date(1984, 5, 6)
    )
    client = signed_in(police_om)
    response = client.post(reverse("register:create"), person_form())
    assert response.status_code == 200
    assert error_summary(response.content) == {"id_confirm_not_duplicate": services.POSSIBLE_DUPLICATES}
    page = response.content.decode()
    assert reverse("register:summary", args=[seen.pk]) in page and seen.reference in page
    assert "A possible match exists on a record you do not have access to" in page
    assert unseen.reference not in page and reverse("register:summary", args=[unseen.pk]) not in page
    assert Nominal.objects.count() == 2
    confirmed = client.post(reverse("register:create"), person_form(confirm_not_duplicate="on"))
    assert confirmed.status_code == 302 and Nominal.objects.count() == 3


def test_the_page_names_a_wrong_pnc_check_letter_in_the_error_summary(
    police_om: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(police_om).post(reverse("register:create"), person_form(pnc="12/345X", family_name=""))
    summary = error_summary(response.content)
    assert set(summary) == {"id_pnc", "id_family_name"} and "check letter" in summary["id_pnc"]


def test_the_api_answers_409_listing_the_matches_until_confirmed(
    users: dict[str, User], bearer: Callable[[User], Any], make_person: PersonMaker
) -> None:
    seen = make_person(users["police_om"], family_name="Nowak", given_names="Zoe", date_of_birth=date(1984, 5, 6))
    make_person(users["other_area_police"], family_name="Nowak", given_names="Zoe", date_of_birth=date(1984, 5, 6))
    client = bearer(users["police_om"])
    body = {"family_name": "Nowak", "given_names": "Zoë", "date_of_birth": "1984-05-06", "gender": "female"}
    refused = client.post("/api/v1/nominals/", body, format="json", HTTP_IDEMPOTENCY_KEY="dup-1")
    assert refused.status_code == 409
    answer = refused.json()
    assert answer["errors"] == [{"field": "confirm_not_duplicate", "message": services.POSSIBLE_DUPLICATES}]
    assert [(m["id"], m["matched_on"]) for m in answer["possible_matches"]] == [(seen.pk, ["name and date of birth"])]
    assert answer["hidden_matches"] == 1 and Nominal.objects.count() == 2
    added = client.post(
        "/api/v1/nominals/", body | {"confirm_not_duplicate": True}, format="json", HTTP_IDEMPOTENCY_KEY="dup-1"
    )
    assert added.status_code == 201 and "confirm_not_duplicate" not in added.json()


def test_the_schema_documents_the_409_and_the_confirm_flag(client: Client) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    create = schema["paths"]["/api/v1/nominals/"]["post"]
    assert "409" in create["responses"] and "confirm_not_duplicate" in create["description"]
    for path in ("/api/v1/nominals/{id}/addresses/", "/api/v1/addresses/{id}/", "/api/v1/addresses/{id}/end/"):
        assert path in schema["paths"]


# --- Addresses ---------------------------------------------------------------------------------


def home(actor: User, nominal: Nominal, line1: str, moved_in: date, kind: str = AddressKind.MAIN) -> Address:
    return services.add_address(
        actor=Actor(actor),
        nominal=nominal,
        values={"kind": kind, "line1": line1, "town": "Demotown", "postcode": "", "from_date": moved_in},
    )


def test_a_new_home_address_ends_the_current_one_on_moving_day(police_om: User, make_person: PersonMaker) -> None:
    person = make_person(police_om)
    first = home(police_om, person, "1 Old Road", TODAY() - timedelta(days=400))
    custody = home(police_om, person, "HMP Demotown", TODAY() - timedelta(days=300), AddressKind.CUSTODY)
    second = home(police_om, person, "2 New Road", TODAY() - timedelta(days=10))
    first.refresh_from_db()
    custody.refresh_from_db()
    assert first.to_date == TODAY() - timedelta(days=10) and first.version == 2
    assert custody.is_current and second.is_current
    assert [a.pk for a in person.addresses.all() if a.is_current_home] == [second.pk]
    assert AuditEvent.objects.get(action="address.create", object_id=str(second.pk)).detail == {"ended": [first.pk]}


def test_a_new_home_cannot_start_before_the_current_one(police_om: User, make_person: PersonMaker) -> None:
    person = make_person(police_om)
    home(police_om, person, "1 Old Road", TODAY() - timedelta(days=10))
    with pytest.raises(ValidationError) as caught:
        home(police_om, person, "2 New Road", TODAY() - timedelta(days=20))
    assert list(caught.value.message_dict) == ["from_date"]


def test_an_address_is_corrected_and_ended_with_its_version(police_om: User, make_person: PersonMaker) -> None:
    person = make_person(police_om)
    address = home(police_om, person, "1 Old Raod", TODAY() - timedelta(days=50))
    corrected = services.correct_address(
        actor=Actor(police_om), address=address, values={"line1": "1 Old Road"}, expected_version=1
    )
    assert (corrected.line1, corrected.version) == ("1 Old Road", 2)
    with pytest.raises(ValidationError) as caught:
        services.end_address(
            actor=Actor(police_om), address=corrected, ended_on=TODAY() - timedelta(days=60), expected_version=2
        )
    assert list(caught.value.message_dict) == ["ended_on"]
    ended = services.end_address(actor=Actor(police_om), address=corrected, ended_on=TODAY(), expected_version=2)
    assert ended.to_date == TODAY() and not ended.is_current


def test_a_correction_cannot_make_a_second_current_home(police_om: User, make_person: PersonMaker) -> None:
    person = make_person(police_om)
    old = home(police_om, person, "1 Old Road", TODAY() - timedelta(days=400))
    home(police_om, person, "2 New Road", TODAY() - timedelta(days=10))
    old.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.correct_address(
            actor=Actor(police_om), address=old, values={"to_date": None}, expected_version=old.version
        )
    assert caught.value.message_dict == {"to_date": [services.ONE_CURRENT_HOME]}


def test_the_pages_correct_and_end_an_address(
    police_om: User, make_person: PersonMaker, signed_in: Callable[[User], Client]
) -> None:
    person = make_person(police_om)
    address = home(police_om, person, "1 Old Raod", TODAY() - timedelta(days=50))
    client = signed_in(police_om)
    listing = client.get(reverse("register:addresses", args=[person.pk])).content.decode()
    assert reverse("register:correct-address", args=[address.pk]) in listing
    assert reverse("register:end-address", args=[address.pk]) in listing
    moved = TODAY() - timedelta(days=50)
    form = {"kind": "main", "line1": "1 Old Road", "town": "Demotown", "postcode": "", "version": "1"} | {
        "from_date-day": str(moved.day),
        "from_date-month": str(moved.month),
        "from_date-year": str(moved.year),
    }
    assert client.post(reverse("register:correct-address", args=[address.pk]), form).status_code == 302
    stale = client.post(reverse("register:end-address", args=[address.pk]), {"version": "1", "ended_on-day": "1"})
    assert "id_ended_on-day" in error_summary(stale.content)
    end = {
        "version": "2",
        "ended_on-day": str(TODAY().day),
        "ended_on-month": str(TODAY().month),
        "ended_on-year": str(TODAY().year),
    }
    assert client.post(reverse("register:end-address", args=[address.pk]), end).status_code == 302
    address.refresh_from_db()
    assert (address.line1, address.to_date) == ("1 Old Road", TODAY())


def test_the_api_adds_corrects_and_ends_addresses(
    police_om: User, make_person: PersonMaker, bearer: Callable[[User], Any]
) -> None:
    person = make_person(police_om)
    client = bearer(police_om)
    url = f"/api/v1/nominals/{person.pk}/addresses/"
    first = client.post(
        url, {"kind": "main", "line1": "1 Old Road", "town": "Demotown", "from_date": "2020-01-01"}, format="json"
    )
    second = client.post(
        url, {"kind": "main", "line1": "2 New Road", "town": "Demotown", "from_date": "2024-01-01"}, format="json"
    )
    assert (first.status_code, second.status_code) == (201, 201)
    listed = client.get(url).json()
    assert [(a["line1"], a["to_date"]) for a in listed["results"]] == [
        ("2 New Road", None),
        ("1 Old Road", "2024-01-01"),
    ]
    one = f"/api/v1/addresses/{second.json()['id']}/"
    assert client.patch(one, {"postcode": "DT1 1AA"}, format="json").status_code == 428
    assert client.patch(one, {"postcode": "DT1 1AA"}, format="json", HTTP_IF_MATCH='"7"').status_code == 412
    corrected = client.patch(one, {"postcode": "DT1 1AA"}, format="json", HTTP_IF_MATCH='"1"')
    assert corrected.status_code == 200 and corrected["ETag"] == '"2"'
    ended = client.post(one + "end/", {"ended_on": str(TODAY())}, format="json", HTTP_IF_MATCH='"2"')
    assert ended.status_code == 200 and ended.json()["is_current"] is False
    refused = client.post(one + "end/", {"ended_on": str(TODAY())}, format="json", HTTP_IF_MATCH='"3"')
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "ended_on"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("kind", ["own", "partner", "other_agency", "other_area", "archived", "unregistered"])
def test_who_may_correct_and_end_an_address(
    actor: str,
    kind: str,
    users: dict[str, User],
    records: Records,
    signed_in: Callable[[User], Client],
    bearer: Callable[[User], Any],
) -> None:
    """Allowed: whoever may edit the person (the access matrix's EDIT); everyone else 404."""
    person = records.people[kind]
    address = Address.objects.create(
        nominal=person, kind="main", line1="1 Road", town="Demotown", from_date=date(2020, 1, 1)
    )
    allowed = (actor, kind) in EDIT
    page = signed_in(users[actor])
    for name in ("register:correct-address", "register:end-address"):
        assert page.get(reverse(name, args=[address.pk])).status_code == (200 if allowed else 404)
    api = bearer(users[actor])
    patched = api.patch(f"/api/v1/addresses/{address.pk}/", {"line2": "Flat 1"}, format="json", HTTP_IF_MATCH='"1"')
    assert patched.status_code == (200 if allowed else 404)
    ended = api.post(
        f"/api/v1/addresses/{address.pk}/end/", {"ended_on": str(TODAY())}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert ended.status_code == (200 if allowed else 404)
