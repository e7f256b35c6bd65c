"""Worklist and notification endpoints: the same selectors as the pages."""

from __future__ import annotations

from functools import partial
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.actor import actor_of
from kernel.api import validated
from kernel.api_errors import errors_response
from kernel.declare import signed_in_user
from kernel.worklist_sources import SOURCES

from . import reminders, selectors, services
from .forms import WorklistFilterForm
from .selectors import Worklist
from .serializers import MarkReadSerializer, NotificationSerializer, WorklistSerializer

FILTER_PARAMETERS = [
    OpenApiParameter(
        "kind", OpenApiTypes.STR, many=True, description="Kinds of work to show (repeat); all when omitted"
    ),
    OpenApiParameter(
        "status", OpenApiTypes.STR, enum=["overdue", "due_soon"], description="Only overdue, or only due soon"
    ),
    OpenApiParameter("within", OpenApiTypes.INT, enum=[7, 14, 28, 56], description="Days ahead (default 14)"),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["due", "kind", "person"], description="Order (default due)"),
    OpenApiParameter("page", OpenApiTypes.INT, description="The page of results (default 1)"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Items per page (default 100, at most 500)"),
]


def _refusal(form: WorklistFilterForm) -> Response:
    """The 400 naming each filter that is wrong."""
    problems = [
        {"field": name, "message": str(message)} for name, messages in form.errors.items() for message in messages
    ]
    return errors_response(problems, 400)


def _answer(worklist: Worklist) -> Response:
    data: dict[str, Any] = {
        "today": worklist.today,
        "due_by": worklist.due_by,
        "count": worklist.total,
        "overdue": worklist.overdue,
        "due_soon": worklist.due_soon,
        "page": worklist.page,
        "pages": worklist.pages,
        "page_size": worklist.page_size,
        "counts": worklist.counts,
        "results": worklist.items,
    }
    return Response(WorklistSerializer(data, context={"today": worklist.today}).data)


class MyWorkApi(APIView):
    access_rule = "signed_in"

    @extend_schema(operation_id="worklist_mine", parameters=FILTER_PARAMETERS, responses=WorklistSerializer)
    def get(self, request: Request) -> Response:
        """What is due from the caller and what is late, from every clock."""
        form = WorklistFilterForm(request.query_params)
        if not form.is_valid():
            return _refusal(form)
        return _answer(form.worklist(partial(selectors.my_work, requested_by=signed_in_user(request))))


class AreaWorkApi(APIView):
    access_rule = "worklist_area"

    @extend_schema(
        operation_id="worklist_area",
        parameters=[*FILTER_PARAMETERS, OpenApiParameter("agency", OpenApiTypes.INT, description="An agency's id")],
        responses=WorklistSerializer,
    )
    def get(self, request: Request) -> Response:
        """The co-ordinator's view of the whole area's work, across agencies."""
        user = signed_in_user(request)
        form = WorklistFilterForm(request.query_params, agencies=selectors.area_agencies(requested_by=user))
        if not form.is_valid():
            return _refusal(form)
        return _answer(form.worklist(partial(selectors.area_work, requested_by=user)))


class WorkKindsApi(APIView):
    access_rule = "signed_in"

    @extend_schema(
        operation_id="worklist_kinds",
        responses=inline_serializer("WorkKinds", {"kinds": serializers.ListField(child=serializers.CharField())}),
    )
    def get(self, request: Request) -> Response:
        """The kinds of work the worklists know (each registered source)."""
        return Response({"kinds": list(SOURCES)})


class NotificationListApi(APIView):
    access_rule = "signed_in"

    @extend_schema(
        operation_id="notifications_list",
        responses=inline_serializer(
            "NotificationList",
            {
                "count": serializers.IntegerField(),
                "unread": serializers.IntegerField(),
                "results": NotificationSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        """The caller's reminders of work still to do, newest first: one per item, naming
        its person as the caller may see them."""
        found = reminders.reminders(requested_by=signed_in_user(request))
        return Response(
            {
                "count": len(found),
                "unread": sum(1 for reminder in found if reminder.unread),
                "results": NotificationSerializer(found, many=True).data,
            }
        )


class NotificationsReadApi(APIView):
    access_rule = "signed_in"

    @extend_schema(
        operation_id="notifications_mark_read",
        request=MarkReadSerializer,
        responses=inline_serializer("NotificationsRead", {"marked": serializers.IntegerField()}),
    )
    def post(self, request: Request) -> Response:
        """Mark the caller's notifications read (the given ones, or all)."""
        ids = validated(MarkReadSerializer, request).get("ids")
        changed = services.mark_read(actor=actor_of(request), notification_ids=ids)
        return Response({"marked": changed})
