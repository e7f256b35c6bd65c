"""Finding a person: names and aliases ignoring case and accents, dates of birth in several
spellings, and every identifier; only among the people the searcher may see."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from conftest import PersonMaker
from kernel.actor import Actor
from register import selectors
from register.models import Nominal
from register.search import normalise_token, normalise_words, search_text_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoe(police_om: User, make_person: PersonMaker) -> Nominal:
    return make_person(
        police_om,
        family_name="Smith-Jones",
        given_names="Zoë Renée",
        date_of_birth=date(1980, 3, 27),
        pnc="2001/0012345H",
        cro="012345/99N",
        prison_number="A1234BC",
        crn="X123456",
        aliases=[("nickname", "Spike"), ("previous", "Zoe O'Connor")],
    )


@pytest.fixture
def others(police_om: User, make_person: PersonMaker) -> list[Nominal]:
    return [
        make_person(police_om, family_name="Smithers", given_names="Adam", date_of_birth=date(1980, 3, 28)),
        make_person(police_om, family_name="Jonas", given_names="Zola", date_of_birth=date(1981, 3, 27)),
    ]


def found(user: User, query: str) -> list[str]:
    return [p.family_name for p in selectors.search_nominals(requested_by=user, query=query)]


@pytest.mark.parametrize(
    "query",
    [
        "Smith-Jones",
        "smith-jones",
        "SMITH-JONES",
        "Jones",
        "zoe",
        "ZOË",
        "Zoe Smith-Jones",
        "renee",
        "Renée smith",
        "spike",
        "o'connor",
        "OConnor",
        "zoe oconnor",
    ],
)
def test_names_and_aliases_ignoring_case_and_accents(
    police_om: User, zoe: Nominal, others: list[Nominal], query: str
) -> None:
    assert found(police_om, query) == ["Smith-Jones"]


@pytest.mark.parametrize("query", ["27/03/1980", "27/3/1980", "1980-03-27", "27-03-1980", "27.03.1980", "27 03 1980"])
def test_date_of_birth_in_several_spellings(police_om: User, zoe: Nominal, others: list[Nominal], query: str) -> None:
    assert found(police_om, query) == ["Smith-Jones"]


@pytest.mark.parametrize(
    "query",
    [
        "2001/0012345H",
        "20010012345H",
        "2001/0012345h",
        "012345/99N",
        "01234599n",
        "A1234BC",
        "a1234bc",
        "X123456",
        "x123456",
    ],
)
def test_every_identifier(police_om: User, zoe: Nominal, others: list[Nominal], query: str) -> None:
    assert found(police_om, query) == ["Smith-Jones"]


def test_the_openmappa_reference(police_om: User, zoe: Nominal, others: list[Nominal]) -> None:
    assert found(police_om, zoe.reference) == ["Smith-Jones"]
    assert found(police_om, zoe.reference.lower()) == ["Smith-Jones"]


def test_a_word_matches_the_start_of_a_name(police_om: User, zoe: Nominal, others: list[Nominal]) -> None:
    assert found(police_om, "smith") == ["Smith-Jones", "Smithers"]
    assert found(police_om, "mith") == []
    assert sorted(found(police_om, "zo")) == ["Jonas", "Smith-Jones"]


def test_every_word_must_match(police_om: User, zoe: Nominal, others: list[Nominal]) -> None:
    assert found(police_om, "zoe jonas") == []
    assert found(police_om, "zola jonas") == ["Jonas"]


def test_an_empty_query_finds_nobody(police_om: User, zoe: Nominal) -> None:
    assert found(police_om, "") == [] and found(police_om, "   ") == []


def test_search_is_scoped_to_the_people_the_user_may_see(
    users: dict[str, User], zoe: Nominal, make_person: PersonMaker
) -> None:
    make_person(users["prison_om"], family_name="Smithson")
    assert found(users["police_om"], "smith") == ["Smith-Jones"]
    assert found(users["prison_om"], "smith") == ["Smithson"]
    assert sorted(found(users["coordinator"], "smith")) == ["Smith-Jones", "Smithson"]
    for actor in ("probation_om", "chair", "dtc_spoc", "lay_adviser", "smb_member", "auditor", "admin"):
        assert found(users[actor], "smith") == [], actor
    assert found(users["other_area_police"], "smith") == []
    assert found(users["other_area_police"], zoe.pnc) == []


def test_search_text_is_refreshed_when_the_name_changes(police_om: User, zoe: Nominal) -> None:
    from register import services

    services.update_nominal(actor=Actor(police_om), nominal=zoe, expected_version=1, changes={"family_name": "Brown"})
    assert found(police_om, "smith") == []
    assert found(police_om, "brown") == ["Brown"]
    assert found(police_om, "spike") == ["Brown"]  # aliases are kept


# --- The normalisation itself, as properties --------------------------------------------------

NAME_LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzàáâäçèéêëìíîïñòóôöùúûüýÿåøæœß"))
NAME_WORD = st.text(alphabet=NAME_LETTERS, min_size=1, max_size=12)
NAME = st.lists(NAME_WORD, min_size=1, max_size=3).map(" ".join)


@given(name=NAME, upper=st.booleans())
def test_every_word_of_a_name_is_found_whatever_its_case(name: str, upper: bool) -> None:
    text = search_text_for([name], [])
    query = name.upper() if upper else name
    for word in normalise_words(query):
        assert f" {word}" in text


@given(name=NAME)
def test_normalised_words_are_plain_lower_case_ascii(name: str) -> None:
    for word in normalise_words(name):
        assert word.isascii() and word == word.lower() and word.isalnum()


@given(name=NAME)
def test_accents_are_ignored(name: str) -> None:
    from unidecode import unidecode

    assert normalise_words(unidecode(name)) == normalise_words(name)


@given(serial=st.integers(min_value=1, max_value=9_999_999), year=st.integers(min_value=1990, max_value=2030))
def test_a_pnc_normalises_the_same_with_or_without_its_slash(serial: int, year: int) -> None:
    with_slash = f"{year}/{serial:07d}Z"
    assert (
        normalise_token(with_slash)
        == normalise_token(with_slash.replace("/", ""))
        == normalise_token(with_slash.lower())
    )


@pytest.mark.parametrize("query", ["-", "'", "...", "/", "- -"])
def test_a_query_of_punctuation_alone_finds_nobody(
    police_om: User, zoe: Nominal, others: list[Nominal], query: str
) -> None:
    """Not everybody: a query with no letters or digits matches no name."""
    assert found(police_om, query) == []
