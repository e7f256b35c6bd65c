"""Token sign-in for the API (API-CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import trail
from kernel.actor import acting_as
from kernel.api_errors import errors_response

from . import mfa, signin
from .throttles import TokenRateThrottle
from .tokens import issue_token


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=32, required=False, allow_blank=True)


class TokenApi(APIView):
    access_rule = "public"
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        operation_id="auth_token_create",
        description="Exchange a username, password and current security code (`otp`, from the user's "
        "authenticator app, or one of their recovery codes) for a bearer token. Every failure gets the same "
        "401; five failures for one username from one address lock it out for 15 minutes (429).",
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
        django_request = request._request
        username = form.validated_data["username"]
        user = authenticate(django_request, username=username, password=form.validated_data["password"])
        if user is not None and mfa.mfa_required(user):
            device = mfa.verify_code(user, form.validated_data.get("otp", "")) if mfa.has_authenticator(user) else None
            if device is None:
                signin.count_failure(django_request, username)
                user = None
        if user is None:
            # One answer for every failure, so nobody learns which part was wrong (a
            # locked-out address gets the lockout answer from the middleware instead).
            return errors_response(
                [{"field": "non_field_errors", "message": "Those sign-in details are not right"}],
                status.HTTP_401_UNAUTHORIZED,
            )
        # Both factors in: the failures counted for this username and address are cleared,
        # as a sign-in on the pages clears them.
        AxesProxyHandler.reset_attempts(ip_address=get_client_ip_address(django_request), username=username)
        raw, token = issue_token(user=user)
        trail.record(actor=acting_as(user, request), action="auth.token_issue", obj=token)
        return Response({"token": raw, "expires_at": token.expires_at.isoformat()})
