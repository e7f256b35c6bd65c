"""SMB report pages: the annual report (page, CSV, PDF), quarterly performance (page,
CSV) and the ONS population figures. Aggregates only: no page here names a person."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from access import policy
from accounts.models import User
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.web import try_save
from meetings.documents import pdf_response, render_pdf

from . import selectors, services
from .forms import AnnualFilterForm, PopulationForm, QuarterlyFilterForm
from .presentation import annual_tables, tables_csv


def _csv(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _annual_choice(request: HttpRequest, user: User) -> tuple[AnnualFilterForm, str, int]:
    area, year_ending = selectors.default_area_code(user), selectors.latest_complete_year(timezone.localdate())
    form = AnnualFilterForm(request.GET or {"area": area, "year_ending": year_ending})
    if not form.is_valid():
        return form, area, year_ending
    return form, form.cleaned_data["area"], form.cleaned_data["year_ending"]


def _annual_context(request: HttpRequest) -> dict[str, Any]:
    user = signed_in_user(request)
    form, code, year_ending = _annual_choice(request, user)
    report = selectors.annual_report(requested_by=user, code=code, year_ending=year_ending)
    return {
        "form": form,
        "report": report,
        "tables": annual_tables(report),
        "query": f"area={code}&year_ending={year_ending}",
        "generated_at": timezone.now(),
    }


@page_rule("reports")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"enters_population": policy.may_enter_population(request.user)})


@page_rule("reports")
def annual(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/annual.html", _annual_context(request))


@page_rule("reports")
def annual_csv(request: HttpRequest) -> HttpResponse:
    context = _annual_context(request)
    report = context["report"]
    heading = [f"MAPPA annual report, {report['area']}, {report['year_start']} to {report['year_end']}"]
    return _csv(tables_csv(heading, context["tables"]), f"mappa-annual-{report['area']}-{report['year_end'][:4]}.csv")


@page_rule("reports")
def annual_pdf(request: HttpRequest) -> HttpResponse:
    context = _annual_context(request)
    report = context["report"]
    content = render_pdf("reports/annual_pdf.html", context)
    return pdf_response(content, f"mappa-annual-{report['area']}-{report['year_end'][:4]}.pdf")


def _quarterly_context(request: HttpRequest) -> dict[str, Any]:
    user = signed_in_user(request)
    year_ending, quarter = selectors.current_quarter(timezone.localdate())
    defaults = {"area": selectors.default_area_code(user), "year_ending": year_ending, "quarter": quarter}
    form = QuarterlyFilterForm(request.GET or defaults)
    choice: dict[str, Any] = form.cleaned_data if form.is_valid() else defaults
    report = selectors.quarterly_report(
        requested_by=user, code=choice["area"], year_ending=choice["year_ending"], quarter=choice["quarter"]
    )
    query = f"area={report.code}&year_ending={report.year_ending}&quarter={report.quarter}"
    return {"form": form, "report": report, "query": query}


@page_rule("reports")
def quarterly(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/quarterly.html", _quarterly_context(request))


@page_rule("reports")
def quarterly_csv(request: HttpRequest) -> HttpResponse:
    report = _quarterly_context(request)["report"]
    heading = [f"MAPPA quarterly performance, {report.code}, {report.start} to {report.end}"]
    return _csv(
        tables_csv(heading, report.sections),
        f"mappa-quarterly-{report.code}-{report.year_ending}-q{report.quarter}.csv",
    )


@page_rule("reports_population")
def population(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PopulationForm(request.POST or None, areas=selectors.population_areas(requested_by=actor.user))
    if request.method == "POST" and form.is_valid():
        saved, row = try_save(
            form,
            lambda: services.set_population(
                actor=actor,
                area=form.cleaned_data["area"],
                year_ending=form.cleaned_data["year_ending"],
                population=form.cleaned_data["population_aged_10_and_over"],
                source=form.cleaned_data["source"],
            ),
        )
        if saved:
            messages.success(request, f"Population saved: {row}")
            return redirect("reports:population")
    rows = list(selectors.populations(requested_by=actor.user)[:300])
    return render(request, "reports/population.html", {"form": form, "rows": rows})
