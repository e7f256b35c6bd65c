from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm

# One message whatever was wrong (unknown user, wrong password, wrong security code), so
# the pages never confirm that a username exists or that a password is right.
NOT_RIGHT = "Enter a correct username, password and security code"
# In demo mode the password step answers at once (demo users have no second factor).
NOT_RIGHT_DEMO = "Enter a correct username and password"


class SignInForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter your username"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=256,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=32,
        error_messages={"required": "Enter the security code from your authenticator app"},
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
    )


# Changing how one signs in asks again for both factors; one message for either wrong.
NOT_CONFIRMED = "Enter your current password and a security code from your authenticator app"


class ConfirmIdentityForm(forms.Form):
    """Before recovery codes are renewed, the authenticator changed or the password changed."""

    current_password = forms.CharField(
        label="Your current password",
        strip=False,
        max_length=256,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your current password"},
    )
    code = forms.CharField(
        label="Security code",
        max_length=32,
        required=False,
        help_text="From your authenticator app, or one of your recovery codes",
    )


class ChangePasswordForm(ConfirmIdentityForm, SetPasswordForm):  # type: ignore[type-arg]
    field_order = ["current_password", "code", "new_password1", "new_password2"]
