"""Writes to the person register: create, update, aliases, addresses, convictions."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Area, User
from audit.models import AuditEvent
from conftest import PersonMaker
from kernel.actor import Actor
from kernel.errors import VersionConflict
from register import services
from register.models import Address, Alias, AliasKind, Conviction, CustodyStatus, Nominal

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def person_values(**overrides: Any) -> dict[str, Any]:
    return {
        "family_name": "Whitlock",
        "given_names": "Zoë Anne",
        "date_of_birth": date(1979, 11, 2),
        "gender": "female",
        "pnc": "2001/0012345H",
        "cro": "012345/99N",
        "prison_number": "A1234BC",
        "crn": "X123456",
    } | overrides


def refused(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    """Run a service call that must refuse; return its errors by field."""
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict


class Counts:
    """How many people, aliases, addresses, convictions and audit events exist now."""

    def __init__(self) -> None:
        self.values = self.now()

    @staticmethod
    def now() -> tuple[int, ...]:
        return tuple(m.objects.count() for m in (Nominal, Alias, Address, Conviction, AuditEvent))

    def unchanged(self) -> bool:
        return self.now() == self.values


# --- Creating a person ---------------------------------------------------------------------


def test_create_gives_a_reference_in_the_area_and_the_creating_agency_owns_it(police_om: User) -> None:
    nominal = services.create_nominal(actor=Actor(police_om), values=person_values())
    nominal.refresh_from_db()
    assert re.fullmatch(r"DEMO-\d{6}", nominal.reference)
    assert nominal.reference == f"DEMO-{nominal.pk:06d}"
    assert nominal.area.code == "DEMO"
    assert nominal.owning_agency.code == "DEMO-POL"
    assert nominal.version == 1
    assert nominal.custody_status == CustodyStatus.COMMUNITY


def test_create_in_another_area_uses_that_areas_code(police_om: User) -> None:
    kent = Area.objects.get(code="KEN")
    nominal = services.create_nominal(actor=Actor(police_om), values=person_values(), area=kent)
    assert nominal.reference == f"KEN-{nominal.pk:06d}"


def test_search_text_holds_names_aliases_and_identifiers_lower_case_without_accents(police_om: User) -> None:
    nominal = services.create_nominal(
        actor=Actor(police_om), values=person_values(), aliases=[("nickname", "Zed"), ("alias", "  ")]
    )
    nominal.refresh_from_db()
    words = nominal.search_text.split()
    for word in ("whitlock", "zoe", "anne", "zed", "20010012345h", "01234599n", "a1234bc", "x123456"):
        assert word in words
    assert nominal.reference.lower().replace("-", "") in words
    assert nominal.search_text == nominal.search_text.lower()
    assert list(nominal.aliases.values_list("kind", "name")) == [("nickname", "Zed")]  # the blank one is dropped


def test_identifiers_are_stored_trimmed_and_upper_case(police_om: User) -> None:
    nominal = services.create_nominal(
        actor=Actor(police_om), values=person_values(pnc=" 2001/0012345h ", crn="x123456", prison_number="a1234bc")
    )
    nominal.refresh_from_db()
    assert (nominal.pnc, nominal.crn, nominal.prison_number) == ("2001/0012345H", "X123456", "A1234BC")


def test_create_is_audited_in_the_same_transaction(police_om: User) -> None:
    nominal = services.create_nominal(actor=Actor(police_om), values=person_values())
    event = AuditEvent.objects.get(action="nominal.create")
    assert (event.actor, event.agency_code, event.nominal_id) == (police_om, "DEMO-POL", nominal.pk)
    assert (event.object_type, event.object_id) == ("Nominal", str(nominal.pk))


def test_fields_outside_the_allow_list_are_ignored(police_om: User) -> None:
    nominal = services.create_nominal(
        actor=Actor(police_om), values=person_values(reference="HACK-1", version=99, search_text="x")
    )
    assert nominal.reference != "HACK-1" and nominal.version == 1


# --- Bad input: named by field, nothing written ---------------------------------------------


def test_a_date_of_birth_in_the_future_is_refused_and_nothing_is_written(police_om: User) -> None:
    before = Counts()
    errors = refused(
        services.create_nominal,
        actor=Actor(police_om),
        values=person_values(date_of_birth=TODAY() + timedelta(days=1)),
    )
    assert errors == {"date_of_birth": ["Date of birth must be today or in the past"]}
    assert before.unchanged()


def test_today_is_an_acceptable_date_of_birth(police_om: User) -> None:
    assert services.create_nominal(actor=Actor(police_om), values=person_values(date_of_birth=TODAY()))


def test_names_are_required(police_om: User) -> None:
    errors = refused(
        services.create_nominal, actor=Actor(police_om), values=person_values(family_name=" ", given_names="")
    )
    assert set(errors) == {"family_name", "given_names"}


@pytest.mark.parametrize(
    "spelling", ["2001/0012345H", "2001/0012345h", " 2001/0012345H", "20010012345H", "2001/12345H"]
)
def test_a_duplicate_pnc_is_refused_however_it_is_written(police_om: User, spelling: str) -> None:
    services.create_nominal(actor=Actor(police_om), values=person_values())
    before = Counts()
    errors = refused(
        services.create_nominal,
        actor=Actor(police_om),
        values=person_values(family_name="Other", pnc=spelling),
        confirmed_not_duplicate=True,
    )
    assert list(errors) == ["pnc"]
    assert "already on another record" in errors["pnc"][0]
    assert before.unchanged()


def test_a_pnc_is_stored_in_one_canonical_form(police_om: User) -> None:
    nominal = services.create_nominal(actor=Actor(police_om), values=person_values(pnc="20010012345h"))
    assert Nominal.objects.get(pk=nominal.pk).pnc == "2001/0012345H"


def test_the_database_refuses_a_duplicate_pnc_too(police_om: User) -> None:
    first = services.create_nominal(actor=Actor(police_om), values=person_values())
    with pytest.raises(IntegrityError), transaction.atomic():
        Nominal.objects.create(
            reference="DEMO-X",
            area=first.area,
            owning_agency=first.owning_agency,
            family_name="Copy",
            given_names="Of",
            date_of_birth=date(1980, 1, 1),
            gender="male",
            pnc=first.pnc,
        )


def test_people_without_a_pnc_do_not_clash(police_om: User) -> None:
    services.create_nominal(actor=Actor(police_om), values=person_values(pnc=""))
    assert services.create_nominal(actor=Actor(police_om), values=person_values(pnc=""), confirmed_not_duplicate=True)


def test_no_fixed_abode_needs_the_area_of_closest_links(police_om: User) -> None:
    errors = refused(services.create_nominal, actor=Actor(police_om), values=person_values(no_fixed_abode=True))
    assert list(errors) == ["closest_links_area"]
    area = Area.objects.get(code="DEMO")
    nominal = services.create_nominal(
        actor=Actor(police_om), values=person_values(no_fixed_abode=True, closest_links_area=area)
    )
    assert nominal.closest_links_area == area


# --- Updating: versions and conflicts -------------------------------------------------------


def test_update_bumps_the_version_refreshes_search_and_audits_the_changed_fields(
    police_om: User, make_person: PersonMaker
) -> None:
    nominal = make_person(police_om, family_name="Before")
    updated = services.update_nominal(
        actor=Actor(police_om),
        nominal=nominal,
        expected_version=1,
        changes={"family_name": "Ångström", "gender": "male"},
    )
    assert updated.version == 2
    stored = Nominal.objects.get(pk=nominal.pk)
    assert stored.family_name == "Ångström" and " angstrom " in stored.search_text
    assert " before " not in stored.search_text
    event = AuditEvent.objects.filter(action="nominal.update").get()
    assert event.detail == {"fields": ["family_name"]}  # gender was already male
    assert event.nominal_id == nominal.pk


def test_a_stale_version_is_a_conflict_and_changes_nothing(police_om: User, make_person: PersonMaker) -> None:
    nominal = make_person(police_om, family_name="Original")
    services.update_nominal(actor=Actor(police_om), nominal=nominal, expected_version=1, changes={"ethnicity": "x"})
    before = Counts()
    with pytest.raises(VersionConflict) as conflict:
        services.update_nominal(
            actor=Actor(police_om), nominal=nominal, expected_version=1, changes={"family_name": "Overwritten"}
        )
    assert conflict.value.current_version == 2
    assert Nominal.objects.get(pk=nominal.pk).family_name == "Original"
    assert before.unchanged()


def test_update_validates_the_merged_record(police_om: User, make_person: PersonMaker) -> None:
    taken = make_person(police_om, pnc="2002/0000001F")
    nominal = make_person(police_om)
    before = Counts()
    errors = refused(
        services.update_nominal,
        actor=Actor(police_om),
        nominal=nominal,
        expected_version=1,
        changes={"pnc": "20020000001f", "date_of_birth": TODAY() + timedelta(days=3)},
    )
    assert set(errors) == {"pnc", "date_of_birth"}
    assert before.unchanged() and Nominal.objects.get(pk=nominal.pk).version == 1
    # Keeping one's own PNC is not a duplicate.
    services.update_nominal(actor=Actor(police_om), nominal=taken, expected_version=1, changes={"pnc": taken.pnc})


# --- Aliases, addresses and convictions ------------------------------------------------------


def test_an_alias_is_searchable_and_audited(police_om: User, make_person: PersonMaker) -> None:
    nominal = make_person(police_om)
    services.add_alias(actor=Actor(police_om), nominal=nominal, kind=AliasKind.NICKNAME, name="  Big Dave ")
    assert nominal.aliases.get().name == "Big Dave"
    assert " big dave " in Nominal.objects.get(pk=nominal.pk).search_text
    assert AuditEvent.objects.filter(action="alias.create", nominal_id=nominal.pk).count() == 1
    assert refused(services.add_alias, actor=Actor(police_om), nominal=nominal, kind="alias", name=" ") == {
        "name": ["Enter the alias or nickname"]
    }


def address(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "main",
        "line1": "1 Test Street",
        "town": "Demotown",
        "postcode": "DT1 1AA",
        "from_date": date(2020, 1, 1),
    } | overrides


def test_an_address_ending_before_it_starts_is_refused_and_nothing_is_written(
    police_om: User, make_person: PersonMaker
) -> None:
    nominal = make_person(police_om)
    before = Counts()
    errors = refused(
        services.add_address, actor=Actor(police_om), nominal=nominal, values=address(to_date=date(2019, 12, 31))
    )
    assert list(errors) == ["to_date"]
    assert "end date" in errors["to_date"][0]
    assert before.unchanged()


def test_an_address_may_start_and_end_on_the_same_day(police_om: User, make_person: PersonMaker) -> None:
    nominal = make_person(police_om)
    saved = services.add_address(actor=Actor(police_om), nominal=nominal, values=address(to_date=date(2020, 1, 1)))
    assert not saved.is_current
    assert AuditEvent.objects.filter(action="address.create", nominal_id=nominal.pk).count() == 1


def test_an_address_starting_in_the_future_is_refused(police_om: User, make_person: PersonMaker) -> None:
    nominal = make_person(police_om)
    errors = refused(
        services.add_address,
        actor=Actor(police_om),
        nominal=nominal,
        values=address(from_date=TODAY() + timedelta(days=1)),
    )
    assert list(errors) == ["from_date"]


def test_the_database_refuses_an_address_ending_before_it_starts(police_om: User, make_person: PersonMaker) -> None:
    nominal = make_person(police_om)
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(nominal=nominal, **address(to_date=date(2019, 1, 1)))


def conviction(**overrides: Any) -> dict[str, Any]:
    return {
        "offence": "Wounding with intent",
        "conviction_date": date(2015, 6, 1),
        "offence_date": date(2015, 1, 1),
        "court": "Demotown Crown Court",
        "disposal": "custody",
        "sentence_months": 48,
        "is_index_offence": True,
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"offence_date": date(2015, 7, 1)}, "offence_date"),
        ({"conviction_date": TODAY() + timedelta(days=1), "offence_date": None}, "conviction_date"),
        ({"conviction_date": date(1970, 1, 1), "offence_date": None}, "conviction_date"),
        ({"sentence_months": None}, "sentence_months"),
    ],
)
def test_a_conviction_that_makes_no_sense_is_refused(
    police_om: User, make_person: PersonMaker, overrides: dict[str, Any], field: str
) -> None:
    nominal = make_person(police_om, date_of_birth=date(1975, 1, 1))
    before = Counts()
    errors = refused(services.add_conviction, actor=Actor(police_om), nominal=nominal, values=conviction(**overrides))
    assert list(errors) == [field]
    assert before.unchanged()


def test_there_is_one_index_offence(police_om: User, make_person: PersonMaker) -> None:
    nominal = make_person(police_om)
    first = services.add_conviction(actor=Actor(police_om), nominal=nominal, values=conviction())
    second = services.add_conviction(
        actor=Actor(police_om), nominal=nominal, values=conviction(offence="Robbery", conviction_date=date(2018, 1, 1))
    )
    first.refresh_from_db()
    assert (first.is_index_offence, second.is_index_offence) == (False, True)
    assert second.recorded_by == police_om
    assert AuditEvent.objects.filter(action="conviction.create", nominal_id=nominal.pk).count() == 2
