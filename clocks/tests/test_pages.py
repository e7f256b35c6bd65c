"""The calculator page, the rules catalogue and the clocks on the MAPPA registration page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from accounts.models import Role, User
from rules.catalogue import catalogue

from .conftest import ALL_ROLES, PEOPLE_ROLES

CALCULATOR = "/rules/notification-calculator/"
CATALOGUE = "/rules/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(**fields: Any) -> dict[str, str]:
    """The calculator form as a browser posts it, with dates split into day, month and year."""
    data: dict[str, str] = {}
    for name in ("date_of_birth", "relevant_date"):
        value: date | None = fields.pop(name, None)
        if value is not None:
            data |= {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}
    return data | {k: str(v) for k, v in fields.items()}


def error_summary(html: str) -> list[tuple[str, str]]:
    """(anchor, message) for each link in the GOV.UK error summary."""
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', match.group(0))


@pytest.fixture
def practitioner(make_user: Callable[..., User]) -> Client:
    return signed_in(make_user(Role.PROBATION_OM))


@pytest.mark.django_db
class TestCalculatorPage:
    def test_the_empty_form(self, practitioner: Client) -> None:
        response = practitioner.get(CALCULATOR)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Notification period calculator" in html
        for name in ("date_of_birth-day", "relevant_date-year", "custody_months", "discharge_months"):
            assert f'name="{name}"' in html
        assert len(re.findall(r'name="disposal" type="radio"', html)) == 6
        assert "govuk-error-summary" not in html
        assert 'id="result"' not in html

    def test_a_valid_submission_shows_the_result(self, practitioner: Client) -> None:
        response = practitioner.post(
            CALCULATOR,
            form_data(
                date_of_birth=date(2008, 1, 1), relevant_date=date(2024, 3, 15), disposal="custody", custody_months=6
            ),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "govuk-error-summary" not in html
        result = html[html.index('id="result"') :]
        assert "3 years 6 months" in result and "(P3Y6M)" in result
        assert "15 September 2027" in result
        assert "up to and including 14 September 2027" in result
        assert re.search(r"Under 18 on the relevant date</dt>\s*<dd[^>]*>Yes", result)
        assert "Sexual Offences Act 2003 s82(1)-(2)" in result
        assert 'href="/rules/#soa82.custody_6_months_or_less"' in result
        # The form keeps what was entered.
        assert 'name="custody_months" type="text" value="6"' in html
        assert 'value="custody" checked' in html

    def test_indefinite(self, practitioner: Client) -> None:
        html = practitioner.post(
            CALCULATOR,
            form_data(
                date_of_birth=date(1980, 1, 1), relevant_date=date(2024, 3, 15), disposal="custody", custody_months=30
            ),
        ).content.decode()
        result = html[html.index('id="result"') :]
        assert "Indefinite" in result
        assert "No end date: notification is indefinite" in result
        assert "review 15 years after their first notification following release" in result
        assert re.search(r"Under 18 on the relevant date</dt>\s*<dd[^>]*>No", result)

    @pytest.mark.parametrize(
        ("fields", "anchor", "message"),
        [
            (
                {"date_of_birth": date(2024, 3, 16), "relevant_date": date(2024, 3, 15), "disposal": "caution"},
                "id_date_of_birth-day",
                "The date of birth must be on or before the relevant date",
            ),
            (
                {"date_of_birth": date(1980, 1, 1), "relevant_date": date(2024, 3, 15), "disposal": "custody"},
                "id_custody_months",
                "The custody length in months is required for a custody disposal",
            ),
            (
                {
                    "date_of_birth": date(1980, 1, 1),
                    "relevant_date": date(2024, 3, 15),
                    "disposal": "custody",
                    "custody_months": -2,
                },
                "id_custody_months",
                "The custody length in months must not be negative",
            ),
            (
                {
                    "date_of_birth": date(1980, 1, 1),
                    "relevant_date": date(2024, 3, 15),
                    "disposal": "custody",
                    "custody_months": 12,
                    "discharge_months": 12,
                },
                "id_discharge_months",
                "The discharge period in months applies only to a conditional discharge",
            ),
            (
                {
                    "date_of_birth": date(1980, 1, 1),
                    "relevant_date": date(2024, 3, 15),
                    "disposal": "conditional_discharge",
                },
                "id_discharge_months",
                "The discharge period in months must be a positive number of months for a conditional discharge",
            ),
            (
                {"date_of_birth": date(1980, 1, 1), "relevant_date": date(2024, 3, 15), "disposal": "life_on_mars"},
                "id_disposal_0",
                "Select one of the disposals listed",
            ),
            (
                {"date_of_birth": date(1980, 1, 1), "relevant_date": date(2024, 3, 15)},
                "id_disposal_0",
                "Select the disposal",
            ),
            (
                {"relevant_date": date(2024, 3, 15), "disposal": "caution"},
                "id_date_of_birth-day",
                "Enter the date of birth",
            ),
            (
                {"date_of_birth": date(1980, 1, 1), "disposal": "custody", "custody_months": "twelve"},
                "id_relevant_date-day",
                "Enter the relevant date: the date of the conviction, caution or finding",
            ),
            (
                {"date_of_birth": date(1980, 1, 1), "disposal": "custody", "custody_months": "twelve"},
                "id_custody_months",
                "Enter the length of custody as a whole number of months",
            ),
        ],
    )
    def test_bad_input_gets_an_error_summary(
        self, practitioner: Client, fields: dict[str, Any], anchor: str, message: str
    ) -> None:
        response = practitioner.post(CALCULATOR, form_data(**fields))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<title>Error: " in html
        summary = error_summary(html)
        assert (anchor, message) in summary, summary
        # Every link in the summary goes to an input on the page.
        for target, _ in summary:
            assert f'id="{target}"' in html
        assert 'id="result"' not in html
        assert "govuk-form-group--error" in html

    def test_a_date_that_is_not_real(self, practitioner: Client) -> None:
        data = form_data(relevant_date=date(2024, 3, 15), disposal="caution") | {
            "date_of_birth-day": "31",
            "date_of_birth-month": "2",
            "date_of_birth-year": "1980",
        }
        summary = error_summary(practitioner.post(CALCULATOR, data).content.decode())
        assert ("id_date_of_birth-day", "Enter a real date, for example 27 3 2007") in summary

    def test_it_is_linked_from_the_service_navigation(self, practitioner: Client) -> None:
        assert f'href="{CALCULATOR}"' in practitioner.get("/").content.decode()


@pytest.mark.django_db
class TestCatalogue:
    def test_every_rule_with_its_citation(self, make_user: Callable[..., User]) -> None:
        html = signed_in(make_user(Role.LAY_ADVISER)).get(CATALOGUE).content.decode()
        for entry in catalogue():
            row = html[html.index(f'id="{entry.key}"') :]
            row = row[: row.index("</tr>")]
            assert entry.statement.replace("'", "&#x27;") in row
            assert entry.citation.replace("'", "&#x27;") in row


@pytest.mark.django_db
class TestRegistrationPageClocks:
    def test_the_clocks_table(self, make_person: Callable[..., Any], officer: User) -> None:
        nominal, registration = make_person(category=1, level=2, sentence_months=18)
        html = signed_in(officer).get(f"/people/{nominal.pk}/mappa/").content.decode()
        table = html[html.index('id="clocks"') :]
        table = table[: table.index("</table>")]
        headings = re.findall(r'<th scope="col" class="govuk-table__header[^"]*">([^<]+)</th>', table)
        assert headings == ["What", "Due by", "Status", "Source"]
        assert "Level 2 review" in table
        # The registration's own next review date is the review clock's date.
        assert f"{registration.next_review_due_on:%-d %b %Y}" in table
        assert "Notification ends: leaves MAPPA (category 1)" in table
        assert "15 Mar 2030" in table
        assert "Retention review at 100" in table
        assert "1 Jan 2080" in table
        assert "Sexual Offences Act 2003 s82(1)-(2)" in table
        assert 'href="/rules/#exit.category_1"' in table
        # Registered in 2020 at level 2 and never reviewed since: the review is overdue.
        assert '<strong class="govuk-tag govuk-tag--red" data-clock-status="overdue">Overdue</strong>' in table
        assert '<strong class="govuk-tag govuk-tag--grey" data-clock-status="not_due">Not yet due</strong>' in table

    def test_category_3_shows_the_meeting_decision(self, make_person: Callable[..., Any], officer: User) -> None:
        nominal, _ = make_person(category=3, level=2)
        html = signed_in(officer).get(f"/people/{nominal.pk}/mappa/").content.decode()
        assert "Leaves MAPPA only by a MAPP meeting decision (category 3)" in html
        assert "No date" in html

    def test_someone_else_s_person_is_a_404(
        self, make_person: Callable[..., Any], make_user: Callable[..., User]
    ) -> None:
        nominal, _ = make_person()
        assert signed_in(make_user(Role.PRISON_OM)).get(f"/people/{nominal.pk}/mappa/").status_code == 404


@pytest.mark.django_db
class TestPageAccess:
    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_calculator_by_role(self, role: str, make_user: Callable[..., User]) -> None:
        client = signed_in(make_user(role))
        allowed = role in PEOPLE_ROLES
        assert client.get(CALCULATOR).status_code == (200 if allowed else 404)
        data = form_data(date_of_birth=date(1980, 1, 1), relevant_date=date(2024, 3, 15), disposal="caution")
        response = client.post(CALCULATOR, data)
        assert response.status_code == (200 if allowed else 404)
        assert ('id="result"' in response.content.decode()) is allowed

    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_catalogue_by_role(self, role: str, make_user: Callable[..., User]) -> None:
        response = signed_in(make_user(role)).get(CATALOGUE)
        assert response.status_code == 200
        assert "Rules and their sources" in response.content.decode()

    @pytest.mark.parametrize("url", [CALCULATOR, CATALOGUE])
    def test_signed_out_goes_to_sign_in(self, url: str) -> None:
        for response in (Client().get(url), Client().post(url, {})):
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/sign-in/?next=")

    def test_an_inactive_user_is_refused(self, make_user: Callable[..., User]) -> None:
        user = make_user(Role.PROBATION_OM)
        client = signed_in(user)
        User.objects.filter(pk=user.pk).update(is_active=False)
        assert client.get(CALCULATOR).status_code in (302, 404)
