"""Input the database cannot store is a 400 naming the field, on both faces, never a 500:
the NUL character in the path, a query parameter, a form field or anywhere in JSON; JSON
nested thousands deep; an integer beyond its column (kernel/input_checks.py,
kernel/parsers.py, kernel/field_policy.py)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from accounts.models import User
from conftest import agency
from kernel.field_policy import INTEGER_MAX
from kernel.input_checks import json_problem

pytestmark = pytest.mark.django_db


def _errors(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    return list(response.json()["errors"])


# --- Query parameters and the path -------------------------------------------------------------


def test_a_nul_in_an_api_query_parameter_is_a_400_naming_it(police_om: User, bearer: Any) -> None:
    errors = _errors(bearer(police_om).get("/api/v1/nominals/?q=ab%00cd"))
    assert [e["field"] for e in errors] == ["q"]
    assert "NUL" in errors[0]["message"]


def test_a_nul_in_a_page_query_parameter_is_the_400_page_naming_it(police_om: User, signed_in: Any) -> None:
    response = signed_in(police_om).get("/people/?q=ab%00cd")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field="q"' in page and "govuk-error-summary" in page and "<main" in page


def test_a_clean_query_still_works(police_om: User, bearer: Any, signed_in: Any) -> None:
    assert bearer(police_om).get("/api/v1/nominals/?q=abcd").status_code == 200
    assert signed_in(police_om).get("/people/?q=abcd").status_code == 200


def test_a_nul_in_the_path_is_a_400(police_om: User, signed_in: Any) -> None:
    assert signed_in(police_om).get("/people/ab%00cd/").status_code == 400


# --- Form fields (pages) -----------------------------------------------------------------------


def test_a_nul_in_a_form_choice_field_is_the_400_page_naming_it(
    police_om: User, signed_in: Any, make_person: Any
) -> None:
    person = make_person(police_om)
    response = signed_in(police_om).post(
        reverse("cases:register", args=[person.pk]),
        {"lead_agency": "DEMO\x00POL", "category": "1", "level": "1"},
    )
    assert response.status_code == 400
    assert 'data-field="lead_agency"' in response.content.decode()


# --- JSON (the API) ----------------------------------------------------------------------------


def test_a_nul_in_a_json_choice_is_a_400_naming_the_field(police_om: User, bearer: Any, make_person: Any) -> None:
    person = make_person(police_om)
    response = bearer(police_om).post(
        f"/api/v1/nominals/{person.pk}/registrations/",
        {"lead_agency": "DEMO\x00POL", "category": 1, "level": 1},
        format="json",
    )
    assert _errors(response) == [
        {"field": "lead_agency", "message": "lead_agency contains the NUL character, which is not allowed"}
    ]


def test_a_nul_in_a_json_list_names_the_item(police_om: User, bearer: Any, make_person: Any) -> None:
    person = make_person(police_om)
    response = bearer(police_om).post(
        f"/api/v1/nominals/{person.pk}/registrations/",
        {"lead_agency": "DEMO-POL", "partner_agencies": ["DEMO-PRO", "DE\x00MO"]},
        format="json",
    )
    assert [e["field"] for e in _errors(response)] == ["partner_agencies.1"]


def test_a_nul_in_a_json_key_is_refused(police_om: User, bearer: Any) -> None:
    response = bearer(police_om).post("/api/v1/nominals/", {"family\x00name": "x"}, format="json")
    assert [e["field"] for e in _errors(response)] == ["family\\0name"]


def test_json_nested_five_thousand_deep_is_a_400(police_om: User, bearer: Any) -> None:
    body = "[" * 5000 + "]" * 5000
    response = bearer(police_om).post("/api/v1/nominals/", body, content_type="application/json")
    assert "nested" in _errors(response)[0]["message"]
    nested: Any = 1
    for _ in range(40):  # deeper than any payload, shallow enough for the parser
        nested = [nested]
    shallow_but_deep = json.dumps({"aliases": [{"a": nested}]})
    response = bearer(police_om).post("/api/v1/nominals/", shallow_but_deep, content_type="application/json")
    assert "nested" in _errors(response)[0]["message"]


def test_an_integer_beyond_its_column_is_a_400_naming_the_field(
    probation_om: User, bearer: Any, make_person: Any, make_registration: Any
) -> None:
    person = make_person(probation_om)
    make_registration(person, probation_om)
    entered = timezone.localdate() - timedelta(days=300)
    body = {
        "prison": "DEMO-PRI",
        "reason": "sentence",
        "entered_on": entered.isoformat(),
        "sentence_date": entered.isoformat(),
        "sentence_months": 6469693229,
    }
    response = bearer(probation_om).post(f"/api/v1/nominals/{person.pk}/custody/", body, format="json")
    assert [e["field"] for e in _errors(response)] == ["sentence_months"]
    assert agency("DEMO-PRI")  # the payload is otherwise one the API accepts


def test_a_number_beyond_64_bits_is_refused_wherever_it_is(police_om: User, bearer: Any) -> None:
    response = bearer(police_om).post(
        "/api/v1/nominals/", '{"x": 99999999999999999999999}', content_type="application/json"
    )
    assert [e["field"] for e in _errors(response)] == ["x"]


# --- The policy itself -------------------------------------------------------------------------


def test_unbounded_integer_fields_get_the_bounds_of_an_integer_column() -> None:
    with pytest.raises(DjangoValidationError):
        forms.IntegerField().clean("6469693229")
    assert forms.IntegerField().clean(str(INTEGER_MAX)) == INTEGER_MAX
    with pytest.raises(serializers.ValidationError):
        serializers.IntegerField().run_validation(6469693229)
    assert serializers.IntegerField(max_value=10).max_value == 10  # its own bounds kept
    assert forms.FloatField().max_value is None  # not an integer column


def test_json_problem_walks_without_recursion() -> None:
    deep: Any = 1
    for _ in range(100_000):
        deep = [deep]
    assert json_problem(deep) is not None
    assert json_problem({"a": [1, "b", {"c": None}]}) is None
