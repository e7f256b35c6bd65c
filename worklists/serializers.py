"""API representations of worklists and notifications (explicit field lists)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kernel.worklist_sources import WorkItem, kind_title


class WorkItemSerializer(serializers.Serializer[WorkItem]):
    kind = serializers.CharField()
    kind_title = serializers.SerializerMethodField()
    label = serializers.CharField()  # type: ignore[assignment]
    due_on = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    url = serializers.CharField(help_text="The page where the work is done, which the caller can open")
    area_id = serializers.IntegerField()
    nominal_id = serializers.IntegerField(
        allow_null=True, help_text="The person the work is about; null when the caller may not see who"
    )
    person_name = serializers.CharField(help_text='"FAMILY, Given names"; empty when the caller may not see who')
    person_reference = serializers.CharField(help_text="The person's reference; empty when the caller may not see who")
    owner_agency_id = serializers.IntegerField(allow_null=True)
    owner_user_id = serializers.IntegerField(allow_null=True)

    def get_kind_title(self, item: WorkItem) -> str:
        return kind_title(item.kind)

    def get_overdue(self, item: WorkItem) -> bool:
        return item.is_overdue(self.context["today"])


class KindCountSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()


class WorklistSerializer(serializers.Serializer[Any]):
    today = serializers.DateField()
    due_by = serializers.DateField()
    count = serializers.IntegerField(help_text="Items matching the filters, on every page")
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    counts = KindCountSerializer(many=True)
    results = WorkItemSerializer(many=True, help_text="This page's items")


class NotificationSerializer(serializers.Serializer[Any]):
    """A reminder of work still to do: the newest reminder of the item, and the item as it
    stands now (naming its person as the caller may see them)."""

    id = serializers.IntegerField(source="row.id", help_text="The newest reminder of the item (to mark it read)")
    kind = serializers.CharField(source="item.kind")
    label = serializers.CharField(source="item.label")  # type: ignore[assignment]
    url = serializers.CharField(source="item.url", help_text="The page where the work is done")
    due_on = serializers.DateField(source="item.due_on")
    overdue = serializers.BooleanField()
    sent_on = serializers.DateField(source="row.sent_on")
    read_at = serializers.DateTimeField(source="row.read_at", allow_null=True)
    unread = serializers.BooleanField(help_text="True while any reminder of the item is unread")
    nominal_id = serializers.IntegerField(
        source="item.nominal_id", allow_null=True, help_text="The person; null when the caller may not see who"
    )
    person_name = serializers.CharField(source="item.person_name")
    person_reference = serializers.CharField(source="item.person_reference")


class MarkReadSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="The notifications to mark read; all when omitted."
    )
