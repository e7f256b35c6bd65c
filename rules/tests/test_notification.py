from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.errors import RuleInputError
from rules.notification import (
    NOTIFICATION_TABLE,
    CustodyTerm,
    Disposal,
    NotificationPeriod,
    combined_custody_months,
    iso_duration,
    notification_period,
)

RELEVANT = date(2024, 3, 15)
ADULT_DOB = date(1980, 1, 1)
CHILD_DOB = date(2010, 1, 1)


def period(
    disposal: Disposal | str,
    *,
    dob: date = ADULT_DOB,
    relevant: date = RELEVANT,
    custody_months: int | None = None,
    discharge_months: int | None = None,
    life: bool = False,
) -> NotificationPeriod:
    return notification_period(
        date_of_birth=dob,
        relevant_date=relevant,
        disposal=disposal,
        custody_months=custody_months,
        discharge_months=discharge_months,
        life=life,
    )


@pytest.mark.parametrize(
    ("disposal", "kwargs", "adult", "under_18", "rule_key"),
    [
        (
            Disposal.CUSTODY,
            {"life": True},
            "indefinite",
            "indefinite",
            "soa82.custody_30_months_or_more",
        ),
        (
            Disposal.CUSTODY,
            {"custody_months": 240},
            "indefinite",
            "indefinite",
            "soa82.custody_30_months_or_more",
        ),
        (
            Disposal.CUSTODY,
            {"custody_months": 30},
            "indefinite",
            "indefinite",
            "soa82.custody_30_months_or_more",
        ),
        (
            Disposal.CUSTODY,
            {"custody_months": 29},
            "P10Y",
            "P5Y",
            "soa82.custody_more_than_6_less_than_30_months",
        ),
        (
            Disposal.CUSTODY,
            {"custody_months": 7},
            "P10Y",
            "P5Y",
            "soa82.custody_more_than_6_less_than_30_months",
        ),
        (
            Disposal.CUSTODY,
            {"custody_months": 6},
            "P7Y",
            "P3Y6M",
            "soa82.custody_6_months_or_less",
        ),
        (
            Disposal.CUSTODY,
            {"custody_months": 0},
            "P7Y",
            "P3Y6M",
            "soa82.custody_6_months_or_less",
        ),
        (
            Disposal.HOSPITAL_WITH_RESTRICTION,
            {},
            "indefinite",
            "indefinite",
            "soa82.hospital_with_restriction",
        ),
        (
            Disposal.HOSPITAL_WITHOUT_RESTRICTION,
            {},
            "P7Y",
            "P3Y6M",
            "soa82.hospital_without_restriction",
        ),
        (Disposal.CAUTION, {}, "P2Y", "P1Y", "soa82.caution"),
        (
            Disposal.CONDITIONAL_DISCHARGE,
            {"discharge_months": 18},
            "P1Y6M",
            "P1Y6M",
            "soa82.conditional_discharge",
        ),
        (
            Disposal.CONDITIONAL_DISCHARGE,
            {"discharge_months": 36},
            "P3Y",
            "P3Y",
            "soa82.conditional_discharge",
        ),
        (
            Disposal.CONDITIONAL_DISCHARGE,
            {"discharge_months": 6},
            "P6M",
            "P6M",
            "soa82.conditional_discharge",
        ),
        (Disposal.OTHER, {}, "P5Y", "P2Y6M", "soa82.other_disposal"),
    ],
)
def test_every_row_of_the_s82_table_for_adults_and_under_18s(
    disposal: Disposal, kwargs: dict[str, Any], adult: str, under_18: str, rule_key: str
) -> None:
    grown = period(disposal, **kwargs)
    young = period(disposal, dob=CHILD_DOB, **kwargs)
    assert (grown.iso_duration, grown.under_18) == (adult, False)
    assert (young.iso_duration, young.under_18) == (under_18, True)
    assert grown.rule_key == young.rule_key == rule_key
    assert "Sexual Offences Act 2003 s82" in grown.citation


def test_every_table_row_is_reachable() -> None:
    covered = {period(Disposal.CUSTODY, custody_months=m).rule_key for m in (0, 6, 7, 29, 30)} | {
        period(d, discharge_months=12 if d is Disposal.CONDITIONAL_DISCHARGE else None).rule_key
        for d in Disposal
        if d is not Disposal.CUSTODY
    }
    assert covered == {row.rule.key for row in NOTIFICATION_TABLE}


def test_exactly_one_row_covers_every_disposal_and_custody_length() -> None:
    for months in range(601):
        rows = [r for r in NOTIFICATION_TABLE if r.covers(Disposal.CUSTODY, months, False)]
        assert len(rows) == 1, months
    assert len([r for r in NOTIFICATION_TABLE if r.covers(Disposal.CUSTODY, None, True)]) == 1
    for disposal in Disposal:
        if disposal is not Disposal.CUSTODY:
            assert len([r for r in NOTIFICATION_TABLE if r.covers(disposal, None, False)]) == 1


def test_indefinite_period_has_no_end() -> None:
    result = period(Disposal.CUSTODY, custody_months=30)
    assert result.indefinite
    assert (result.years, result.months) == (0, 0)
    assert result.ends_on is None
    assert result.last_day is None


def test_fixed_period_ends_on_relevant_date_plus_period() -> None:
    result = period(Disposal.CUSTODY, custody_months=12)
    assert not result.indefinite
    assert (result.years, result.months) == (10, 0)
    assert result.ends_on == date(2034, 3, 15)
    assert result.last_day == date(2034, 3, 14)


def test_half_year_period_uses_corresponding_date_rule() -> None:
    result = period(Disposal.CUSTODY, dob=CHILD_DOB, relevant=date(2024, 8, 31), custody_months=3)
    assert (result.years, result.months) == (3, 6)
    assert result.ends_on == date(2028, 2, 29)
    other = period(Disposal.OTHER, dob=CHILD_DOB, relevant=date(2023, 8, 31))
    assert other.ends_on == date(2026, 2, 28)


def test_under_18_ends_on_the_18th_birthday() -> None:
    dob = date(2006, 3, 15)
    on_birthday = period(Disposal.CAUTION, dob=dob, relevant=date(2024, 3, 15))
    day_before = period(Disposal.CAUTION, dob=dob, relevant=date(2024, 3, 14))
    assert (on_birthday.under_18, on_birthday.iso_duration) == (False, "P2Y")
    assert (day_before.under_18, day_before.iso_duration) == (True, "P1Y")


def test_leap_day_birth_is_under_18_until_1_march() -> None:
    dob = date(2004, 2, 29)
    assert period(Disposal.OTHER, dob=dob, relevant=date(2022, 2, 28)).iso_duration == "P2Y6M"
    assert period(Disposal.OTHER, dob=dob, relevant=date(2022, 3, 1)).iso_duration == "P5Y"


def test_relevant_date_on_date_of_birth_is_allowed() -> None:
    assert period(Disposal.CAUTION, dob=RELEVANT).under_18


def test_basis_explains_the_halving() -> None:
    assert "halved" in period(Disposal.CAUTION, dob=CHILD_DOB).basis
    assert "halved" not in period(Disposal.CAUTION).basis
    assert "discharge" in period(Disposal.CONDITIONAL_DISCHARGE, discharge_months=9).basis


def test_disposal_may_be_given_as_its_string_value() -> None:
    assert period("caution").iso_duration == "P2Y"


@pytest.mark.parametrize(
    ("total_months", "expected"),
    [(120, "P10Y"), (42, "P3Y6M"), (18, "P1Y6M"), (6, "P6M"), (12, "P1Y"), (0, "P0M")],
)
def test_iso_duration_normalises_months_into_years(total_months: int, expected: str) -> None:
    assert iso_duration(total_months) == expected


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        (
            {"disposal": "caution", "dob": date(2024, 3, 16)},
            "date_of_birth",
            "date_of_birth must be on or before relevant_date",
        ),
        ({"disposal": "fine"}, "disposal", "disposal must be one of"),
        ({"disposal": "custody"}, "custody_months", "required"),
        ({"disposal": "custody", "custody_months": -1}, "custody_months", "negative"),
        (
            {"disposal": "custody", "custody_months": 12, "life": True},
            "custody_months",
            "not both",
        ),
        ({"disposal": "conditional_discharge"}, "discharge_months", "positive"),
        (
            {"disposal": "conditional_discharge", "discharge_months": 0},
            "discharge_months",
            "positive",
        ),
        (
            {"disposal": "caution", "discharge_months": 12},
            "discharge_months",
            "only to a conditional discharge",
        ),
        (
            {"disposal": "custody", "custody_months": 12, "discharge_months": 12},
            "discharge_months",
            "only to a conditional discharge",
        ),
        (
            {"disposal": "other", "custody_months": 12},
            "custody_months",
            "only to a custody",
        ),
        (
            {"disposal": "hospital_with_restriction", "life": True},
            "life",
            "only to a custody",
        ),
    ],
)
def test_errors_name_the_field_and_the_rule(kwargs: dict[str, Any], field: str, words: str) -> None:
    disposal = kwargs.pop("disposal")
    with pytest.raises(RuleInputError) as caught:
        period(disposal, **kwargs)
    assert caught.value.field == field
    assert words in caught.value.message


# s82(3)-(4): several terms


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ([CustodyTerm(12), CustodyTerm(18, starts_at_month=12)], 30),  # consecutive
        ([CustodyTerm(12), CustodyTerm(18, starts_at_month=6)], 24),  # X + Y - Z
        ([CustodyTerm(12), CustodyTerm(18)], 18),  # wholly concurrent
        ([CustodyTerm(18), CustodyTerm(12, starts_at_month=3)], 18),  # inside the first
        ([CustodyTerm(6), CustodyTerm(6, 6), CustodyTerm(6, 12)], 18),
        ([CustodyTerm(12, 3), CustodyTerm(12, 15)], 24),  # need not start at 0
        ([CustodyTerm(18, 12), CustodyTerm(12)], 30),  # order does not matter
        ([CustodyTerm(5)], 5),
    ],
)
def test_combined_custody_months(terms: list[CustodyTerm], expected: int) -> None:
    assert combined_custody_months(terms) == expected


def test_two_consecutive_terms_of_15_months_make_notification_indefinite() -> None:
    months = combined_custody_months([CustodyTerm(15), CustodyTerm(15, 15)])
    assert period(Disposal.CUSTODY, custody_months=months).indefinite


@pytest.mark.parametrize(
    "terms",
    [
        [],
        [CustodyTerm(0)],
        [CustodyTerm(6, -1)],
        [CustodyTerm(6), CustodyTerm(6, 7)],  # a gap: not consecutive or concurrent
    ],
)
def test_combined_custody_months_errors(terms: list[CustodyTerm]) -> None:
    with pytest.raises(RuleInputError) as caught:
        combined_custody_months(terms)
    assert caught.value.field == "terms"


# Properties

INFINITY = 10**9


def total_months(p: NotificationPeriod) -> int:
    return INFINITY if p.indefinite else 12 * p.years + p.months


dobs = st.dates(min_value=date(1940, 1, 1), max_value=date(2020, 1, 1))
relevant_dates = st.dates(min_value=date(2004, 5, 1), max_value=date(2040, 1, 1))


@given(
    a=st.integers(min_value=0, max_value=600),
    b=st.integers(min_value=0, max_value=600),
    dob=dobs,
    relevant=relevant_dates,
)
def test_longer_sentence_never_gives_shorter_period(a: int, b: int, dob: date, relevant: date) -> None:
    if dob > relevant:
        dob, relevant = relevant, dob
    shorter, longer = sorted((a, b))
    p_short = period(Disposal.CUSTODY, dob=dob, relevant=relevant, custody_months=shorter)
    p_long = period(Disposal.CUSTODY, dob=dob, relevant=relevant, custody_months=longer)
    assert total_months(p_short) <= total_months(p_long)
    life = period(Disposal.CUSTODY, dob=dob, relevant=relevant, life=True)
    assert total_months(p_long) <= total_months(life)


@given(
    disposal=st.sampled_from(list(Disposal)),
    custody=st.integers(min_value=0, max_value=600),
    discharge=st.integers(min_value=1, max_value=36),
    relevant=relevant_dates,
    age_days=st.integers(min_value=0, max_value=17 * 365),
)
def test_under_18_period_is_never_longer_than_adult(
    disposal: Disposal, custody: int, discharge: int, relevant: date, age_days: int
) -> None:
    kwargs: dict[str, Any] = {}
    if disposal is Disposal.CUSTODY:
        kwargs["custody_months"] = custody
    if disposal is Disposal.CONDITIONAL_DISCHARGE:
        kwargs["discharge_months"] = discharge
    young = period(disposal, dob=relevant - timedelta(days=age_days), relevant=relevant, **kwargs)
    adult = period(disposal, dob=date(1930, 1, 1), relevant=relevant, **kwargs)
    assert young.under_18
    assert total_months(young) <= total_months(adult)
    if not young.indefinite:
        assert young.ends_on is not None and adult.ends_on is not None
        assert young.ends_on <= adult.ends_on


@st.composite
def joined_terms(draw: st.DrawFn) -> list[CustodyTerm]:
    """Terms forming one unbroken stretch: each starts by the end of those before."""
    terms: list[CustodyTerm] = []
    end = 0
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        months = draw(st.integers(min_value=1, max_value=120))
        start = draw(st.integers(min_value=0, max_value=end))
        terms.append(CustodyTerm(months, start))
        end = max(end, start + months)
    return draw(st.permutations(terms))


@given(terms=joined_terms())
def test_combined_is_between_longest_term_and_sum(terms: list[CustodyTerm]) -> None:
    combined = combined_custody_months(terms)
    assert max(t.months for t in terms) <= combined <= sum(t.months for t in terms)
