from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = "Access policy"

    def ready(self) -> None:
        from kernel.declare import install_rule_check
        from kernel.registries import PersonTab, register_person_tab

        from . import policy

        # Routes declare their rule through the kernel; the policy here decides them.
        install_rule_check(policy.allows)
        # Its tabs on a person's record.
        register_person_tab(
            PersonTab(
                "viewers", "Who has viewed this record", "audit:record-viewers", 160, policy.can_see_record_viewers
            )
        )
        register_person_tab(PersonTab("sharing", "Sharing", "sharing:manage", 170, policy.can_manage_sharing))
        register_person_tab(
            PersonTab(
                "restricted_access", "Restricted access", "restricted:manage", 180, policy.can_manage_restricted_access
            )
        )
