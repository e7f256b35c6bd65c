"""Idempotency-Key support for API creates: a retried request returns the first answer.

The answers are kept in the model named by the IDEMPOTENT_REQUEST_MODEL setting (as
AUTH_USER_MODEL names the user model), so the kernel holds no table of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from rest_framework.response import Response

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100  # the stored key's length


def _answers() -> Any:
    """The model that keeps each (user, key)'s first answer: user, key, path, status_code, body."""
    return apps.get_model(settings.IDEMPOTENT_REQUEST_MODEL)


def idempotent_create(request: Any, create: Callable[[], Response]) -> Response:
    """Run `create` once per (user, key); later calls with the key replay its response.

    The stored answer is written in the same transaction as the create, so a crash
    between the two cannot leave a created record without its key (or the reverse).
    """
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        return create()
    if len(key) > MAX_KEY_LENGTH:
        # Never cut a key short: two different keys would then replay each other's answer.
        return Response(
            {"errors": [{"field": HEADER, "message": f"An Idempotency-Key is at most {MAX_KEY_LENGTH} characters"}]},
            status=400,
        )
    previous = _answers().objects.filter(user=request.user, key=key).first()
    if previous is not None:
        return _replay(previous, request.path)
    try:
        with transaction.atomic():
            response = create()
            if 200 <= response.status_code < 300:
                _answers().objects.create(
                    user=request.user,
                    key=key,
                    path=request.path,
                    status_code=response.status_code,
                    body=response.data,
                )
            return response
    except IntegrityError:
        # A concurrent retry won the race; answer with what it stored.
        return _replay(_answers().objects.get(user=request.user, key=key), request.path)


def _replay(previous: Any, path: str) -> Response:
    if previous.path != path:
        return Response(
            {"errors": [{"field": HEADER, "message": "This Idempotency-Key was already used for another request"}]},
            status=422,
        )
    response = Response(previous.body, status=previous.status_code)
    response["Idempotent-Replayed"] = "true"
    return response
