"""The OpenAPI schema documents what every operation really answers.

Every endpoint shares one error shape ({"errors": [{"field", "message"}]}, see api_errors)
and a small set of statuses that come from the framework rather than from the endpoint:
validation, authentication, need-to-know (missing and forbidden both 404), throttling and
an unavailable database; writes add version and idempotency conflicts. Declaring them once
here keeps every operation's documented statuses true without repeating them per view.
Read-only fields are documented as blank or null where their model field allows it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
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


def _model_fields_behind(field: Any) -> list[Any]:
    """The model fields a serializer field reads, following a dotted source through its
    relations (empty when the field is not read from a model)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    found: list[Any] = []
    for part in (field.source or "").split("."):
        if model is None or part == "*":
            return found
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return found
        found.append(model_field)
        model = model_field.related_model if model_field.is_relation else None
    return found


def _as_answered(field: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """A read-only field's schema widened to what it really answers. DRF drops allow_blank
    and allow_null from read-only model fields, so without this an optional choice left
    blank ("") or an empty optional link (null) would break the documented schema."""
    chain = _model_fields_behind(field)
    nullable = (
        any(getattr(model_field, "null", False) for model_field in chain) or getattr(field, "default", ...) is None
    )
    last = chain[-1] if chain else None
    blank_text = isinstance(last, models.CharField) and last.blank and not last.null
    if blank_text and ("enum" in schema or "allOf" in schema or "$ref" in schema or "format" in schema):
        inner = {key: value for key, value in schema.items() if key not in ("readOnly", "description")}
        widened: dict[str, Any] = {"oneOf": [inner, {"type": "string", "enum": [""]}], "readOnly": True}
        if "description" in schema:
            widened["description"] = schema["description"]
        schema = widened
    if nullable:
        schema = {**schema, "nullable": True}
    return schema


# Times of day are local wall-clock times ("14:00" or "14:00:00", as Django writes them);
# JSON Schema's "time" format would demand a UTC offset they do not have.
LOCAL_TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$", "example": "14:00:00"}


class ErrorsDocumentedAutoSchema(AutoSchema):
    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)  # type: ignore[no-untyped-call]
        if schema is not None and schema.get("format") == "time":
            schema = {**{k: v for k, v in schema.items() if k != "format"}, **LOCAL_TIME}
        if schema is None or direction != "response" or not field.read_only:
            return schema
        return _as_answered(field, schema)

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
