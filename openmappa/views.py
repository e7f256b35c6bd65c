"""Service-wide pages: home, health check, not found."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from access import policy
from cases.selectors import my_cases
from kernel.declare import page_rule, signed_in_user


@page_rule("signed_in")
def home(request: HttpRequest) -> HttpResponse:
    cases = list(my_cases(requested_by=signed_in_user(request))[:100]) if policy.works_with_people(request.user) else []
    return render(
        request,
        "home.html",
        {"cases": cases, "today": timezone.localdate()},
    )


@page_rule("public")
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": [{"field": "non_field_errors", "message": "Not found"}]}, status=404)
    return render(request, "404.html", status=404)
