from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "worklists"
    verbose_name = "Worklists and reminders"

    def ready(self) -> None:
        # The sources for the apps that came before worklists; later apps register their
        # own from their <app>/worklist.py.
        from . import builtin_sources  # noqa: F401
