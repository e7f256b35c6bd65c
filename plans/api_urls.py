"""API routes for risk, plans, actions, external controls and contracts (under /api/v1/)."""

from django.urls import path

from . import api

urlpatterns = [
    path("nominals/<int:pk>/risk-assessments/", api.RiskAssessmentsApi.as_view(), name="risk-assessments"),
    path("risk-assessments/<int:pk>/", api.RiskAssessmentApi.as_view(), name="risk-assessment"),
    path("nominals/<int:pk>/agreed-risk-levels/", api.AgreedRiskLevelsApi.as_view(), name="agreed-risk-levels"),
    path("nominals/<int:pk>/plan/", api.PlanApi.as_view(), name="risk-plan"),
    path("nominals/<int:pk>/plan/actions/", api.PlanActionsApi.as_view(), name="plan-actions"),
    path("plan-actions/", api.MyPlanActionsApi.as_view(), name="my-plan-actions"),
    path("plan-actions/<int:pk>/", api.PlanActionApi.as_view(), name="plan-action"),
    path("plan-actions/<int:pk>/progress/", api.PlanActionProgressApi.as_view(), name="plan-action-progress"),
    path("nominals/<int:pk>/external-controls/", api.ExternalControlsApi.as_view(), name="external-controls"),
    path("external-controls/<int:pk>/", api.ExternalControlApi.as_view(), name="external-control"),
    path("nominals/<int:pk>/disclosure-contracts/", api.DisclosureContractsApi.as_view(), name="disclosure-contracts"),
    path("disclosure-contracts/<int:pk>/", api.DisclosureContractApi.as_view(), name="disclosure-contract"),
]
