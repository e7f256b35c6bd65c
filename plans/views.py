"""Pages for risk, the risk management plan and its actions, external controls and
contracts. The "Risk and plan" tab of a person's record, and the action pages that a
duty-to-co-operate SPOC reaches through a sharing grant."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import policy
from accounts.models import Agency
from cases.models import Registration
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.web import posted, try_save
from meetings.models import Meeting
from register import selectors as register_selectors
from register.frame import person_form_page, person_page
from register.models import Nominal

from . import assessments, controls, selectors, services
from .forms import ActionForm, AgreedLevelForm, AssessmentForm, ContractForm, ControlForm, PlanForm, ProgressForm
from .models import PlanHeading

CONFLICT_MESSAGE = (
    "Someone else changed this while you were working on it. Nothing has been saved: check and try again."
)


def _area_agencies(nominal: Nominal) -> Any:
    return Agency.objects.filter(area_id=nominal.area_id).order_by("name")


def _editable_person(request: HttpRequest, pk: int) -> Nominal:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_edit_plans(request.user, nominal):
        raise Http404
    return nominal


def _active_registration(nominal: Nominal) -> Registration:
    registration = selectors.plan_registration(nominal)
    if registration is None or not registration.is_active:
        raise Http404
    return registration


def _overview(nominal: Nominal) -> str:
    return reverse("plans:overview", args=[nominal.pk])


def _plan(nominal: Nominal) -> str:
    return reverse("plans:plan", args=[nominal.pk])


# The plan's form pages: their layout and wording.
_page = partial(person_form_page, template="plans/form.html", conflict=CONFLICT_MESSAGE)


def _starting_from(record: Any, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """An edit form's initial values: the record as it is, and the version it was shown at."""
    return {f: getattr(record, f) for f in fields} | {"version": record.version}


def _saved_at_shown_version(form: Any, update: Callable[..., Any], **target: Any) -> Callable[[], Any]:
    """Save the form's values with `update`; a change made since the form was shown is refused."""
    return lambda: update(values=form.values(), expected_version=form.cleaned_data.get("version"), **target)


def _new_record_page(
    request: HttpRequest, nominal: Nominal, form: Any, record: Callable[..., Any], **page: Any
) -> HttpResponse:
    """Record something new about the person (`record` takes them and the form's values),
    back to their Risk and plan tab."""
    return _page(
        request,
        form=form,
        save=lambda: record(actor=actor_of(request), nominal=nominal, values=form.values()),
        back_url=_overview(nominal),
        nominal=nominal,
        **page,
    )


# --- The "Risk and plan" tab ----------------------------------------------------------------


def _risk_and_plan_tab(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The person's "Risk and plan" tab with the plan (None until the person is registered),
    its tasks by heading, and whether the user may change it now."""
    context = person_page(request, pk, "risk_and_plan")
    user = signed_in_user(request)
    nominal = context["nominal"]
    registration = selectors.plan_registration(nominal)
    the_plan = selectors.plan_for(requested_by=user, registration=registration) if registration else None
    actions = selectors.plan_actions(requested_by=user, plan=the_plan) if the_plan else []
    return context | {
        "plan": the_plan,
        "plan_registration": registration,
        "tasks": selectors.heading_tasks(the_plan, actions) if the_plan else [],
        "plan_editable": bool(registration and registration.is_active and policy.can_edit_plans(user, nominal)),
    }


@page_rule("people")
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    context = _risk_and_plan_tab(request, pk)
    user = signed_in_user(request)
    nominal = context["nominal"]
    context |= {
        "overall": selectors.overall_risk(requested_by=user, nominal=nominal),
        "current": selectors.current_assessments(requested_by=user, nominal=nominal),
        "history": list(selectors.assessments(requested_by=user, nominal=nominal)),
        "agreed": list(selectors.agreed_levels(requested_by=user, nominal=nominal)[:5]),
        "controls": list(selectors.controls(requested_by=user, nominal=nominal)),
        "contracts": list(selectors.contracts(requested_by=user, nominal=nominal)),
        "can_edit_plans": policy.can_edit_plans(user, nominal),
    }
    return render(request, "plans/overview.html", context)


@page_rule("people")
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _editable_person(request, pk)
    actor = actor_of(request)
    form = AssessmentForm(
        posted(request), agencies=_area_agencies(nominal), initial={"agency": actor.user.agency, "assessor": ""}
    )
    return _new_record_page(
        request,
        nominal,
        form,
        assessments.record_assessment,
        template="plans/assessment_form.html",
        title="Record a risk assessment",
        done="Risk assessment recorded",
        section="record_assessment",
    )


@page_rule("people")
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.read_assessment(actor=actor_of(request), pk=pk)
    return render(request, "plans/assessment.html", {"assessment": assessment, "nominal": assessment.nominal})


@page_rule("people")
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _editable_person(request, pk)
    user = signed_in_user(request)
    form = AgreedLevelForm(posted(request))
    return _page(
        request,
        form=form,
        save=lambda: assessments.agree_risk_level(
            actor=actor_of(request),
            nominal=nominal,
            agreed_level=form.cleaned_data["agreed_level"],
            reconviction_level=form.cleaned_data["reconviction_level"],
            reasoning=form.cleaned_data["reasoning"],
            agreed_on=form.cleaned_data["agreed_on"],
        ),
        title="Record the agreed level of risk",
        intro="Where the tools disagree, record the level agreed in professional discussion and why.",
        assessments=selectors.current_assessments(requested_by=user, nominal=nominal),
        back_url=_overview(nominal),
        done="Agreed level recorded",
        nominal=nominal,
        section="agree_risk_level",
    )


# --- The plan --------------------------------------------------------------------------------


@page_rule("people")
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    context = _risk_and_plan_tab(request, pk)
    the_plan = context["plan"]
    changes = selectors.plan_changes(requested_by=signed_in_user(request), plan=the_plan) if the_plan else []
    return render(request, "plans/plan.html", context | {"changes": changes})


@page_rule("people")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _editable_person(request, pk)
    registration = _active_registration(nominal)
    user = signed_in_user(request)
    current = selectors.plan_for(requested_by=user, registration=registration)
    form = PlanForm(posted(request), initial=_starting_from(current, services.PLAN_FIELDS), versioned=True)
    return _page(
        request,
        form=form,
        save=_saved_at_shown_version(form, services.update_plan, actor=actor_of(request), registration=registration),
        title="Risk management plan",
        intro="What the plan says under each heading, and when it is next formally reviewed.",
        back_url=_plan(nominal),
        done="Plan saved",
        nominal=nominal,
        section="edit_plan",
    )


@page_rule("people")
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _editable_person(request, pk)
    registration = _active_registration(nominal)
    user = signed_in_user(request)
    meeting = None
    meeting_id = request.GET.get("meeting") or request.POST.get("meeting")
    if meeting_id:
        try:
            meeting = policy.visible_meetings(user).get(pk=int(meeting_id), nominal=nominal)
        except (Meeting.DoesNotExist, ValueError):
            raise Http404 from None
    heading = request.GET.get("heading", "")
    initial = {"heading": heading} if heading in PlanHeading.values else {}
    form = ActionForm(posted(request), agencies=_area_agencies(nominal), initial=initial)
    return _page(
        request,
        form=form,
        save=lambda: services.add_action(
            actor=actor_of(request), registration=registration, values=form.values(), meeting=meeting
        ),
        title="Add an action to the plan",
        intro=f"Agreed at {meeting}." if meeting else "",
        hidden={"meeting": meeting.pk} if meeting else {},
        back_url=_plan(nominal),
        done="Action added to the plan",
        nominal=nominal,
        section="add_action",
    )


# --- Actions: the owning agency's view and progress ------------------------------------------


@page_rule("plan_actions")
def actions(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    mine = selectors.read_my_agency_actions(actor=actor, limit=200)
    return render(request, "plans/actions.html", {"actions": mine, "agency": actor.user.agency})


@page_rule("plan_actions")
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    user = actor.user
    action = selectors.get_action(requested_by=user, pk=pk)
    nominal = action.plan.nominal
    may_update = policy.can_update_action_progress(user, action)
    form = ProgressForm(posted(request), initial={"status": action.status, "version": action.version})
    if request.method == "POST":
        if not may_update:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data

            def save() -> Any:
                return services.record_progress(
                    actor=actor,
                    action=action,
                    note=data["note"],
                    status=data["status"],
                    expected_version=data.get("version"),
                )

            if try_save(form, save, conflict=CONFLICT_MESSAGE)[0]:
                messages.success(request, "Progress recorded")
                still_visible = policy.can_view_plan_action(user, action)
                return redirect("plans:action", pk=action.pk) if still_visible else redirect("plans:actions")
    selectors.action_viewed(actor, action)
    return render(
        request,
        "plans/action.html",
        {
            "action": action,
            "nominal": nominal,
            "updates": list(action.updates.select_related("by", "agency")),
            "form": form if may_update else None,
            "sees_person": policy.can_view_plans(user, nominal),
            "can_edit": policy.can_edit_plan_action(user, action),
        },
    )


@page_rule("people")
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.get_action(requested_by=user, pk=pk)
    if not policy.can_edit_plan_action(user, action):
        raise Http404
    nominal = action.plan.nominal
    initial = _starting_from(action, services.ACTION_FIELDS)
    form = ActionForm(posted(request), agencies=_area_agencies(nominal), initial=initial, editing=True)
    return _page(
        request,
        form=form,
        save=_saved_at_shown_version(form, services.update_action, actor=actor_of(request), action=action),
        title="Change the action",
        back_url=reverse("plans:action", args=[pk]),
        done="Action saved",
        done_url=_plan(nominal),
        nominal=nominal,
        section="edit_action",
    )


# --- Licence conditions and other external controls; contracts -------------------------------


@page_rule("people")
def control_create(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _editable_person(request, pk)
    form = ControlForm(posted(request))
    return _new_record_page(
        request,
        nominal,
        form,
        controls.record_control,
        title="Record a licence condition or other control",
        done="Condition recorded",
        section="record_control",
    )


def _edit_record_page(
    request: HttpRequest,
    record: Any,
    *,
    form_class: Callable[..., Any],
    fields: tuple[str, ...] | list[str],
    update: Callable[..., Any],
    title: str,
    saved: str,
    section: str,
) -> HttpResponse:
    """Change a versioned record on the person's Risk and plan tab (a condition, a contract):
    the form starts from the record, saves through `update` with the version it showed."""
    actor = actor_of(request)
    nominal = record.nominal
    if not policy.can_edit_plans(actor.user, nominal):
        raise Http404
    form: Any = form_class(posted(request), initial=_starting_from(record, fields), versioned=True)
    return _page(
        request,
        form=form,
        save=_saved_at_shown_version(form, update, actor=actor),
        title=title,
        back_url=_overview(nominal),
        done=saved,
        nominal=nominal,
        section=section,
    )


@page_rule("people")
def control_edit(request: HttpRequest, pk: int) -> HttpResponse:
    control = selectors.get_control(requested_by=signed_in_user(request), pk=pk)
    return _edit_record_page(
        request,
        control,
        form_class=ControlForm,
        fields=controls.CONTROL_FIELDS,
        update=partial(controls.update_control, control=control),
        title="Change the condition",
        saved="Condition saved",
        section="edit_control",
    )


@page_rule("people")
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _editable_person(request, pk)
    user = signed_in_user(request)
    form = ContractForm(posted(request), initial={"offender_manager": user.display_name})
    return _new_record_page(
        request,
        nominal,
        form,
        controls.record_contract,
        title="Record a contract for controlled disclosure",
        intro="The person's undertakings in one setting, who will be told and why, signed by them and by "
        "their offender manager.",
        done="Contract recorded",
        section="record_contract",
    )


@page_rule("people")
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.get_contract(requested_by=signed_in_user(request), pk=pk)
    return _edit_record_page(
        request,
        contract,
        form_class=ContractForm,
        fields=controls.CONTRACT_FIELDS,
        update=partial(controls.update_contract, contract=contract),
        title="Contract for controlled disclosure",
        saved="Contract saved",
        section="edit_contract",
    )
