"""If-Match on every change to an existing record: 428 without it, before anything else.

Installed as a default DRF permission (after the access rule), it enforces what each
endpoint's OpenAPI operation declares: an operation declaring a required If-Match header
refuses a request without a usable one. The schema and the behaviour cannot drift apart.
Kept apart from kernel.api, which imports DRF's views: DRF imports this module while it
defines them.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS, BasePermission

IF_MATCH_NEEDED = "Send If-Match with the ETag from GET"
ANY_VERSION = "*"  # If-Match: * matches whatever version the record now has (RFC 9110 13.1.1)


class PreconditionRequired(exceptions.APIException):
    """A change to an existing record sent without If-Match (RFC 6585 428)."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = IF_MATCH_NEEDED


def version_from_if_match(header: str | None) -> int | None:
    try:
        return int((header or "").strip().removeprefix("W/").strip('"'))
    except ValueError:
        return None


def declares_required_if_match(view: Any, method: str) -> bool:
    """Whether the endpoint's OpenAPI operation declares a required If-Match header."""
    return _declared(type(view), method.lower(), view)


_DECLARED: dict[tuple[type, str], bool] = {}


def _declared(view_class: type, method: str, view: Any) -> bool:
    known = _DECLARED.get((view_class, method))
    if known is None:
        handler = getattr(view_class, method, None)
        schema_class = getattr(handler, "kwargs", {}).get("schema")
        known = False
        if schema_class is not None:
            schema = schema_class()
            schema.view = view
            schema.method = method.upper()
            known = any(
                getattr(parameter, "name", None) == "If-Match" and getattr(parameter, "required", False)
                for parameter in schema.get_override_parameters()
            )
        _DECLARED[(view_class, method)] = known
    return known


class IfMatchRequired(BasePermission):
    """What the schema declares is what is enforced: an endpoint declaring a required
    If-Match answers 428 without one, before anything else is read or checked."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in SAFE_METHODS or not declares_required_if_match(view, request.method):
            return True
        header = (request.headers.get("If-Match") or "").strip()
        if header != ANY_VERSION and version_from_if_match(header) is None:
            raise PreconditionRequired(IF_MATCH_NEEDED)
        return True
