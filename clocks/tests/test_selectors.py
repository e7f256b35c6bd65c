"""clocks_for: every clock that applies to a person, from the facts on record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.http import Http404

from accounts.models import Role, User
from cases import services as case_services
from cases.models import Registration
from clocks.states import clocks_for
from kernel.actor import Actor
from register.models import Nominal
from rules.clocks import Clock, ClockStatus

MakePerson = Callable[..., tuple[Nominal, Registration | None]]
TODAY = date(2020, 5, 1)


def by_key(clocks: list[Clock]) -> dict[str, Clock]:
    return {clock.key: clock for clock in clocks}


def keys(clocks: list[Clock]) -> list[str]:
    return [clock.key for clock in clocks]


@pytest.fixture
def clocks(officer: User) -> Callable[..., list[Clock]]:
    def read(nominal: Nominal, today: date = TODAY, user: User | None = None) -> list[Clock]:
        return clocks_for(requested_by=user or officer, nominal=nominal, today=today)

    return read


@pytest.mark.django_db
class TestCategory1:
    def test_fixed_period(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=1, level=1, sentence_months=18)
        result = clocks(nominal)
        assert keys(result) == [
            "reviews.level_1",
            "exit.category_1",
            "soa83.initial_notification",
            "retention.hundredth_birthday",
        ]
        review, leaving, initial, retention = result
        # No notification is recorded: the initial one was due 3 days from the conviction.
        assert (initial.due_on, initial.status) == (date(2020, 3, 17), ClockStatus.OVERDUE)
        assert review.due_on == date(2020, 4, 1) + timedelta(weeks=16)
        assert review.status == ClockStatus.NOT_DUE
        assert leaving.due_on == date(2030, 3, 15)
        assert leaving.status == ClockStatus.NOT_DUE
        assert leaving.label == "Notification ends: leaves MAPPA (category 1)"
        assert "10 years from the conviction on 15 March 2020" in leaving.detail
        assert "up to and including 14 March 2030" in leaving.detail
        # The citation names the s82 row and the exit rule.
        assert leaving.citation.startswith("Sexual Offences Act 2003 s82(1)-(2)")
        assert "Cases no longer eligible for MAPPA" in leaving.citation
        assert retention.due_on == date(2080, 1, 1)
        assert retention.citation.startswith("Seed 003")

    @pytest.mark.parametrize(
        ("months", "due_on"),
        [(30, None), (29, date(2030, 3, 15)), (7, date(2030, 3, 15)), (6, date(2027, 3, 15))],
    )
    def test_custody_boundaries(self, make_person: MakePerson, clocks: Any, months: int, due_on: date | None) -> None:
        nominal, _ = make_person(category=1, sentence_months=months)
        assert by_key(clocks(nominal))["exit.category_1"].due_on == due_on

    def test_under_18_halved(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=1, date_of_birth=date(2004, 6, 1), sentence_months=12)
        leaving = by_key(clocks(nominal))["exit.category_1"]
        assert leaving.due_on == date(2025, 3, 15)
        assert "5 years" in leaving.detail and "halved as under 18" in leaving.detail

    @pytest.mark.parametrize(
        ("disposal", "months", "due_on"),
        [
            ("caution", None, date(2022, 3, 15)),
            ("other", None, date(2025, 3, 15)),
            ("hospital_without_restriction", None, date(2027, 3, 15)),
            # A conditional discharge's sentence length is the length of the discharge.
            ("conditional_discharge", 24, date(2022, 3, 15)),
            # A community order's length does not change the "any other disposal" period.
            ("other", 24, date(2025, 3, 15)),
        ],
    )
    def test_other_disposals(
        self, make_person: MakePerson, clocks: Any, disposal: str, months: int | None, due_on: date
    ) -> None:
        nominal, _ = make_person(category=1, disposal=disposal, sentence_months=months)
        assert by_key(clocks(nominal))["exit.category_1"].due_on == due_on

    def test_conditional_discharge_without_its_length(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=1, disposal="conditional_discharge", sentence_months=None)
        leaving = by_key(clocks(nominal))["exit.category_1"]
        assert leaving.due_on is None
        assert "No date can be computed from the index offence" in leaving.detail
        assert "The discharge period in months must be a positive number" in leaving.detail

    @pytest.mark.parametrize("months", [30, 1200])
    def test_indefinite_has_no_exit_and_a_review_from_first_notification(
        self, make_person: MakePerson, clocks: Any, months: int
    ) -> None:
        nominal, _ = make_person(category=1, sentence_months=months)
        result = clocks(nominal)
        assert keys(result) == [
            "reviews.level_1",
            "exit.category_1",
            "soa91b.review_adult",
            "soa83.initial_notification",
            "retention.hundredth_birthday",
        ]
        found = by_key(result)
        assert found["exit.category_1"].due_on is None
        assert found["exit.category_1"].status == ClockStatus.NOT_DUE
        assert "Indefinite notification" in found["exit.category_1"].detail
        review = found["soa91b.review_adult"]
        assert review.due_on is None
        assert review.status == ClockStatus.NOT_DUE
        assert "first notification following release" in review.detail
        assert "not recorded" in review.detail
        assert "cannot be before 15 March 2035" in review.detail
        assert "s91B(2)(a)" in review.citation

    def test_the_review_of_indefinite_notification_runs_from_the_recorded_notification(
        self, make_person: MakePerson, clocks: Any, officer: User
    ) -> None:
        from notifications import services as notification_services

        nominal, _ = make_person(category=1, sentence_months=48)
        for kind, on in (("initial", date(2020, 3, 16)), ("release", date(2022, 3, 1))):
            notification_services.record_notification(
                actor=Actor(officer),
                nominal=nominal,
                values={
                    "kind": kind,
                    "notified_on": on,
                    "event_on": on if kind == "release" else None,
                    "police_station": "Demotown Police Station",
                    "officer": "PC 1 Test",
                },
            )
        found = by_key(clocks(nominal, today=date(2022, 6, 1)))
        review = found["soa91b.review_adult"]
        assert review.due_on == date(2037, 3, 1)  # 15 years from the release notification
        assert "release from custody or detention on 1 March 2022" in review.detail
        assert found["soa83.initial_notification"].status == ClockStatus.MET
        assert found["soa85.annual_notification"].due_on == date(2023, 3, 1)

    def test_indefinite_under_18_reviews_after_8_years(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=1, date_of_birth=date(2004, 6, 1), disposal="hospital_with_restriction")
        review = by_key(clocks(nominal))["soa91b.review_under_18"]
        assert "Eligible 8 years" in review.detail
        assert "cannot be before 15 March 2028" in review.detail

    def test_without_an_index_offence(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=1, disposal=None)
        leaving = by_key(clocks(nominal))["exit.category_1"]
        assert leaving.due_on is None
        assert "No index offence is recorded" in leaving.detail

    def test_exit_status_through_the_years(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=1, sentence_months=18)

        def status(today: date) -> ClockStatus:
            return by_key(clocks(nominal, today=today))["exit.category_1"].status

        assert status(date(2030, 2, 1)) == ClockStatus.NOT_DUE
        assert status(date(2030, 3, 1)) == ClockStatus.DUE
        assert status(date(2030, 3, 15)) == ClockStatus.DUE
        assert status(date(2030, 3, 16)) == ClockStatus.OVERDUE


@pytest.mark.django_db
class TestCategories2To4:
    def test_category_2(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=2, level=2)
        result = clocks(nominal)
        assert keys(result) == ["reviews.level_2", "exit.category_2", "retention.hundredth_birthday"]
        review, leaving, _ = result
        assert review.due_on == date(2020, 4, 1) + timedelta(weeks=12)
        assert leaving.due_on is None
        assert "licence expiry" in leaving.detail

    def test_category_2_leaves_at_the_licence_expiry_recorded_on_custody(
        self, make_person: MakePerson, clocks: Any, officer: User
    ) -> None:
        from accounts.models import Agency, AgencyKind
        from custody.models import CustodyReason, CustodySpell

        nominal, _ = make_person(category=2, level=2)
        prison = Agency.objects.filter(kind=AgencyKind.PRISON).first()
        assert prison is not None
        CustodySpell.objects.create(
            nominal=nominal,
            prison=prison,
            reason=CustodyReason.SENTENCE,
            entered_on=date(2019, 1, 10),
            sentence_date=date(2019, 1, 10),
            licence_expiry_on=date(2031, 6, 30),
            recorded_by=officer,
        )
        leaving = by_key(clocks(nominal))["exit.category_2"]
        assert leaving.due_on == date(2031, 6, 30)
        assert "30 June 2031" in leaving.detail

    def test_category_3_leaves_only_by_a_meeting_decision(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=3, level=3)
        result = clocks(nominal)
        assert keys(result) == ["reviews.level_3", "exit.category_3", "retention.hundredth_birthday"]
        review, leaving, _ = result
        assert review.due_on == date(2020, 4, 1) + timedelta(weeks=6)
        assert leaving.due_on is None
        assert leaving.status == ClockStatus.NOT_DUE
        assert leaving.label == "Leaves MAPPA only by a MAPP meeting decision (category 3)"
        assert "MAPP meeting decides" in leaving.detail

    @pytest.mark.parametrize(
        ("date_of_birth", "disposal", "months", "due_on", "words"),
        [
            (date(1980, 1, 1), "custody", 72, date(2035, 3, 15), "15 years"),
            (date(1980, 1, 1), "custody", 120, date(2050, 3, 15), "30 years"),
            (date(1980, 1, 1), "custody", 1200, date(2050, 3, 15), "30 years"),
            (date(1980, 1, 1), "custody", 12, date(2030, 3, 15), "10 years"),
            (date(1980, 1, 1), "hospital_with_restriction", None, date(2030, 3, 15), "10 years"),
            # Counter-Terrorism Act 2008 s53(1)(c): under 18 at conviction is 10 years whatever the sentence.
            (date(2003, 6, 1), "custody", 144, date(2030, 3, 15), "under 18 at conviction"),
        ],
    )
    def test_category_4(
        self,
        make_person: MakePerson,
        clocks: Any,
        date_of_birth: date,
        disposal: str,
        months: int | None,
        due_on: date,
        words: str,
    ) -> None:
        nominal, _ = make_person(category=4, date_of_birth=date_of_birth, disposal=disposal, sentence_months=months)
        result = clocks(nominal)
        assert keys(result) == ["reviews.level_1", "exit.category_4", "retention.hundredth_birthday"]
        leaving = result[1]
        assert leaving.due_on == due_on
        assert words in leaving.detail
        assert leaving.citation.startswith("Counter-Terrorism Act 2008 s53")
        assert "s53(7)" in leaving.detail

    @pytest.mark.parametrize(
        ("disposal", "months", "words"),
        [
            ("custody", 6, "does not trigger notification"),
            ("caution", None, "does not bring notification"),
            ("conditional_discharge", 12, "does not bring notification"),
        ],
    )
    def test_category_4_without_a_notification_period(
        self, make_person: MakePerson, clocks: Any, disposal: str, months: int | None, words: str
    ) -> None:
        nominal, _ = make_person(category=4, disposal=disposal, sentence_months=months)
        leaving = by_key(clocks(nominal))["exit.category_4"]
        assert leaving.due_on is None
        assert words in leaving.detail


@pytest.mark.django_db
class TestReviewAndStatus:
    def test_review_status_follows_today(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=2, level=3)  # due 13 May 2020
        assert clocks(nominal, today=date(2020, 4, 28))[0].status == ClockStatus.NOT_DUE
        assert clocks(nominal, today=date(2020, 4, 29))[0].status == ClockStatus.DUE
        assert clocks(nominal, today=date(2020, 5, 13))[0].status == ClockStatus.DUE
        assert clocks(nominal, today=date(2020, 5, 14))[0].status == ClockStatus.OVERDUE

    def test_next_review_due_on_agrees_with_the_review_clock(
        self, make_person: MakePerson, clocks: Any, officer: User
    ) -> None:
        nominal, registration = make_person(category=1, level=1)
        assert registration is not None
        assert clocks(nominal)[0].due_on == registration.next_review_due_on
        for level, decided_on in ((2, date(2020, 6, 1)), (3, date(2020, 7, 1)), (1, date(2020, 7, 20))):
            registration = case_services.change_level(
                actor=Actor(officer),
                registration=registration,
                to_level=level,
                decided_on=decided_on,
                reason="Review",
                plan_agreed_on=decided_on,
                level_1_review_on=decided_on + timedelta(weeks=16),
                basis="continuation" if level > 1 else "review",
            )
            review = clocks(Nominal.objects.get(pk=nominal.pk))[0]
            assert review.key == f"reviews.level_{level}"
            assert review.due_on == registration.next_review_due_on
            assert "does not follow" not in review.detail

    def test_an_agreed_review_date_is_the_clock_and_says_the_cadence(
        self, make_person: MakePerson, clocks: Any
    ) -> None:
        nominal, registration = make_person(category=1, level=1)
        assert registration is not None
        agreed = date(2020, 4, 1) + timedelta(weeks=8)  # earlier than the cadence, as a meeting may agree
        Registration.objects.filter(pk=registration.pk).update(next_review_due_on=agreed)
        review = clocks(nominal)[0]
        assert review.due_on == agreed
        cadence = date(2020, 4, 1) + timedelta(weeks=16)
        assert f"(the level's cadence gives {cadence:%-d %B %Y})" in review.detail

    def test_archived_registration_has_no_review_and_its_exit_is_met(
        self, make_person: MakePerson, clocks: Any, officer: User
    ) -> None:
        nominal, registration = make_person(category=3, level=2)
        assert registration is not None
        case_services.archive(
            actor=Actor(officer),
            registration=registration,
            archived_on=date(2020, 4, 20),
            reason="Meeting decided",
            plan_agreed_on=date(2020, 4, 20),
            meeting_decided_on=date(2020, 4, 20),
        )
        result = clocks(Nominal.objects.get(pk=nominal.pk))
        assert keys(result) == ["exit.category_3", "retention.hundredth_birthday"]
        assert result[0].status == ClockStatus.MET

    def test_late_exit_is_met_with_its_lateness(self, make_person: MakePerson, clocks: Any, officer: User) -> None:
        nominal, registration = make_person(category=1, disposal="caution", conviction_date=date(2020, 3, 15))
        assert registration is not None
        case_services.archive(
            actor=Actor(officer), registration=registration, archived_on=date(2022, 3, 20), reason="Notification ended"
        )
        leaving = by_key(clocks(Nominal.objects.get(pk=nominal.pk), today=date(2022, 4, 1)))["exit.category_1"]
        assert leaving.status == ClockStatus.MET_LATE and leaving.days_late == 5
        assert "met 5 days late" in leaving.detail

    def test_not_registered_shows_only_retention(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(category=None)
        assert keys(clocks(nominal)) == ["retention.hundredth_birthday"]

    def test_retention_for_a_leap_day_birthday(self, make_person: MakePerson, clocks: Any) -> None:
        nominal, _ = make_person(date_of_birth=date(2000, 2, 29), conviction_date=date(2019, 3, 15))
        retention = by_key(clocks(nominal, today=date(2100, 2, 20)))["retention.hundredth_birthday"]
        assert retention.due_on == date(2100, 3, 1)  # 2100 is a common year: never before they turn 100
        assert retention.status == ClockStatus.DUE


@pytest.mark.django_db
class TestScope:
    @pytest.mark.parametrize("role", [Role.LAY_ADVISER, Role.SMB_MEMBER, Role.AUDITOR, Role.ADMIN, Role.DTC_SPOC])
    def test_people_the_user_may_not_see_are_missing(
        self, make_person: MakePerson, make_user: Callable[..., User], role: str
    ) -> None:
        nominal, _ = make_person()
        with pytest.raises(Http404):
            clocks_for(requested_by=make_user(role), nominal=nominal)

    def test_another_agency_without_involvement_may_not_see(
        self, make_person: MakePerson, make_user: Callable[..., User]
    ) -> None:
        nominal, _ = make_person()
        with pytest.raises(Http404):
            clocks_for(requested_by=make_user(Role.PRISON_OM), nominal=nominal)

    def test_the_coordinator_sees_their_area(self, make_person: MakePerson, make_user: Callable[..., User]) -> None:
        nominal, _ = make_person()
        assert clocks_for(requested_by=make_user(Role.COORDINATOR), nominal=nominal)
