from __future__ import annotations

from django import forms

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
