from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from access import policy


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": "OpenMAPPA",
        "demo_mode": settings.MAPPA_DEMO,
        "works_with_people": policy.works_with_people(getattr(request, "user", None)),
        "receives_shared": policy.is_dtc_contact(getattr(request, "user", None)),
        "may_break_glass": policy.may_request_emergency_access(getattr(request, "user", None)),
        "searches_audit": policy.is_auditor(getattr(request, "user", None)),
        "reviews_emergency_access": policy.is_coordinator(getattr(request, "user", None)),
    }
