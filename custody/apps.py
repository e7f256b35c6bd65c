from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody, release and serious further offences"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(PersonTab("custody", "Custody", "custody:person", 60))

        # The licence expiry, for the clocks and the exit date of a category 2 case.
        from kernel.person_clocks import install_licence_expiry

        from . import alerts, figures, timeline, worklist  # noqa: F401 - registers alerts, figures, timeline, worklist
        from .selectors import latest_licence_expiry

        install_licence_expiry(latest_licence_expiry)
