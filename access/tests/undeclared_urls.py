"""A URL configuration for the deny-by-default test: views that forget their access rule."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.declare import page_rule
from openmappa import urls as real_urls


def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("this view declared no access rule")


@page_rule("no_such_rule")
def unknown_rule(request: HttpRequest) -> HttpResponse:
    return HttpResponse("this view declared a rule the policy does not know")


@page_rule("people")
def declared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("declared")


class UndeclaredApi(APIView):
    def get(self, request: Request) -> Response:
        return Response({"detail": "this endpoint declared no access rule"})


urlpatterns: list[Any] = [
    path("undeclared/", undeclared),
    path("unknown-rule/", unknown_rule),
    path("declared/", declared),
    path("api/undeclared/", UndeclaredApi.as_view()),
    # The real routes too, so the pages these render (the 404 page's links) still resolve.
    *real_urls.urlpatterns,
]
handler404 = real_urls.handler404
