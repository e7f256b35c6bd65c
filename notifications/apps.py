from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Sex offender notification"

    def ready(self) -> None:
        from . import figures, timeline, worklist  # noqa: F401 - registers figures, timeline, worklist
