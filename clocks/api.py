"""The notification calculator endpoint (API-CONTRACT.md, "Rules")."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api_errors import errors_response
from rules.errors import RuleInputError

from .calculator import calculate, statute_basis
from .serializers import FIELD_ERRORS, NotificationPeriodCalculationSerializer, NotificationPeriodSerializer


class NotificationPeriodApi(APIView):
    """Sex offender notification period under Sexual Offences Act 2003 s82.

    Holds no personal data and stores nothing: the answer depends only on the inputs.
    """

    # Practitioners who work with people's records (docs/decisions/0010-rules-pages-access.md).
    access_rule = "people"

    @extend_schema(
        operation_id="rules_notification_period",
        summary="Calculate a notification period (Sexual Offences Act 2003 s82)",
        description=(
            "The period for which a person convicted, cautioned or found not guilty by reason of "
            "insanity of a Schedule 3 offence is subject to the notification requirements. "
            "Bad input gets 400 naming the field and the rule: a date of birth after the relevant "
            "date, missing or negative months where they are needed, an unknown disposal, or "
            "months given for a disposal they do not apply to."
        ),
        request=NotificationPeriodCalculationSerializer,
        responses={
            200: NotificationPeriodSerializer,
            400: OpenApiResponse(FIELD_ERRORS, description="Bad input: the field and the rule."),
            401: OpenApiResponse(FIELD_ERRORS, description="Not signed in."),
            404: OpenApiResponse(FIELD_ERRORS, description="Signed in without access to casework."),
        },
        examples=[
            OpenApiExample(
                "Custody of 18 months, adult",
                request_only=True,
                value={
                    "date_of_birth": "1980-01-01",
                    "relevant_date": "2024-03-15",
                    "disposal": "custody",
                    "custody_months": 18,
                },
            ),
            OpenApiExample(
                "Ten years",
                response_only=True,
                value={
                    "period": "P10Y",
                    "ends_on": "2034-03-15",
                    "under_18": False,
                    "basis": "Sexual Offences Act 2003 s82(1)-(2)",
                },
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        form = NotificationPeriodCalculationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            period = calculate(
                date_of_birth=data["date_of_birth"],
                relevant_date=data["relevant_date"],
                disposal=data["disposal"],
                custody_months=data.get("custody_months"),
                discharge_months=data.get("discharge_months"),
            )
        except RuleInputError as error:
            return errors_response([{"field": error.field, "message": error.message}], status.HTTP_400_BAD_REQUEST)
        answer = {
            "period": period.iso_duration,
            "ends_on": period.ends_on,
            "under_18": period.under_18,
            "basis": statute_basis(period),
        }
        return Response(NotificationPeriodSerializer(answer).data)
