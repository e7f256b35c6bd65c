"""The auditor's search of the audit log: auditors only, every search itself audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from access import policy
from accounts.models import AgencyKind, Role, User
from audit import trail
from audit.models import AuditEvent
from register.models import Nominal

from .test_viewers import (
    ALL_ROLES,
    agency,
    https_client,
    make_person,
    make_user,
    register_person,
    signed_in,
)

pytestmark = pytest.mark.django_db

PAGE = "/audit/"
API = "/api/v1/audit-events/"


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def record_on(day: date, hour: int = 12, **kwargs: object) -> AuditEvent:
    """An event written (through the chain, as ever) as if at noon on that day."""
    with mock.patch("audit.trail.timezone.now", return_value=at(day, hour)):
        return trail.record(**kwargs)  # type: ignore[arg-type]


def searches_by(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor=user, action="audit.search").order_by("id"))


@pytest.fixture
def scene() -> dict[str, object]:
    """Two people in DEMO viewed by a police and a probation officer, and one in another area."""
    police = make_user(Role.POLICE_OM, username="pc.jones")
    probation = make_user(Role.PROBATION_OM, username="po.smith")
    first = make_person(police, family_name="First")
    second = make_person(police, family_name="Second")
    register_person(first, acting=police, record_manager=police, lead=agency(AgencyKind.POLICE))
    elsewhere_user = make_user(Role.POLICE_OM, area="AVS", username="pc.avon")
    elsewhere = make_person(elsewhere_user, family_name="Elsewhere")
    record_on(
        date(2026, 1, 10), actor=police, action="nominal.view", nominal_id=first.pk, detail={"section": "summary"}
    )
    record_on(
        date(2026, 2, 10), actor=probation, action="nominal.view", nominal_id=first.pk, detail={"section": "mappa"}
    )
    record_on(date(2026, 3, 10), actor=probation, action="nominal.view", nominal_id=second.pk)
    record_on(date(2026, 3, 11), actor=elsewhere_user, action="nominal.view", nominal_id=elsewhere.pk)
    return {"police": police, "probation": probation, "first": first, "second": second, "elsewhere": elsewhere}


def results(searcher: User, /, **params: str) -> list[dict[str, Any]]:
    response = signed_in(searcher).get(API, params)
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


# --- The rule, for every role -----------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_auditor_may_search_the_audit_log(role: str) -> None:
    user = make_user(role)
    allowed = role == Role.AUDITOR
    assert policy.allows("audit_search", user) is allowed
    client = signed_in(user)
    assert client.get(PAGE).status_code == (200 if allowed else 404)
    assert client.get(PAGE, {"user": "anyone"}).status_code == (200 if allowed else 404)
    assert client.get(API).status_code == (200 if allowed else 404)
    assert client.get(API, {"user": "anyone"}).status_code == (200 if allowed else 404)
    # A refused search leaves no trace of a search, and an allowed one is recorded.
    assert len(searches_by(user)) == (3 if allowed else 0)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_auditor_sees_audit_events_through_the_policy(role: str, scene: dict[str, object]) -> None:
    visible = policy.visible_audit_events(make_user(role))
    assert visible.exists() is (role == Role.AUDITOR)


def test_signed_out_people_are_sent_to_sign_in_and_the_api_refuses() -> None:
    page = https_client().get(PAGE)
    assert page.status_code == 302 and "/accounts/sign-in/" in page["Location"]
    assert https_client().get(API).status_code in (401, 403)


def test_an_inactive_auditor_is_refused() -> None:
    auditor = make_user(Role.AUDITOR)
    auditor.is_active = False
    auditor.save()
    assert not policy.allows("audit_search", auditor)


def test_the_auditor_does_not_see_person_records(scene: dict[str, object]) -> None:
    auditor = make_user(Role.AUDITOR)
    person = scene["first"]
    assert isinstance(person, Nominal)
    client = signed_in(auditor)
    assert not policy.can_view_nominal(auditor, person)
    assert not policy.can_see_record_viewers(auditor, person)
    for url in (
        f"/people/{person.pk}/",
        f"/people/{person.pk}/personal-details/",
        f"/people/{person.pk}/mappa/",
        f"/people/{person.pk}/viewers/",
        f"/api/v1/nominals/{person.pk}/",
        f"/api/v1/nominals/{person.pk}/viewers/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/nominals/", {"q": person.family_name}).status_code == 404
    # The results name the record by reference, never by name.
    html = client.get(PAGE, {"nominal": str(person.pk)}).content.decode()
    assert person.reference in html
    assert person.family_name not in html


# --- Filters -------------------------------------------------------------------------------


def test_search_by_person_id_or_reference(scene: dict[str, object]) -> None:
    auditor = make_user(Role.AUDITOR, area="DEMO")
    first = scene["first"]
    assert isinstance(first, Nominal)
    by_id = results(auditor, nominal=str(first.pk))
    by_reference = results(auditor, nominal=first.reference.lower())
    assert by_id == by_reference
    assert {e["nominal"] for e in by_id} == {first.pk}
    # Created and registered (today), viewed in February and January: newest first.
    assert [e["action"] for e in by_id] == ["registration.create", "nominal.create", "nominal.view", "nominal.view"]
    assert [e["user"] for e in by_id][2:] == ["po.smith", "pc.jones"]
    assert results(auditor, nominal="DEMO-999999") == []


def test_search_by_user_and_agency(scene: dict[str, object]) -> None:
    auditor = make_user(Role.AUDITOR)
    by_user = results(auditor, user="po.smith")
    assert len(by_user) == 2 and {e["user"] for e in by_user} == {"po.smith"}
    by_agency = results(auditor, agency="demo-prb")
    assert {e["agency"] for e in by_agency} == {"DEMO-PRB"}
    assert {e["user"] for e in by_agency} >= {"po.smith"}
    both = results(auditor, user="pc.jones", agency="DEMO-PRB")
    assert both == []


def test_search_by_date_range_is_inclusive_and_newest_first(scene: dict[str, object]) -> None:
    auditor = make_user(Role.AUDITOR)
    found = results(auditor, **{"from": "2026-02-10", "to": "2026-03-10"})
    days = [e["occurred_at"][:10] for e in found]
    assert days == ["2026-03-10", "2026-02-10"]
    assert [e["occurred_at"][:10] for e in results(auditor, to="2026-01-10")] == ["2026-01-10"]


def test_an_area_auditor_sees_their_area_and_a_national_auditor_every_area(scene: dict[str, object]) -> None:
    elsewhere = scene["elsewhere"]
    assert isinstance(elsewhere, Nominal)
    area_auditor = make_user(Role.AUDITOR, area="DEMO")
    national = make_user(Role.AUDITOR)
    national.area = None
    national.save()
    assert results(area_auditor, nominal=str(elsewhere.pk)) == []
    assert results(area_auditor, user="pc.avon") == []
    assert {e["user"] for e in results(national, nominal=str(elsewhere.pk))} == {"pc.avon"}


def test_results_are_paginated_newest_first() -> None:
    user = make_user(Role.POLICE_OM, username="busy.user")
    for index in range(60):
        record_on(date(2026, 1, 1) + timedelta(days=index), actor=user, action="auth.sign_in")
    auditor = make_user(Role.AUDITOR)
    client = signed_in(auditor)
    first = client.get(PAGE, {"user": "busy.user"})
    assert first.status_code == 200
    rows = first.context["rows"]
    assert len(rows) == 50
    assert rows[0].occurred_at.date() == date(2026, 3, 1)
    assert [r.occurred_at for r in rows] == sorted((r.occurred_at for r in rows), reverse=True)
    html = first.content.decode()
    assert "60 events found" in html
    assert "user=busy.user&amp;page=2" in html
    second = client.get(PAGE, {"user": "busy.user", "page": "2"})
    assert len(second.context["rows"]) == 10
    api = client.get(API, {"user": "busy.user"}).json()
    assert api["count"] == 60 and len(api["results"]) == 50 and api["next"]


# --- Bad input -------------------------------------------------------------------------------


def test_the_page_without_filters_shows_the_form_and_records_nothing() -> None:
    auditor = make_user(Role.AUDITOR)
    response = signed_in(auditor).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Search the audit log" in html and 'name="from-day"' in html
    assert "There is a problem" not in html
    assert searches_by(auditor) == []


def test_an_end_date_before_the_start_date_gets_the_error_summary() -> None:
    auditor = make_user(Role.AUDITOR)
    response = signed_in(auditor).get(
        PAGE,
        {"from-day": "10", "from-month": "3", "from-year": "2026", "to-day": "1", "to-month": "3", "to-year": "2026"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Search the audit log" in html
    assert "There is a problem" in html
    assert '<a href="#id_to-day">The end date must be the same as or after the start date</a>' in html
    assert "govuk-form-group--error" in html
    assert 'value="10"' in html  # what was typed is kept
    assert searches_by(auditor) == []


def test_the_api_names_the_bad_filter() -> None:
    auditor = make_user(Role.AUDITOR)
    client = signed_in(auditor)
    response = client.get(API, {"from": "2026-03-10", "to": "2026-03-01"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "to", "message": "The end date must be the same as or after the start date"}]
    }
    bad_date = client.get(API, {"from": "10/03/2026"})
    assert bad_date.status_code == 400
    assert bad_date.json()["errors"][0]["field"] == "from"
    bad_person = client.get(API, {"nominal": "Robert'); DROP TABLE"})
    assert bad_person.status_code == 400
    assert bad_person.json()["errors"][0]["field"] == "nominal"
    assert searches_by(auditor) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from-day": "31", "from-month": "2", "from-year": "2026"}, "Enter a real date"),
        ({"nominal": "Smith, John"}, "Enter an OpenMAPPA reference"),
        ({"from-day": "1", "from-month": "1", "from-year": str(date.today().year + 2)}, "must be today or in the past"),
    ],
)
def test_other_bad_input_is_named(params: dict[str, str], message: str) -> None:
    response = signed_in(make_user(Role.AUDITOR)).get(PAGE, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html


# --- Every search is audited ----------------------------------------------------------------


def test_every_search_is_itself_an_audit_event(scene: dict[str, object]) -> None:
    auditor = make_user(Role.AUDITOR, username="the.auditor")
    client = signed_in(auditor)
    client.get(
        PAGE, {"user": "po.smith", "from-day": "1", "from-month": "1", "from-year": "2026"}, REMOTE_ADDR="10.0.0.7"
    )
    client.get(API, {"agency": "DEMO-POL", "to": "2026-12-31"})
    page_search, api_search = searches_by(auditor)
    assert page_search.detail == {
        "filters": {"nominal": "", "user": "po.smith", "agency": "", "from": "2026-01-01", "to": ""},
        "count": 2,
        "page": 1,
    }
    assert page_search.ip_address == "10.0.0.7"
    assert page_search.nominal_id is None  # the record's own viewers list does not show the audit
    assert api_search.detail["filters"] == {
        "nominal": "",
        "user": "",
        "agency": "DEMO-POL",
        "from": "",
        "to": "2026-12-31",
    }
    assert api_search.detail["api"] is True
    # The auditor's searches can themselves be searched.
    found = results(make_user(Role.AUDITOR), user="the.auditor")
    assert {e["action"] for e in found} == {"audit.search"}
    assert "OK" in _verify()


def _verify() -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_auditor_is_offered_the_audit_log_in_the_menu(role: str) -> None:
    page = signed_in(make_user(role)).get("/")
    assert page.status_code == 200
    assert (b'href="/audit/"' in page.content) == (role == Role.AUDITOR)
