from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "Disclosure decisions"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from access import policy
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(
            PersonTab(
                "disclosure",
                "Disclosure",
                "disclosure:person",
                140,
                shown_to=lambda user, nominal: policy.works_with_people(user),
            )
        )

        from access import sharing
        from access.models import ShareGrant, ShareScope

        from . import timeline_events, worklist  # noqa: F401 - registers the timeline and worklist sources

        def disclosure_page(share: ShareGrant) -> str | None:
            """A disclosure decision shared with a DTC agency opens on its own page."""
            from django.urls import reverse

            if not share.object_type:  # the whole scope: every decision about the person
                return reverse("disclosure:shared", args=[share.nominal_id])
            if share.object_type != "Disclosure" or not share.object_id.isdigit():
                return None
            return reverse("disclosure:detail", args=[int(share.object_id)])

        sharing.register_item_link(ShareScope.DISCLOSURE, disclosure_page)

        # Approved minutes record their disclosure decision (kernel.minutes_consumers).
        from kernel.minutes_consumers import register_minutes_consumer

        from .from_minutes import disclosure_from_minutes

        register_minutes_consumer("disclosure", disclosure_from_minutes)
