"""Signing in (password, then security code), out, resets, enrolment by grant, and
changing the second factor or the password (each after both factors again).

Every step is reachable without signing in (rule "public"); each checks the pending
sign-in kept in the session, so a step cannot be skipped.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views import View
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import trail
from kernel.actor import acting_as
from kernel.declare import page_rule, signed_in_user

from . import enrolment, mfa, services, signin
from .forms import (
    NOT_CONFIRMED,
    NOT_RIGHT,
    NOT_RIGHT_DEMO,
    ChangePasswordForm,
    CodeForm,
    ConfirmIdentityForm,
    EnrolForm,
    SignInForm,
)
from .middleware import INACTIVE, TOO_LONG, seconds_left
from .models import User
from .throttles import sign_in_allowed

SIGNED_OUT_MESSAGES = {
    INACTIVE: "You were signed out because you did nothing for {minutes} minutes. Sign in again to carry on.",
    TOO_LONG: "You were signed out because you had been signed in for {hours} hours. Sign in again to carry on.",
}


def _too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "accounts/too_many_requests.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _signed_out_message(request: HttpRequest) -> str:
    reason = request.session.pop(signin.SIGNED_OUT_REASON, None)
    if reason not in SIGNED_OUT_MESSAGES:
        return ""
    minutes = f"{float(settings.SESSION_INACTIVITY_MINUTES):g}"
    hours = f"{float(settings.SESSION_ABSOLUTE_HOURS):g}"
    return SIGNED_OUT_MESSAGES[reason].format(minutes=minutes, hours=hours)


def _sign_in_page(request: HttpRequest, form: SignInForm, *, failure: str = "", status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "failure": failure,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "signed_out_message": "" if failure else _signed_out_message(request),
    }
    return render(request, "accounts/sign_in.html", context, status=status)


class SignInView(View):
    """Step one: username and password."""

    access_rule = "public"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(signin.safe_next(request, request.GET.get("next")))
        return _sign_in_page(request, SignInForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(signin.safe_next(request, request.POST.get("next")))
        allowed, wait = sign_in_allowed(request)
        if not allowed:
            return _too_many_requests(request, wait)
        form = SignInForm(request.POST)
        if not form.is_valid():
            return _sign_in_page(request, form)
        username = form.cleaned_data["username"]
        next_url = signin.safe_next(request, request.POST.get("next"))
        # Django's ModelBackend runs the password hasher for unknown usernames too, so an
        # unknown user takes as long as a wrong password. A wrong password counts towards
        # the lockout here (django-axes hears Django's failure signal); a wrong code counts
        # at the next step.
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is not None and not isinstance(user, User):
            user = None
        if settings.MAPPA_DEMO and (user is None or not mfa.mfa_required(user)):
            # Demo mode answers at once: demo users have no second factor to wait for.
            if getattr(request, "axes_locked_out", False):
                return _sign_in_page(request, SignInForm(), status=429)  # replaced by the lockout page
            if user is not None:
                signin.complete(request, user, None)
                return redirect(next_url)
            form.add_error(None, NOT_RIGHT_DEMO)
            return _sign_in_page(request, form)
        # Otherwise every outcome, a lockout included, is told at the code step, so this
        # step never shows whether the username exists or the password was right. A user
        # with no authenticator goes there too and fails there: a password alone never
        # reaches enrolment (only the emailed link does, see accounts/enrolment.py).
        request.axes_locked_out = False  # type: ignore[attr-defined]
        signin.begin(request, user=user, username=username, next_url=next_url)
        return redirect("accounts:sign-in-code")


class SignInCodeView(View):
    """Step two: the security code from the authenticator app, or a recovery code."""

    access_rule = "public"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("home")
        if signin.pending(request) is None:
            return redirect("accounts:sign-in")
        return render(request, "accounts/sign_in_code.html", {"form": CodeForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("home")
        attempt = signin.pending(request)
        if attempt is None:
            return redirect("accounts:sign-in")
        allowed, wait = sign_in_allowed(request)
        if not allowed:
            return _too_many_requests(request, wait)
        form = CodeForm(request.POST)
        if not form.is_valid():
            return render(request, "accounts/sign_in_code.html", {"form": form})
        if not AxesProxyHandler.is_allowed(request, {"username": attempt.username}):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            return _sign_in_page(request, SignInForm(), status=429)  # replaced by the lockout page
        device = None
        if attempt.user is not None and mfa.has_authenticator(attempt.user):
            device = mfa.verify_code(attempt.user, form.cleaned_data["code"])
        else:
            # Much the same work as checking a real code, so the answer takes as long.
            TOTPDevice.objects.filter(pk=-1).select_related("user").first()
        if attempt.user is not None and device is not None:
            signin.complete(request, attempt.user, device)
            return redirect(attempt.next_url)
        if attempt.user is not None:
            # The password was right and the code wrong: one failure, as a wrong password
            # counted one at the password step. May lock out (the middleware answers).
            signin.count_failure(request, attempt.username)
        signin.abandon(request)
        return _sign_in_page(request, SignInForm(), failure=NOT_RIGHT)


class EnrolView(View):
    """Setting up an authenticator, for the holder of an enrolment grant only: the emailed
    reset link (after choosing the new password) or a signed-in user who has just given
    their password and a code again. The recovery codes are shown once, on the answer to
    the confirming code. Someone who is signed in can only use a grant made for them."""

    access_rule = "public"

    def _granted_user(self, request: HttpRequest) -> User | None:
        user = enrolment.granted_user(request)
        if user is None or (request.user.is_authenticated and request.user.pk != user.pk):
            return None
        return user

    def _page(self, request: HttpRequest, user: User, form: EnrolForm) -> HttpResponse:
        device = mfa.start_enrolment(user)
        context = {"form": form, "qr_code": mfa.qr_code_svg(device), "secret": mfa.secret_for_typing(device)}
        return render(request, "accounts/enrol.html", context)

    def _refused(self, request: HttpRequest) -> HttpResponse:
        return redirect("accounts:security" if request.user.is_authenticated else "accounts:sign-in")

    def get(self, request: HttpRequest) -> HttpResponse:
        user = self._granted_user(request)
        if user is None:
            return self._refused(request)
        return self._page(request, user, EnrolForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._granted_user(request)
        if user is None:
            return self._refused(request)
        allowed, wait = sign_in_allowed(request)
        if not allowed:
            return _too_many_requests(request, wait)
        if not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            return _sign_in_page(request, SignInForm(), status=429)  # replaced by the lockout page
        form = EnrolForm(request.POST)
        if not form.is_valid():
            return self._page(request, user, form)
        codes = services.confirm_enrolment(actor=acting_as(user, request), code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", "Enter the 6-digit code your authenticator app shows now")
            return self._page(request, user, form)
        enrolment.spend(request)
        if not request.user.is_authenticated:
            device = TOTPDevice.objects.get(user=user, confirmed=True)
            signin.complete(request, user, device)
        next_url = signin.safe_next(request, None)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url, "enrolled": True})


def _identity_refused(request: HttpRequest, form: forms.Form, user: User) -> None:
    """A wrong password or code here counts towards the lockout, as at sign-in."""
    form.add_error(None, NOT_CONFIRMED)
    signin.count_failure(request, user.get_username())


def _identity_confirmed(request: HttpRequest, form: forms.Form, user: User) -> bool:
    if not form.is_valid():
        return False
    if not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
        form.add_error(None, NOT_CONFIRMED)
        return False
    confirmed = mfa.confirms_identity(
        user, password=form.cleaned_data["current_password"], code=form.cleaned_data["code"]
    )
    if not confirmed:
        _identity_refused(request, form, user)
    return confirmed


@page_rule("signed_in")
def security(request: HttpRequest) -> HttpResponse:
    """The signed-in user's second factor: how many recovery codes are left, and new ones
    (after the password and a current code again)."""
    user = signed_in_user(request)
    form = ConfirmIdentityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _identity_confirmed(request, form, user):
        codes = services.renew_recovery_codes(actor=acting_as(user, request))
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": "", "enrolled": False})
    context = {
        "form": form,
        "has_authenticator": mfa.has_authenticator(user),
        "recovery_codes_left": mfa.remaining_recovery_codes(user),
        "mfa_required": mfa.mfa_required(user),
    }
    return render(request, "accounts/security.html", context, status=400 if form.errors else 200)


@page_rule("signed_in")
def change_authenticator(request: HttpRequest) -> HttpResponse:
    """A new phone: the password and a current code (or a recovery code) again, then the
    set-up page; the old authenticator works until the new one is confirmed."""
    user = signed_in_user(request)
    form = ConfirmIdentityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _identity_confirmed(request, form, user):
        enrolment.grant(request, user)
        return redirect("accounts:enrol")
    return render(request, "accounts/change_authenticator.html", {"form": form}, status=400 if form.errors else 200)


@page_rule("signed_in")
def change_password(request: HttpRequest) -> HttpResponse:
    """A new password: the current one and a code again. Other sessions and tokens end."""
    user = signed_in_user(request)
    form = ChangePasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and _identity_confirmed(request, form, user):
        services.change_password(actor=acting_as(user, request), new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        return render(request, "accounts/password_changed.html")
    return render(request, "accounts/change_password.html", {"form": form}, status=400 if form.errors else 200)


@page_rule("signed_in")
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in" in the session warning: the request itself renews the session."""
    return JsonResponse({"seconds_left": int(seconds_left(request.session))})


RESET_SESSION_KEY = "accounts_password_reset"


class PasswordResetView(View):
    """Choosing a new password from an emailed link. The link's token is moved into the
    session at once, so the address with the token does not stay in the browser's history
    or reach another site in a Referer header."""

    access_rule = "public"

    def _user(self, request: HttpRequest) -> User | None:
        data = request.session.get(RESET_SESSION_KEY) or {}
        try:
            pk = int(force_str(urlsafe_base64_decode(str(data.get("u", "")))))
        except (TypeError, ValueError, OverflowError):
            return None
        user = User.objects.filter(pk=pk, is_active=True).first()
        if user is None or not default_token_generator.check_token(user, str(data.get("t", ""))):
            return None
        return user

    def get(self, request: HttpRequest) -> HttpResponse:
        if "u" in request.GET and "t" in request.GET:
            request.session[RESET_SESSION_KEY] = {"u": request.GET["u"], "t": request.GET["t"]}
            return redirect("accounts:reset")
        user = self._user(request)
        if user is None:
            return render(request, "accounts/reset_invalid.html")
        return render(request, "accounts/reset.html", {"form": SetPasswordForm(user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._user(request)
        if user is None:
            return render(request, "accounts/reset_invalid.html")
        form = SetPasswordForm(user, request.POST)
        if not form.is_valid():
            return render(request, "accounts/reset.html", {"form": form})
        form.save()
        request.session.pop(RESET_SESSION_KEY, None)
        services.complete_password_reset(actor=acting_as(user, request))
        if mfa.mfa_required(user) and not mfa.has_authenticator(user):
            # The emailed link is what lets this user set up an authenticator.
            enrolment.grant(request, user)
            return redirect("accounts:enrol")
        return render(request, "accounts/reset_done.html")


class SignOutView(auth_views.LogoutView):
    access_rule = "public"
    template_name = "accounts/signed_out.html"

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            trail.record(actor=acting_as(request.user, request), action="auth.sign_out")
        return super().post(request, *args, **kwargs)
