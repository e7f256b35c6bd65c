"""Input the database cannot store, refused with a 400 that names the field, before any
view sees it (docs/decisions/0060-resilience-and-input.md).

- The NUL character: PostgreSQL cannot store it in text, and a lookup with it fails
  inside the driver. Refused in the path, every query parameter and every form field
  (RejectNulMiddleware), and anywhere in a JSON body, keys included (kernel/parsers.py).
- JSON nested deeper than any of our payloads (MAX_JSON_DEPTH): Python's parser would
  raise RecursionError, and walking it would too.
- Integers no column holds: JSON numbers beyond 64 bits here; an integer field of a form
  or serializer without its own bounds gets the bounds of a PostgreSQL integer column
  (kernel/field_policy.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

NUL = "\x00"
MAX_JSON_DEPTH = 32
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_message(field: str) -> str:
    return f"{field} contains the NUL character, which is not allowed"


def first_field_with_nul(fields: Iterable[tuple[str, list[str]]]) -> str | None:
    for name, values in fields:
        if NUL in name or any(NUL in value for value in values if isinstance(value, str)):
            return name.replace(NUL, "\\0")
    return None


def _field_with_nul(request: HttpRequest) -> str | None:
    if NUL in request.path:
        return "path"
    found = first_field_with_nul(request.GET.lists())
    if found is None and request.method == "POST" and request.content_type in FORM_TYPES:
        found = first_field_with_nul(request.POST.lists())
    return found


def bad_request(request: HttpRequest, field: str, message: str) -> HttpResponse:
    """A 400 in the API's error shape, or the GOV.UK page naming the field."""
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": [{"field": field, "message": message}]}, status=400)
    page = loader.get_template("400.html").render({"request": request, "field": field, "message": message})
    return HttpResponse(page, status=400)


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = _field_with_nul(request)
        if field is not None:
            return bad_request(request, field, nul_message(field))
        return self.get_response(request)


def json_problem(data: Any) -> tuple[str, str] | None:
    """The first (field, problem) in a parsed JSON document, or None. Walked without
    recursion, so a deep document cannot exhaust the stack here either."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        field = path or "non_field_errors"
        if depth > MAX_JSON_DEPTH:
            return field, f"The JSON is nested more than {MAX_JSON_DEPTH} deep"
        if isinstance(value, str):
            if NUL in value:
                return field, nul_message(field)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if not BIGINT_MIN <= value <= BIGINT_MAX:
                return field, f"{field} is too large a number"
        elif isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{key}" if path else str(key)
                if NUL in key:
                    return name.replace(NUL, "\\0"), nul_message(name.replace(NUL, "\\0"))
                stack.append((item, name, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{path}.{index}" if path else str(index), depth + 1) for index, item in enumerate(value)
            )
    return None
