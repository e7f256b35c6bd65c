from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", views.SignInCodeView.as_view(), name="sign-in-code"),
    path("sign-in/set-up-authenticator/", views.EnrolView.as_view(), name="enrol"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("security/", views.security, name="security"),
    path("security/authenticator/", views.change_authenticator, name="change-authenticator"),
    path("security/password/", views.change_password, name="change-password"),
    path("keep-alive/", views.keep_alive, name="keep-alive"),
    path("reset/", views.PasswordResetView.as_view(), name="reset"),
]
