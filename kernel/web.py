"""Form pages: check the form, call the service, show its refusals on the form.

A version conflict becomes a message that keeps what was typed; a broken rule is shown
against its field in the GOV.UK error summary (the service names the field it refuses), and
so is a database constraint that refused a write racing another one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest

from .errors import VersionConflict, constraint_errors

CONFLICT_MESSAGE = (
    "Someone else changed this record while you were working on it. Nothing has been saved: check it and try again."
)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show the service layer's rule violations on the form, against the right fields."""
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message)


def posted(request: HttpRequest) -> Any:
    """The submitted data, even when empty: an empty submission is checked, not ignored."""
    return request.POST if request.method == "POST" else None


def try_save(form: forms.Form, save: Callable[[], Any], *, conflict: str = CONFLICT_MESSAGE) -> tuple[bool, Any]:
    """Run the service on a valid form: (True, what it returned), or (False, None) with its
    refusal shown on the form."""
    try:
        # Not wrapped in a transaction here: a refusal the service audits (an attempt) stays recorded.
        result = save()
    except VersionConflict:
        form.add_error(None, conflict)
    except IntegrityError as error:  # a constraint race: someone else saved first
        add_service_errors(form, ValidationError(constraint_errors(error)))
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return True, result
    return False, None
