"""A form saved is a draft no longer needed.

Any successful POST (a redirect, the pattern every form page follows) from a signed-in
user clears that user's draft of the form at that path, so no form view needs to know
about drafts. A POST that fails re-renders the form with what was typed, and the draft
stays until the form is saved."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kernel.actor import actor_of

from . import services
from .models import Draft


class DraftsClearedOnSaveMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "POST"
            and response.status_code in (302, 303)
            and user is not None
            and user.is_authenticated
            and Draft.objects.filter(user=user, path=request.path).exists()
        ):
            services.discard_saved_form(actor=actor_of(request), path=request.path)
        return response
