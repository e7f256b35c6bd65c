"""Idempotency-Key support for API creates (draft-ietf-httpapi-idempotency-key-header):
a retried request returns the first answer instead of making a duplicate.

The answers are kept in the model named by the IDEMPOTENT_REQUEST_MODEL setting (as
AUTH_USER_MODEL names the user model), so the kernel holds no table of its own. Each answer
keeps the request's fingerprint: the same key with another body, path or method is a client
error (422), not a replay. Answers expire after settings.IDEMPOTENCY_TTL seconds (24 hours
by default) and are purged by the `purge_idempotency_keys` command (an expired key is freed when it
comes again).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response

from .actor import actor_of
from .errors import constraint_name

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100  # the stored key's length
KEY_CONSTRAINT = "idempotency_key_once"  # the stored model's unique (user, key)
DEFAULT_TTL_SECONDS = 24 * 60 * 60
PENDING = 0  # the status of a key claimed by a request still running
OTHER_REQUEST = "This Idempotency-Key was already used for another request"
OTHER_BODY = "This Idempotency-Key was already used with another request body"


def _answers() -> Any:
    """The model that keeps each (user, key)'s first answer: user, key, method, path,
    fingerprint, status_code, body, created_at."""
    return apps.get_model(settings.IDEMPOTENT_REQUEST_MODEL)


def ttl() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "IDEMPOTENCY_TTL", DEFAULT_TTL_SECONDS)))


def purge_expired() -> int:
    """Delete the answers older than the TTL; how many went."""
    deleted, _ = _answers().objects.filter(created_at__lt=timezone.now() - ttl()).delete()
    return int(deleted)


def fingerprint(data: Any) -> str:
    """The request body as parsed, keys sorted: the same request sent again matches."""
    if hasattr(data, "lists"):  # a form or multipart body: every value of every field
        data = {key: values for key, values in data.lists()}
    canonical = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _problem(message: str, code: int) -> Response:
    return Response({"errors": [{"field": HEADER, "message": message}]}, status=code)


def idempotent_create(
    request: Any, create: Callable[[], Response], *, check: Callable[[], object] | None = None
) -> Response:
    """Run `create` once per (user, key); later calls with the key replay its response.

    The key is claimed (a pending row) before `create` runs, in the same transaction, so a
    concurrent retry with the key waits for the first to finish and then replays it (a key
    race), while a different request refused by a database constraint is a 409 (a
    constraint race, kernel.api_errors). `check` re-runs the caller's access check before a
    replay: a caller who may no longer write there gets its refusal, not the stored answer.
    """
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        return create()
    if len(key) > MAX_KEY_LENGTH:
        # Never cut a key short: two different keys would then replay each other's answer.
        return _problem(f"An Idempotency-Key is at most {MAX_KEY_LENGTH} characters", 400)
    request_print = fingerprint(request.data)
    stored = _answers()
    with transaction.atomic():
        # An expired answer frees its key (the rest go by `purge_idempotency_keys`).
        stored.objects.filter(user=request.user, key=key, created_at__lt=timezone.now() - ttl()).delete()
        try:
            with transaction.atomic():  # waits here while a concurrent request holds the key
                claim = stored.objects.create(
                    user=request.user,
                    key=key,
                    method=request.method,
                    path=request.path,
                    fingerprint=request_print,
                    status_code=PENDING,
                    body={},
                )
        except IntegrityError as error:
            if constraint_name(error) not in ("", KEY_CONSTRAINT):
                raise
            previous = stored.objects.get(user=request.user, key=key)
            return _replay(request, previous, request_print, check)
        response = create()
        if 200 <= response.status_code < 300:
            claim.status_code = response.status_code
            claim.body = response.data
            claim.save(update_fields=["status_code", "body"])
        else:
            # Only successes are kept: a refused request may be corrected and sent again.
            claim.delete()
        return response


def _replay(request: Any, previous: Any, request_print: str, check: Callable[[], object] | None) -> Response:
    if previous.path != request.path or previous.method != request.method:
        return _problem(OTHER_REQUEST, 422)
    if previous.fingerprint != request_print:
        return _problem(OTHER_BODY, 422)
    if check is not None:
        check()  # raises (404, 403) when the caller may no longer write there
    previous.record_replay(actor_of(request))
    response = Response(previous.body, status=previous.status_code)
    response["Idempotent-Replayed"] = "true"
    return response
