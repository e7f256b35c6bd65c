from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody, release and serious further offences"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(PersonTab("custody", "Custody", "custody:person", 60))

        from . import figures, timeline, worklist  # noqa: F401 - registers figures, timeline, worklist
