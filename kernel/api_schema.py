"""The OpenAPI schema documents the errors every operation can answer.

Every endpoint shares one error shape ({"errors": [{"field", "message"}]}, see api_errors)
and a small set of statuses that come from the framework rather than from the endpoint:
validation, authentication, need-to-know (missing and forbidden both 404), throttling and
an unavailable database; writes add version and idempotency conflicts. Declaring them once
here keeps every operation's documented statuses true without repeating them per view."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

_FIELD_ERROR = inline_serializer(
    "ApiFieldError",
    {
        "field": serializers.CharField(help_text="The request field at fault (or non_field_errors)."),
        "message": serializers.CharField(help_text="The rule it breaks."),
    },
)
ERRORS_BODY = inline_serializer("ApiErrors", {"errors": _FIELD_ERROR.__class__(many=True)})

EVERY_OPERATION = {
    "400": "The request breaks a rule; each error names its field.",
    "401": "No valid bearer token or session.",
    "404": "Not found, or not the caller's to see (the two are not told apart).",
    "429": "Too many requests; try again later.",
    "503": "The service is briefly unavailable; try again after Retry-After seconds.",
}
WRITES = {
    "409": "The write conflicts with the record's current state or another record.",
    "412": "If-Match names a version that is no longer current.",
    "422": "The Idempotency-Key was already used with a different request body.",
    "428": "If-Match is required on this write.",
}


class ErrorsDocumentedAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        statuses = dict(EVERY_OPERATION)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            statuses |= WRITES
        for code, description in statuses.items():
            if code not in responses:
                body = self._get_response_for_code(ERRORS_BODY, code, direction=direction)  # type: ignore[no-untyped-call]  # drf-spectacular's own, untyped
                responses[code] = {**body, "description": description}
        return responses
