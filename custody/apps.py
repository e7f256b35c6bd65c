from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody, release and serious further offences"

    def ready(self) -> None:
        from . import figures, timeline, worklist  # noqa: F401 - registers figures, timeline, worklist
