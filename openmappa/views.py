"""Service-wide pages: home, health check, not found, server error and unavailable."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone

from access import policy
from cases.selectors import my_cases
from kernel.declare import page_rule, signed_in_user

from .health import database_answers


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
    if not database_answers():
        response = JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": [{"field": "non_field_errors", "message": "Not found"}]}, status=404)
    return render(request, "404.html", status=404)


def _database_unavailable(error: BaseException | None) -> bool:
    # The database refused, dropped or timed out the connection or the statement
    # (PostgreSQL's statement timeout and SQLite's busy timeout are OperationalErrors too).
    return isinstance(error, (OperationalError, InterfaceError))


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # Rendered without the context processors: they may need the database, which may be
    # the very thing that failed, and the signed-in user is not looked up for the same reason.
    context = {"request": request, "demo_mode": settings.MAPPA_DEMO}
    return HttpResponse(loader.get_template(template).render(context), status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's answer to an uncaught exception (handler500), for pages and the API alike:
    503 with Retry-After when the database is unavailable, otherwise 500; never bare text."""
    unavailable = _database_unavailable(sys.exc_info()[1])
    api = request.path.startswith("/api/")
    if unavailable:
        message = "The service is unavailable. Try again later."
        response = (
            JsonResponse({"errors": [{"field": "non_field_errors", "message": message}]}, status=503)
            if api
            else _error_page(request, "503.html", 503)
        )
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response
    if api:
        message = "Something went wrong. It has been logged; try again later."
        return JsonResponse({"errors": [{"field": "non_field_errors", "message": message}]}, status=500)
    return _error_page(request, "500.html", 500)
