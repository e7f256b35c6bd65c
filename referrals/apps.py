from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "MAPPA referrals"

    def ready(self) -> None:
        # An accepted referral is a basis a level decision may name (kernel.level_bases).
        from kernel.level_bases import register_basis_check

        from .basis import referral_problem

        register_basis_check("referral", referral_problem)

        from . import timeline_events  # noqa: F401 - registers the timeline source
