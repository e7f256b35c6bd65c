"""API routes under /api/v1/referrals/ (included by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.ReferralListCreateApi.as_view(), name="referrals"),
    path("<int:pk>/", api.ReferralDetailApi.as_view(), name="referral"),
    path("<int:pk>/submit/", api.ReferralSubmitApi.as_view(), name="referral-submit"),
    path("<int:pk>/countersign/", api.ReferralCountersignApi.as_view(), name="referral-countersign"),
    path("<int:pk>/gatekeep/", api.ReferralGatekeepApi.as_view(), name="referral-gatekeep"),
    path("<int:pk>/dispute/", api.ReferralDisputeApi.as_view(), name="referral-dispute"),
    path("<int:pk>/resolve-dispute/", api.ReferralResolveDisputeApi.as_view(), name="referral-resolve-dispute"),
]
