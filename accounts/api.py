"""Token sign-in for the API (API-CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import audit
from openmappa.api_errors import errors_response

from .tokens import issue_token


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=16, required=False, allow_blank=True)


class TokenApi(APIView):
    access_rule = "public"
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
            )
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if user is None:
            # One answer for every failure, so nobody learns which part was wrong.
            return errors_response(
                [{"field": "non_field_errors", "message": "Those sign-in details are not right"}],
                status.HTTP_401_UNAUTHORIZED,
            )
        raw, token = issue_token(user=user)
        audit.record(actor=user, action="auth.token_issue", obj=token, request=request._request)
        return Response({"token": raw, "expires_at": token.expires_at.isoformat()})
