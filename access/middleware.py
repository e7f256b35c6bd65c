"""Middleware that enforces deny-by-default routing and keeps personal data out of caches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from kernel.declare import declared_rule

from . import policy


class DeclaredAccessRuleMiddleware:
    """Refuse (404) any view that has not declared an access rule known to the policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any) -> None:
        rule = declared_rule(view_func)
        if rule is None or rule not in policy.RULES:
            raise Http404


class NoStoreMiddleware:
    """No browser or proxy may keep a copy of a page or API answer (static files excepted,
    which WhiteNoise serves before this runs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        return response
