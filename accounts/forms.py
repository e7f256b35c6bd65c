from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        # One message whatever was wrong, so the page never confirms a username exists.
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
    }
