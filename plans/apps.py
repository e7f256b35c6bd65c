from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Risk assessments, risk management plans and external controls"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from access import policy
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(
            PersonTab(
                "risk_and_plan",
                "Risk and plan",
                "plans:overview",
                90,
                shown_to=lambda user, nominal: policy.works_with_people(user),
            )
        )

        from access import sharing
        from access.models import ShareGrant, ShareScope

        from . import timeline_events, worklist  # noqa: F401 - registers the timeline and worklist sources

        def action_page(share: ShareGrant) -> str | None:
            from django.urls import reverse

            if share.object_type != "PlanAction" or not share.object_id.isdigit():
                return reverse("plans:actions")
            return reverse("plans:action", args=[int(share.object_id)])

        sharing.register_item_link(ShareScope.ACTIONS, action_page)

        # Approved minutes add their agreed actions to the plan (kernel.minutes_consumers).
        from kernel.minutes_consumers import register_minutes_consumer

        from .from_minutes import actions_from_minutes

        register_minutes_consumer("plans", actions_from_minutes)
