from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = "Transfers between areas"

    def ready(self) -> None:
        from . import timeline, worklist  # noqa: F401 - registers the timeline and worklist sources
