from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "MAPPA registrations"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(PersonTab("mappa", "MAPPA registration", "cases:registration", 50))
        register_person_tab(PersonTab("timeline", "Timeline", "cases:timeline", 70))
        register_person_tab(PersonTab("pdp", "PDP", "cases:pdp", 80))

        from . import timeline_events, worklist  # noqa: F401 - registers the timeline and worklist sources
