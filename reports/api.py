"""Report endpoints: the annual report (API-CONTRACT.md), quarterly performance and the
ONS population figures."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Area
from kernel.actor import Actor, actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, answer, listing, versioned_create
from kernel.api_errors import errors_response
from kernel.api_steps import step_api, with_etag
from kernel.declare import signed_in_user

from . import selectors, services
from .models import OnsPopulation
from .serializers import (
    AnnualReportSerializer,
    PopulationSerializer,
    PopulationUpdateSerializer,
    PopulationWriteSerializer,
    QuarterlyReportSerializer,
)

AREA = OpenApiParameter("area", OpenApiTypes.STR, description="An area's code, or ALL for every area", required=True)
YEAR_ENDING = OpenApiParameter(
    "year_ending", OpenApiTypes.INT, description="The report year ends on 31 March of this year", required=True
)


def _choice(request: Request, *, quarterly: bool = False) -> tuple[str, int, int] | Response:
    """The area, year and quarter asked for, or the 400 naming what is wrong."""
    problems = []
    code = (request.query_params.get("area") or "").strip().upper()
    if not code:
        problems.append({"field": "area", "message": "Give an area's code, or ALL"})
    elif code != selectors.ALL_AREAS and not Area.objects.filter(code=code).exists():
        problems.append({"field": "area", "message": f"There is no area with the code {code}"})
    try:
        year_ending = int(request.query_params.get("year_ending", ""))
        if not services.EARLIEST_YEAR <= year_ending <= 2100:
            raise ValueError
    except ValueError:
        problems.append(
            {"field": "year_ending", "message": "Give the year the report ends (31 March) as YYYY, from 2004"}
        )
        year_ending = 0
    quarter = 0
    if quarterly:
        try:
            quarter = int(request.query_params.get("quarter", ""))
            if quarter not in (1, 2, 3, 4):
                raise ValueError
        except ValueError:
            problems.append(
                {"field": "quarter", "message": "Give the quarter, 1 (April to June) to 4 (January to March)"}
            )
    if problems:
        return errors_response(problems, status.HTTP_400_BAD_REQUEST)
    return code, year_ending, quarter


class AnnualReportApi(APIView):
    access_rule = "reports"

    @extend_schema(operation_id="reports_annual", parameters=[AREA, YEAR_ENDING], responses=AnnualReportSerializer)
    def get(self, request: Request) -> Response:
        """The MAPPA annual report for one area or all: aggregates only, no personal data."""
        choice = _choice(request)
        if isinstance(choice, Response):
            return choice
        code, year_ending, _ = choice
        return Response(
            selectors.annual_report(requested_by=signed_in_user(request), code=code, year_ending=year_ending)
        )


class QuarterlyReportApi(APIView):
    access_rule = "reports"

    @extend_schema(
        operation_id="reports_quarterly",
        parameters=[
            AREA,
            YEAR_ENDING,
            OpenApiParameter(
                "quarter", OpenApiTypes.INT, enum=[1, 2, 3, 4], required=True, description="1 is April to June"
            ),
        ],
        responses=QuarterlyReportSerializer,
    )
    def get(self, request: Request) -> Response:
        """Quarterly performance: each section's table (the page draws a chart beside it)."""
        choice = _choice(request, quarterly=True)
        if isinstance(choice, Response):
            return choice
        code, year_ending, quarter = choice
        report = selectors.quarterly_report(
            requested_by=signed_in_user(request), code=code, year_ending=year_ending, quarter=quarter
        )
        return Response(QuarterlyReportSerializer(report).data)


class PopulationListCreateApi(APIView):
    access_rule = "reports_population"

    @extend_schema(
        operation_id="reports_population_list",
        responses=listing("PopulationList", PopulationSerializer),
    )
    def get(self, request: Request) -> Response:
        rows = list(selectors.populations(requested_by=signed_in_user(request))[:500])
        return Response({"count": len(rows), "results": PopulationSerializer(rows, many=True).data})

    @extend_schema(
        operation_id="reports_population_create",
        request=PopulationWriteSerializer,
        responses={201: PopulationSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        """Enter an area's population aged 10 and over for a year (a new figure; to correct
        one, PATCH it with If-Match)."""
        return versioned_create(request, PopulationWriteSerializer, lambda: actor_of(request), _create)


def _create(actor: Actor, values: dict[str, Any]) -> Response:
    area = selectors.population_areas(requested_by=actor.user).filter(code=values["area"].upper()).first()
    if area and OnsPopulation.objects.filter(area=area, year_ending=values["year_ending"]).exists():
        return errors_response(
            [
                {
                    "field": "year_ending",
                    "message": "This area already has a figure for this year: PATCH it with If-Match",
                }
            ],
            status.HTTP_409_CONFLICT,
        )
    row = services.set_population(
        actor=actor,
        area=area,
        year_ending=values["year_ending"],
        population=values["population_aged_10_and_over"],
        source=values.get("source", ""),
    )
    return answer(PopulationSerializer, row, status.HTTP_201_CREATED)


class _PopulationRetrieveApi(APIView):
    access_rule = "reports_population"

    @extend_schema(operation_id="reports_population_retrieve", responses=PopulationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return answer(PopulationSerializer, selectors.get_population(requested_by=signed_in_user(request), pk=pk))


# GET one area's figure for a year with its ETag; PATCH corrects it with If-Match.
PopulationDetailApi = step_api(
    "reports_population_update",
    access_rule="reports_population",
    find=lambda user, pk: selectors.get_population(requested_by=user, pk=pk),
    record="row",
    service=services.correct_population,
    reply=with_etag(PopulationSerializer),
    write=PopulationUpdateSerializer,
    versioned="required",
    method="patch",
    base=_PopulationRetrieveApi,
    responses=PopulationSerializer,
    parameters=[IF_MATCH_PARAMETER],
)
