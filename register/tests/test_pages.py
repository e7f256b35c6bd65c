"""The person register's pages: home, search, the person's tabs, create and edit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from conftest import PersonMaker, Records, RegistrationMaker, error_summary, read_page
from kernel.actor import Actor
from register import services
from register.models import Nominal
from register.views import SEARCH_PAGE_SIZE

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User | None], Client]
MARKING = b'class="app-protective-marking"'
TODAY = timezone.localdate


def date_fields(name: str, day: date | None = None, *, raw: tuple[str, str, str] | None = None) -> dict[str, str]:
    d, m, y = raw if raw else (str(day.day), str(day.month), str(day.year)) if day else ("", "", "")
    return {f"{name}-day": d, f"{name}-month": m, f"{name}-year": y}


def person_form(**overrides: Any) -> dict[str, str]:
    values = {
        "family_name": "Pemberton",
        "given_names": "Lucy",
        "gender": "female",
        "custody_status": "community",
        "pnc": "",
    } | date_fields("date_of_birth", date(1988, 2, 29))
    return values | overrides


@pytest.fixture
def person(police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker) -> Nominal:
    nominal = make_person(
        police_om,
        family_name="Fairweather",
        given_names="Oscar",
        pnc="2004/0000123U",
        crn="X555555",
        aliases=[("nickname", "Ozzy")],
    )
    services.add_address(
        actor=Actor(police_om),
        nominal=nominal,
        values={
            "kind": "main",
            "line1": "14 Lantern Lane",
            "town": "Demotown",
            "postcode": "DT2 3BB",
            "from_date": date(2021, 5, 1),
        },
    )
    services.add_conviction(
        actor=Actor(police_om),
        nominal=nominal,
        values={
            "offence": "Sexual assault",
            "conviction_date": date(2019, 9, 9),
            "disposal": "custody",
            "sentence_months": 36,
            "is_index_offence": True,
            "court": "Demotown Crown Court",
        },
    )
    make_registration(nominal, police_om, reason="Notification requirements apply")
    return nominal


# --- Home and search -------------------------------------------------------------------------


def test_home_lists_my_cases_soonest_review_first(
    police_om: User, signed_in: SignedIn, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    later = make_person(police_om, family_name="Laterreview")
    sooner = make_person(police_om, family_name="Soonerreview")
    make_registration(later, police_om, start_date=TODAY() - timedelta(days=1))
    make_registration(sooner, police_om, start_date=TODAY() - timedelta(days=200))  # overdue
    content = signed_in(police_om).get(reverse("home")).content.decode()
    assert "My cases" in content
    assert content.index("SOONERREVIEW") < content.index("LATERREVIEW")
    assert "Overdue" in content
    assert reverse("register:summary", args=[sooner.pk]) in content


def test_home_for_a_role_that_sees_no_person(users: dict[str, User], signed_in: SignedIn) -> None:
    content = signed_in(users["lay_adviser"]).get(reverse("home")).content.decode()
    assert "does not give access to individual people" in content
    assert "Find a person" not in content


def test_search_page_lists_matches_and_links_to_them(
    police_om: User, signed_in: SignedIn, person: Nominal, make_person: PersonMaker, users: dict[str, User]
) -> None:
    make_person(users["prison_om"], family_name="Fairweather", given_names="Hidden")
    response = signed_in(police_om).get(reverse("register:search"), {"q": "ozzy"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "1 person found" in content
    assert reverse("register:summary", args=[person.pk]) in content and person.reference in content
    assert "Hidden" not in content
    event = AuditEvent.objects.filter(action="nominal.search").get()
    assert event.detail == {"query": "ozzy", "count": 1, "shown": [person.pk]}


def test_search_page_with_more_matches_than_it_shows(
    police_om: User, signed_in: SignedIn, make_person: PersonMaker, users: dict[str, User]
) -> None:
    people = [
        make_person(police_om, family_name="Fairweather", given_names=f"P{n:03}") for n in range(SEARCH_PAGE_SIZE + 1)
    ]
    make_person(users["prison_om"], family_name="Fairweather", given_names="Hidden")
    content = signed_in(police_om).get(reverse("register:search"), {"q": "fairweather"}).content.decode()
    assert f"{SEARCH_PAGE_SIZE + 1} people found" in content and f"Showing the first {SEARCH_PAGE_SIZE}" in content
    assert reverse("register:summary", args=[people[SEARCH_PAGE_SIZE - 1].pk]) in content
    assert reverse("register:summary", args=[people[SEARCH_PAGE_SIZE].pk]) not in content
    event = AuditEvent.objects.filter(action="nominal.search").get()
    assert event.detail["count"] == SEARCH_PAGE_SIZE + 1 and len(event.detail["shown"]) == SEARCH_PAGE_SIZE


def test_search_page_reads_as_many_rows_for_several_people_as_for_one(
    police_om: User, signed_in: SignedIn, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    def quennell() -> None:
        person = make_person(police_om, family_name="Quennell", aliases=[("nickname", "Q")])
        make_registration(person, police_om, category=2, level=3)

    client = signed_in(police_om)
    quennell()
    with CaptureQueriesContext(connection) as for_one:
        assert "1 person found" in client.get(reverse("register:search"), {"q": "quennell"}).content.decode()
    quennell()
    quennell()
    with CaptureQueriesContext(connection) as for_three:
        content = client.get(reverse("register:search"), {"q": "quennell"}).content.decode()
    assert "3 people found" in content and content.count("Category 2, level 3") == 3
    assert len(for_three.captured_queries) == len(for_one.captured_queries)


def test_search_page_without_a_match(police_om: User, signed_in: SignedIn, person: Nominal) -> None:
    content = signed_in(police_om).get(reverse("register:search"), {"q": "nobody"}).content.decode()
    assert "0 people found" in content and "No one you have access to matches" in content


def test_search_page_without_a_query_shows_the_form_only(police_om: User, signed_in: SignedIn) -> None:
    response = signed_in(police_om).get(reverse("register:search"))
    assert response.status_code == 200 and b"found" not in response.content
    assert not AuditEvent.objects.filter(action="nominal.search").exists()


# --- The person's tabs -------------------------------------------------------------------------

TABS = [
    ("register:summary", "summary", ["Sexual assault", "14 Lantern Lane", "Demonstration area Police"]),
    ("register:personal-details", "personal_details", ["2004/0000123U", "X555555", "Ozzy"]),
    ("register:addresses", "addresses", ["14 Lantern Lane", "DT2 3BB"]),
    ("register:convictions", "convictions", ["Sexual assault", "Demotown Crown Court"]),
    ("cases:registration", "mappa", ["Notification requirements apply", "Registered at level 1"]),
]


@pytest.mark.parametrize(("route", "section", "shown"), TABS)
def test_each_tab_of_the_person(
    police_om: User, signed_in: SignedIn, person: Nominal, route: str, section: str, shown: list[str]
) -> None:
    url = reverse(route, args=[person.pk])
    response = signed_in(police_om).get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "FAIRWEATHER, Oscar" in content and person.reference in content
    for text in shown:
        assert text in content, text
    # MOJ sub-navigation, with this tab marked as the current page.
    assert 'class="moj-sub-navigation"' in content
    for other, _, _ in TABS:
        assert reverse(other, args=[person.pk]) in content
    assert f'href="{url}" aria-current="page"' in content
    # The protective marking, on every page with personal data.
    assert response.content.count(MARKING) == 1


def test_personal_data_pages_carry_the_marking_and_are_never_cached(
    police_om: User, signed_in: SignedIn, person: Nominal
) -> None:
    client = signed_in(police_om)
    for url in (
        reverse("home"),
        reverse("register:search") + "?q=oscar",
        reverse("register:create"),
        reverse("register:edit", args=[person.pk]),
        reverse("register:add-address", args=[person.pk]),
        reverse("cases:change-level", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKING in response.content, url
        assert response["Cache-Control"] == "no-store", url
    assert b"OFFICIAL-SENSITIVE" in client.get(reverse("register:summary", args=[person.pk])).content


def test_the_sign_in_page_carries_no_personal_data_marking_banner() -> None:
    response = Client().get(reverse("accounts:sign-in"))
    assert response.status_code == 200 and MARKING not in response.content
    assert response["Cache-Control"] == "no-store"


# --- Creating a person -------------------------------------------------------------------------


def test_create_a_person(police_om: User, signed_in: SignedIn) -> None:
    client = signed_in(police_om)
    response = client.post(reverse("register:create"), person_form(alias="Lulu", pnc="20110000099z"))
    person = Nominal.objects.get(family_name="Pemberton")
    assert response.status_code == 302 and response["Location"] == reverse("register:summary", args=[person.pk])
    assert person.date_of_birth == date(1988, 2, 29) and person.pnc == "2011/0000099Z"
    assert list(person.aliases.values_list("name", flat=True)) == ["Lulu"]
    page = client.get(response["Location"]).content.decode()
    assert f"Lucy Pemberton added as {person.reference}" in page


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        (
            date_fields("date_of_birth", TODAY() + timedelta(days=1)),
            "id_date_of_birth-day",
            "Date of birth must be today or in the past",
        ),
        (
            date_fields("date_of_birth", raw=("31", "2", "1990")),
            "id_date_of_birth-day",
            "Enter a real date, for example 27 3 2007",
        ),
        (date_fields("date_of_birth"), "id_date_of_birth-day", "Enter the date of birth"),
        ({"family_name": ""}, "id_family_name", "Enter the family name"),
        ({"gender": ""}, "id_gender_0", "Select the gender"),
        (
            {"no_fixed_abode": "on"},
            "id_closest_links_area",
            "Select the area of closest links: it is required for no fixed abode",
        ),
        ({"closest_links_area": "NOWHERE"}, "id_closest_links_area", None),
    ],
)
def test_bad_input_gets_the_error_summary_linking_to_the_field_and_nothing_is_written(
    police_om: User, signed_in: SignedIn, overrides: dict[str, str], anchor: str, message: str | None
) -> None:
    events = AuditEvent.objects.count()
    response = signed_in(police_om).post(reverse("register:create"), person_form(**overrides))
    assert response.status_code == 200
    summary = error_summary(response.content)
    assert anchor in summary, summary
    if message:
        assert summary[anchor] == message
        # The message is shown at the field too.
        assert message in response.content.decode().split('class="govuk-error-summary"')[1].split("</form>")[0]
    assert response.content.decode().count("<title>Error: ") == 1
    assert not Nominal.objects.exists() and AuditEvent.objects.count() == events


def test_a_duplicate_pnc_is_named_on_the_page(police_om: User, signed_in: SignedIn, person: Nominal) -> None:
    form = person_form(pnc="2004/123u", confirm_not_duplicate="on")
    response = signed_in(police_om).post(reverse("register:create"), form)
    assert error_summary(response.content) == {"id_pnc": "PNC number must be unique: it is already on another record"}
    assert Nominal.objects.count() == 1


@pytest.mark.parametrize("actor", ["lay_adviser", "auditor", "dtc_spoc", "admin", "smb_member"])
def test_roles_without_people_cannot_create_a_person(users: dict[str, User], signed_in: SignedIn, actor: str) -> None:
    client = signed_in(users[actor])
    assert client.get(reverse("register:create")).status_code == 404
    assert client.post(reverse("register:create"), person_form()).status_code == 404
    assert not Nominal.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(person: Nominal) -> None:
    for url in (reverse("register:create"), reverse("register:summary", args=[person.pk]), reverse("home")):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:sign-in')}?next={url}"


# --- Editing -----------------------------------------------------------------------------------


def edit_form(person: Nominal, **overrides: str) -> dict[str, str]:
    return (
        {
            "family_name": person.family_name,
            "given_names": person.given_names,
            "gender": person.gender,
            "custody_status": person.custody_status,
            "pnc": person.pnc,
            "crn": person.crn,
            "version": str(person.version),
        }
        | date_fields("date_of_birth", person.date_of_birth)
        | overrides
    )


def test_the_edit_form_shows_the_current_values_and_version(
    police_om: User, signed_in: SignedIn, person: Nominal
) -> None:
    content = signed_in(police_om).get(reverse("register:edit", args=[person.pk])).content.decode()
    assert 'value="Fairweather"' in content and 'value="2004/0000123U"' in content
    assert 'name="version" value="1"' in content


def test_edit_a_person(police_om: User, signed_in: SignedIn, person: Nominal) -> None:
    response = signed_in(police_om).post(
        reverse("register:edit", args=[person.pk]), edit_form(person, custody_status="custody")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.custody_status, person.version) == ("custody", 2)


def test_edit_with_bad_input_names_the_field(police_om: User, signed_in: SignedIn, person: Nominal) -> None:
    response = signed_in(police_om).post(
        reverse("register:edit", args=[person.pk]),
        edit_form(person, **date_fields("date_of_birth", TODAY() + timedelta(days=5))),
    )
    assert error_summary(response.content) == {"id_date_of_birth-day": "Date of birth must be today or in the past"}
    person.refresh_from_db()
    assert person.version == 1


def test_edit_after_someone_else_saved_shows_the_conflict_and_keeps_their_change(
    users: dict[str, User], signed_in: SignedIn, person: Nominal
) -> None:
    stale_form = edit_form(person, given_names="Mine")
    services.update_nominal(
        actor=Actor(users["coordinator"]), nominal=person, expected_version=1, changes={"given_names": "Theirs"}
    )
    response = signed_in(users["police_om"]).post(reverse("register:edit", args=[person.pk]), stale_form)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert b"govuk-error-summary" in response.content
    person.refresh_from_db()
    assert (person.given_names, person.version) == ("Theirs", 2)


def test_an_address_ending_before_it_starts_gets_the_error_summary(
    police_om: User, signed_in: SignedIn, person: Nominal
) -> None:
    response = signed_in(police_om).post(
        reverse("register:add-address", args=[person.pk]),
        {"kind": "secondary", "line1": "9 Back Street", "town": "Demotown"}
        | date_fields("from_date", date(2022, 6, 1))
        | date_fields("to_date", date(2022, 5, 31)),
    )
    assert error_summary(response.content) == {
        "id_to_date-day": "The end date must be the same as or after the start date"
    }
    assert person.addresses.count() == 1


def test_add_alias_address_and_conviction_through_the_pages(
    police_om: User, signed_in: SignedIn, person: Nominal
) -> None:
    client = signed_in(police_om)
    assert (
        client.post(reverse("register:add-alias", args=[person.pk]), {"kind": "alias", "name": "Os"}).status_code == 302
    )
    assert "Os" in client.get(reverse("register:personal-details", args=[person.pk])).content.decode()
    response = client.post(
        reverse("register:add-conviction", args=[person.pk]),
        {"offence": "Breach of SHPO", "disposal": "other"} | date_fields("conviction_date", date(2023, 1, 1)),
    )
    assert response.status_code == 302
    assert "Breach of SHPO" in client.get(reverse("register:convictions", args=[person.pk])).content.decode()


def test_an_archived_person_cannot_be_edited(users: dict[str, User], signed_in: SignedIn, records: Records) -> None:
    archived = records.people["archived"]
    client = signed_in(users["police_om"])
    assert client.get(reverse("register:summary", args=[archived.pk])).status_code == 200
    response = client.post(reverse("register:edit", args=[archived.pk]), edit_form(archived, given_names="No"))
    assert response.status_code == 404
    archived.refresh_from_db()
    assert archived.given_names != "No"
    summary = client.get(reverse("register:summary", args=[archived.pk]))
    assert reverse("register:edit", args=[archived.pk]).encode() not in summary.content


def test_the_page_reader_finds_ids(police_om: User, signed_in: SignedIn) -> None:
    page = read_page(signed_in(police_om).get(reverse("register:create")).content)
    assert {"id_family_name", "id_date_of_birth-day", "id_gender_0", "id_pnc"} <= page.ids
    assert page.summary_links == []


# --- Every problem at once ---------------------------------------------------------------------


def test_every_problem_with_a_new_person_is_reported_at_once(police_om: User, signed_in: SignedIn) -> None:
    """A missing name and a date of birth in the future: both in one error summary, so the
    user fixes them in one go rather than meeting the second only after fixing the first."""
    response = signed_in(police_om).post(
        reverse("register:create"),
        person_form(family_name="", **date_fields("date_of_birth", TODAY() + timedelta(days=30))),
    )
    assert error_summary(response.content) == {
        "id_family_name": "Enter the family name",
        "id_date_of_birth-day": "Date of birth must be today or in the past",
    }
    assert not Nominal.objects.exists()


def test_every_problem_with_an_address_is_reported_at_once(
    police_om: User, signed_in: SignedIn, person: Nominal
) -> None:
    response = signed_in(police_om).post(
        reverse("register:add-address", args=[person.pk]),
        {"kind": "main", "line1": "3 Short Street", "town": ""}
        | date_fields("from_date", date(2022, 6, 1))
        | date_fields("to_date", date(2022, 5, 1)),
    )
    assert error_summary(response.content) == {
        "id_town": "Enter the town or city",
        "id_to_date-day": "The end date must be the same as or after the start date",
    }
    assert person.addresses.count() == 1
