from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import risk
from rules.errors import RuleInputError
from rules.visits import RoshLevel

levels = st.sampled_from(risk.SCALE)


def test_the_scale_matches_the_visit_rules() -> None:
    assert list(risk.SCALE) == [level.value for level in RoshLevel]


# No deadline: timing on a shared, loaded machine is not what these properties test.
@settings(deadline=None)
@given(st.lists(levels | st.just(""), max_size=10))
def test_highest_is_one_of_the_levels_and_none_is_higher(given_levels: list[str]) -> None:
    top = risk.highest(given_levels)
    present = [level for level in given_levels if level]
    if not present:
        assert top is None
    else:
        assert top in present
        assert all(risk.rank(level) <= risk.rank(top) for level in present)


def test_highest_examples() -> None:
    assert risk.highest(["low", "very_high", "medium"]) == "very_high"
    assert risk.highest(["", ""]) is None


# No deadline: timing on a shared, loaded machine is not what these properties test.
@settings(deadline=None)
@given(levels | st.none(), levels)
def test_rm2000_takes_precedence_for_reconviction(oasys: str | None, rm2000: str) -> None:
    assert risk.reconviction_level(oasys=oasys, rm2000=rm2000) == rm2000


# No deadline: timing on a shared, loaded machine is not what these properties test.
@settings(deadline=None)
@given(levels)
def test_oasys_stands_without_rm2000(oasys: str) -> None:
    assert risk.reconviction_level(oasys=oasys, rm2000=None) == oasys
    assert risk.reconviction_level(oasys=None, rm2000=None) is None


# No deadline: timing on a shared, loaded machine is not what these properties test.
@settings(deadline=None)
@given(st.lists(levels, min_size=1, max_size=6))
def test_disagreement_means_more_than_one_level(given_levels: list[str]) -> None:
    assert risk.disagree(given_levels) == (len(set(given_levels)) > 1)


@pytest.mark.parametrize("bad", ["extreme", "LOW", "none"])
def test_a_level_outside_the_scale_is_refused(bad: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        risk.rank(bad)
    assert caught.value.field == "level"
    with pytest.raises(RuleInputError):
        risk.disagree(["low", bad])


def test_rm2000_is_for_adult_men_only() -> None:
    born = date(2006, 5, 10)
    assert risk.rm2000_applies(gender="male", date_of_birth=born, assessed_on=date(2024, 5, 10))
    assert not risk.rm2000_applies(gender="male", date_of_birth=born, assessed_on=date(2024, 5, 9))
    assert not risk.rm2000_applies(gender="female", date_of_birth=born, assessed_on=date(2030, 1, 1))
