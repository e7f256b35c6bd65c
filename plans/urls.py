"""Pages: the "Risk and plan" tab of a person's record, and the plan actions."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("people/<int:pk>/risk-and-plan/", views.overview, name="overview"),
    path("people/<int:pk>/risk-assessments/new/", views.assessment_create, name="assessment-create"),
    path("people/<int:pk>/agreed-risk/new/", views.agreement_create, name="agreement-create"),
    path("people/<int:pk>/plan/", views.plan, name="plan"),
    path("people/<int:pk>/plan/edit/", views.plan_edit, name="plan-edit"),
    path("people/<int:pk>/plan/actions/new/", views.action_create, name="action-create"),
    path("people/<int:pk>/licence-conditions/new/", views.control_create, name="control-create"),
    path("people/<int:pk>/contracts/new/", views.contract_create, name="contract-create"),
    path("risk-assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("plan-actions/", views.actions, name="actions"),
    path("plan-actions/<int:pk>/", views.action_detail, name="action"),
    path("plan-actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("licence-conditions/<int:pk>/edit/", views.control_edit, name="control-edit"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract-edit"),
]
