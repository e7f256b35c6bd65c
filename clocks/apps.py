from typing import Any

from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "clocks"
    verbose_name = "The law's clocks"

    def ready(self) -> None:
        # A person's clocks, for the MAPPA registration below this app.
        from kernel.person_clocks import install_clock_states, install_person_clocks

        from .states import clock_states_for, clocks_for

        def person_clocks(requested_by: Any, nominal: Any) -> list[Any]:
            return clocks_for(requested_by=requested_by, nominal=nominal)

        install_person_clocks(person_clocks)
        install_clock_states(clock_states_for)
