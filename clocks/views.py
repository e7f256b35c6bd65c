"""Pages: the notification calculator and the catalogue of rules behind every clock."""

from __future__ import annotations

import importlib
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kernel.declare import page_rule
from rules.catalogue import catalogue, find

from .calculator import period_in_words, statute_basis
from .forms import NotificationCalculatorForm


@page_rule("people")
def notification_calculator(request: HttpRequest) -> HttpResponse:
    """Try the s82 calculator. POST so the dates entered stay out of URLs and logs."""
    form = NotificationCalculatorForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid() and form.period is not None:
        period = form.period
        result = {
            "period": period,
            "in_words": period_in_words(period),
            "basis": statute_basis(period),
            "rule": find(period.rule_key),
        }
    return render(request, "clocks/notification_calculator.html", {"form": form, "result": result})


def _module_title(module: str) -> str:
    """The first line of a rules module's docstring, which says what its rules are."""
    doc = importlib.import_module(module).__doc__ or module
    return doc.strip().splitlines()[0].rstrip(".")


@page_rule("signed_in")
def rule_catalogue(request: HttpRequest) -> HttpResponse:
    """Every rule with its statement and source, so each clock's citation can be looked up."""
    groups = [
        {"module": module, "title": _module_title(module), "entries": list(entries)}
        for module, entries in groupby(catalogue(), key=lambda e: e.module)
    ]
    return render(request, "clocks/catalogue.html", {"groups": groups})
