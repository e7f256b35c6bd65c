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
    }
