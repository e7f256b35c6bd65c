"""Every route of OpenMAPPA. Each view declares its access rule (access/declare.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from access import audit_api, sharing_api, sharing_urls
from accounts.api import TokenApi
from cases import api as cases_api
from cases import more_api as cases_more_api
from cases import urls as cases_urls
from clocks import api as clocks_api
from register import api as register_api

from . import views


class SchemaView(SpectacularAPIView):
    access_rule = "public"
    authentication_classes: list[object] = []


class DocsView(SpectacularSwaggerView):
    access_rule = "public"
    authentication_classes: list[object] = []


api_v1: list[URLPattern | URLResolver] = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("nominals/", register_api.NominalListCreateApi.as_view(), name="nominals"),
    path("nominals/<int:pk>/", register_api.NominalDetailApi.as_view(), name="nominal"),
    path("nominals/<int:pk>/registrations/", cases_api.RegisterApi.as_view(), name="register"),
    path("nominals/<int:pk>/viewers/", audit_api.RecordViewersApi.as_view(), name="nominal-viewers"),
    path("audit-events/", audit_api.AuditEventSearchApi.as_view(), name="audit-events"),
    path("registrations/<int:pk>/", cases_api.RegistrationDetailApi.as_view(), name="registration"),
    path("registrations/<int:pk>/level/", cases_api.LevelChangeApi.as_view(), name="level-change"),
    path("registrations/<int:pk>/archive/", cases_api.ArchiveApi.as_view(), name="archive"),
    path("registrations/<int:pk>/reactivate/", cases_api.ReactivateApi.as_view(), name="reactivate"),
    path("shared/", sharing_api.SharedListApi.as_view(), name="shared-list"),
    path("shared/<int:pk>/", sharing_api.SharedPersonApi.as_view(), name="shared-person"),
    path("nominals/<int:pk>/share-grants/", sharing_api.ShareGrantsApi.as_view(), name="share-grants"),
    path("share-grants/<int:pk>/revoke/", sharing_api.ShareGrantRevokeApi.as_view(), name="share-grant-revoke"),
    path("nominals/<int:pk>/restricted-access/", sharing_api.RestrictedAccessApi.as_view(), name="restricted-access"),
    path(
        "restricted-access/<int:pk>/revoke/",
        sharing_api.RestrictedAccessRevokeApi.as_view(),
        name="restricted-access-revoke",
    ),
    path("emergency-access/", sharing_api.EmergencyAccessApi.as_view(), name="emergency-access"),
    path("emergency-access/review/", sharing_api.EmergencyReviewQueueApi.as_view(), name="emergency-review-queue"),
    path("emergency-access/<int:pk>/review/", sharing_api.EmergencyReviewApi.as_view(), name="emergency-review"),
    path("rules/notification-period/", clocks_api.NotificationPeriodApi.as_view(), name="notification-period"),
    path("referrals/", include("referrals.api_urls")),
    path("meetings/", include("meetings.api_urls")),
    path("", include("custody.api_urls")),
    path("transfers/", include("transfers.api_urls")),
    path("nominals/<int:pk>/timeline/", cases_more_api.TimelineApi.as_view(), name="nominal-timeline"),
    path("nominals/<int:pk>/pdp/", cases_more_api.NominalPdpApi.as_view(), name="nominal-pdp"),
    path("pdps/", cases_more_api.PdpListApi.as_view(), name="pdps"),
    path("pdps/<int:pk>/end/", cases_more_api.PdpEndApi.as_view(), name="pdp-end"),
    path("registrations/<int:pk>/exit/", cases_more_api.ExitApi.as_view(), name="registration-exit"),
    path("retention-reviews/", cases_more_api.RetentionReviewListApi.as_view(), name="retention-reviews"),
    path(
        "retention-reviews/<int:pk>/decision/",
        cases_more_api.RetentionDecisionApi.as_view(),
        name="retention-decision",
    ),
    path("", include("register.api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("orders.api_urls")),
    path("", include("visits.api_urls")),
    path("", include("disclosure.api_urls")),
    path("", include("victims.api_urls")),
    path("", include("plans.api_urls")),
    path("", include("worklists.api_urls")),
    path("", include("drafts.api_urls")),
    path("reports/", include("reports.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include((sharing_urls.emergency_patterns, "emergency"))),
    path("people/", include("register.urls")),
    path("people/", include("cases.urls")),
    path("people/", include((sharing_urls.manage_patterns, "sharing"))),
    path("people/", include((sharing_urls.restricted_patterns, "restricted"))),
    path("shared/", include((sharing_urls.shared_patterns, "shared"))),
    path("rules/", include("clocks.urls")),
    path("referrals/", include("referrals.urls")),
    path("meetings/", include("meetings.urls")),
    path("", include("custody.urls")),
    path("", include("transfers.urls")),
    path("", include((cases_urls.register_wide, "casework"))),
    path("", include("notifications.urls")),
    path("", include("orders.urls")),
    path("", include("visits.urls")),
    path("", include("disclosure.urls")),
    path("", include("victims.urls")),
    path("", include("plans.urls")),
    path("", include("worklists.urls")),
    path("drafts/", include("drafts.urls")),
    path("reports/", include("reports.urls")),
    path("", include("access.audit_urls")),
    path("api/v1/", include((api_v1, "api"))),
]

handler404 = "openmappa.views.not_found"
handler500 = "openmappa.views.server_error"
