from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, agencies and areas"

    def ready(self) -> None:
        # Registers the bearer scheme with drf-spectacular and the session clocks' signal.
        from . import schema, signin  # noqa: F401
