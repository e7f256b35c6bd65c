from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "MAPP meetings and minutes"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from access import policy
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(
            PersonTab(
                "meetings",
                "MAPP meetings",
                "meetings:person",
                100,
                shown_to=lambda user, nominal: policy.works_with_people(user),
            )
        )

        from access import sharing
        from access.models import ShareGrant, ShareScope

        def meeting_page(share: ShareGrant) -> str | None:
            from django.urls import reverse

            if share.object_type != "Meeting" or not share.object_id.isdigit():
                return None
            name = "meetings:minutes" if share.scope == ShareScope.MINUTES else "meetings:detail"
            return reverse(name, args=[int(share.object_id)])

        from . import timeline_events  # noqa: F401 - registers the timeline source

        sharing.register_item_link(ShareScope.REFERRAL_SUMMARY, meeting_page)
        sharing.register_item_link(ShareScope.MINUTES, meeting_page)

        # A meeting's decision is a basis a level decision may name (kernel.level_bases).
        from kernel.level_bases import register_basis_check

        from .basis import meeting_problem

        register_basis_check("meeting", meeting_problem)
