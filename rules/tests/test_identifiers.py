"""PNC and CRO numbers: formats and modulus 23 check letters (rules/identifiers.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.catalogue import find
from rules.errors import RuleInputError
from rules.identifiers import (
    CHECK_LETTERS,
    CRO_CHECK_MESSAGE,
    CRO_FORMAT_MESSAGE,
    PNC_CHECK_MESSAGE,
    PNC_FORMAT_MESSAGE,
    check_letter,
    cro_for,
    normalise_cro,
    normalise_pnc,
    pnc_for,
)

years = st.integers(min_value=1900, max_value=2026)
pnc_serials = st.integers(min_value=0, max_value=9_999_999)
cro_serials = st.integers(min_value=1, max_value=999_999)


def refusal(call: object, *args: object, **kwargs: object) -> RuleInputError:
    with pytest.raises(RuleInputError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


def test_the_check_letters_skip_i_o_and_s_and_zero_is_z() -> None:
    assert len(CHECK_LETTERS) == 23 and not set("IOS") & set(CHECK_LETTERS)
    assert check_letter("23") == "Z" and check_letter("1") == "A" and check_letter("22") == "Y"


def test_the_pnc_seen_accepted_without_its_right_check_letter_is_refused() -> None:
    error = refusal(normalise_pnc, "12/345X", this_year=2026)
    assert (error.field, error.message) == ("pnc", PNC_CHECK_MESSAGE)
    # 12 and 0000345 make 120000345, which leaves 7 over 23s: G.
    assert normalise_pnc("12/345G", this_year=2026) == "2012/0000345G"


@pytest.mark.parametrize(
    "typed",
    ["2001/0012345H", "01/12345H", "2001/12345h", " 2001 / 0012345H ", "20010012345H", "010012345H"],
)
def test_one_pnc_number_typed_any_way_has_one_spelling(typed: str) -> None:
    assert normalise_pnc(typed, this_year=2026) == "2001/0012345H"


def test_a_two_digit_year_after_this_one_is_last_century() -> None:
    assert normalise_pnc("99/123456X", this_year=2026) == "1999/0123456X"
    assert normalise_pnc(pnc_for(2026, 1)[2:], this_year=2026) == pnc_for(2026, 1)


@pytest.mark.parametrize("typed", ["2001/12345678H", "2001/H", "ABC", "201/0012345H", "2001/0012345", "2001-0012345H"])
def test_a_pnc_number_in_no_pnc_format_is_refused_naming_the_format(typed: str) -> None:
    assert refusal(normalise_pnc, typed, this_year=2026).message == PNC_FORMAT_MESSAGE


def test_no_pnc_number_is_no_number() -> None:
    assert normalise_pnc("  ", this_year=2026) == ""
    assert normalise_cro("") == ""


@given(years, pnc_serials)
def test_every_made_pnc_number_is_valid_and_its_own_spelling(year: int, serial: int) -> None:
    made = pnc_for(year, serial)
    assert normalise_pnc(made, this_year=2026) == made


@given(years, pnc_serials, st.sampled_from(CHECK_LETTERS))
def test_a_pnc_number_with_any_other_check_letter_is_refused(year: int, serial: int, letter: str) -> None:
    made = pnc_for(year, serial)
    wrong = made[:-1] + letter
    if letter == made[-1]:
        assert normalise_pnc(wrong, this_year=2026) == made
    else:
        assert refusal(normalise_pnc, wrong, this_year=2026).message == PNC_CHECK_MESSAGE


@given(years, pnc_serials)
def test_a_single_digit_typed_wrong_in_a_pnc_serial_is_caught(year: int, serial: int) -> None:
    made = pnc_for(year, serial)
    other = (serial + 10 ** (serial % 7)) % 10_000_000
    if other != serial:
        typo = made[:5] + f"{other:07d}" + made[-1]
        # Modulus 23 catches any change of one digit: 23 divides no 1-9 times a power of ten.
        assert refusal(normalise_pnc, typo, this_year=2026).field == "pnc"


@given(cro_serials, st.integers(min_value=0, max_value=99))
def test_every_made_cro_number_is_valid_and_its_own_spelling(serial: int, year: int) -> None:
    made = cro_for(serial, year)
    assert normalise_cro(made) == made
    assert normalise_cro(made.lstrip("0").lower()) == made


def test_cro_numbers_in_both_formats() -> None:
    assert normalise_cro("12345/99n") == "012345/99N"
    assert normalise_cro("SF99/012345N") == "SF99/012345N"
    error = refusal(normalise_cro, "012345/99A")
    assert (error.field, error.message) == ("cro", CRO_CHECK_MESSAGE)
    assert refusal(normalise_cro, "99/012345N").message == CRO_FORMAT_MESSAGE
    assert refusal(normalise_cro, "1234567/99N").message == CRO_FORMAT_MESSAGE


def test_both_rules_are_in_the_catalogue_with_their_source() -> None:
    assert "Modulus 23" in find("identifiers.pnc_check_character").citation
    assert "CRO" in find("identifiers.cro_check_character").citation
