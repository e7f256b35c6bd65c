"""API errors in the one shape integrations rely on:
{"errors": [{"field": "...", "message": "..."}]} with a 4xx status."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import StateConflict, VersionConflict, constraint_errors
from .if_match import PreconditionRequired


def _flatten(detail: Any, field: str = "non_field_errors") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        items: list[dict[str, str]] = []
        for key, value in detail.items():
            name = (
                field
                if key in ("non_field_errors", "__all__")
                else (key if field == "non_field_errors" else f"{field}.{key}")
            )
            items.extend(_flatten(value, name))
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, field)]
    return [{"field": field, "message": str(detail)}]


def errors_response(errors: list[dict[str, str]], code: int) -> Response:
    return Response({"errors": errors}, status=code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        problems = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        code = status.HTTP_409_CONFLICT if isinstance(exc, StateConflict) else status.HTTP_400_BAD_REQUEST
        return errors_response(_flatten(problems), code)
    if isinstance(exc, IntegrityError):  # a constraint race: another request got there first
        return errors_response(_flatten(constraint_errors(exc)), status.HTTP_409_CONFLICT)
    if isinstance(exc, VersionConflict):
        return errors_response([{"field": "If-Match", "message": str(exc)}], status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, PreconditionRequired):
        return errors_response([{"field": "If-Match", "message": str(exc.detail)}], exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _flatten(exc.detail)}
    else:
        message = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"errors": [{"field": "non_field_errors", "message": str(message)}]}
    return response
