"""Signing in and out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from access import audit

from .forms import SignInForm


class SignInView(auth_views.LoginView):
    access_rule = "public"
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        # LoginView's login() cycles the session key, so a fixed session cannot be reused.
        response = super().form_valid(form)
        audit.record(actor=form.get_user(), action="auth.sign_in", request=self.request)
        return response


class SignOutView(auth_views.LogoutView):
    access_rule = "public"
    template_name = "accounts/signed_out.html"

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit.record(actor=request.user, action="auth.sign_out", request=request)
        return super().post(request, *args, **kwargs)
