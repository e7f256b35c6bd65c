from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "MAPPA registrations"

    def ready(self) -> None:
        from . import timeline_events, worklist  # noqa: F401 - registers the timeline and worklist sources
