"""API routes for custody and serious further offences (included under /api/v1/)."""

from django.urls import path

from . import api

urlpatterns = [
    path("nominals/<int:pk>/custody/", api.NominalCustodyApi.as_view(), name="nominal-custody"),
    path(
        "nominals/<int:pk>/serious-further-offences/",
        api.NominalSfoApi.as_view(),
        name="nominal-serious-further-offences",
    ),
    path("custody/<int:pk>/", api.CustodySpellApi.as_view(), name="custody-spell"),
    path(
        "custody/<int:pk>/release-confirmation/",
        api.ReleaseConfirmationApi.as_view(),
        name="custody-release-confirmation",
    ),
    path("custody/<int:pk>/end-of-custody/", api.EndOfCustodyApi.as_view(), name="custody-end-of-custody"),
    path("custody/<int:pk>/approved-premises/", api.ApprovedPremisesApi.as_view(), name="custody-approved-premises"),
    path("custody/<int:pk>/release/", api.ReleaseApi.as_view(), name="custody-release"),
    path(
        "approved-premises/<int:pk>/decision/",
        api.ApprovedPremisesDecisionApi.as_view(),
        name="approved-premises-decision",
    ),
    path("urgent-reviews/", api.UrgentReviewListApi.as_view(), name="urgent-reviews"),
    path("urgent-reviews/<int:pk>/complete/", api.UrgentReviewCompleteApi.as_view(), name="urgent-review-complete"),
    path("serious-further-offences/", api.SfoListApi.as_view(), name="serious-further-offences"),
    path("serious-further-offences/<int:pk>/", api.SfoDetailApi.as_view(), name="serious-further-offence"),
    path(
        "serious-further-offences/<int:pk>/notification/",
        api.SfoNotificationApi.as_view(),
        name="serious-further-offence-notification",
    ),
    path(
        "serious-further-offences/<int:pk>/review-decision/",
        api.SfoReviewDecisionApi.as_view(),
        name="serious-further-offence-review-decision",
    ),
]
