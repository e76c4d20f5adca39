"""The JSON API under /api/v1/: the same access functions, querysets and actions as the pages.

Bearer tokens only (see tokens.py): a session cookie authenticates nothing here, so the API needs
no CSRF protection and a browser tab cannot write through it. The API owns no rules: reading goes
through `visible_to`/`access_*`, writing through the domain's action functions.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from pveplan.accounts.models import User
from pveplan.accounts.permissions import scope_of
from pveplan.api import tokens
from pveplan.api.models import ApiToken
from pveplan.api.nodes import patch_to_input
from pveplan.api.schemas import (
    Error,
    MembershipOut,
    MeOut,
    NodeOut,
    NodePatch,
    OrganizationOut,
    PlanDetailOut,
    PlanOut,
    PriorityAreaOut,
    SupportRequestOut,
    TokenOut,
)
from pveplan.core.errors import ConflictError
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import Plan, PlanNode, Scope, Status
from pveplan.plans.permissions import access_node, access_plan
from pveplan.plans.views_structure import tier_names
from pveplan.support.models import RequestStatus, SupportRequest
from pveplan.support.permissions import visible_requests
from pveplan.taxonomy.models import PriorityArea

PAGE_SIZE, MAX_PAGE_SIZE = 50, 200


class BearerToken(HttpBearer):
    """`Authorization: Bearer <secret>`: the usable token it belongs to, else 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.token_for(token)
        if found is not None:
            tokens.touch(found)
        return found


api = NinjaAPI(
    title="pveplan API",
    version="1",
    description=(
        "Plans of action to prevent violent extremism. Send a personal token as "
        "`Authorization: Bearer <token>`; make one on the API tokens page."
    ),
    urls_namespace="api",
    auth=BearerToken(),
    # The interactive docs would need inline scripts the CSP forbids; the schema is enough.
    docs_url=None,
)


def _user(request: HttpRequest) -> User:
    """The owner of the request's token (the operations are behind BearerToken)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.owner


def _detail(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _detail(request, _("A valid API token is needed."), 401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(request, _("You do not have permission to do this."), 403)


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _detail(
        request,
        _("Someone else changed this since you read it. Read it again, then retry."),
        409,
    )


def _field_location(name: str) -> list[str]:
    """Where an action's error lies in the request body (text_ar -> body.texts.ar)."""
    for prefix, field in (("text_", "texts"), ("rationale_", "rationales")):
        if name.startswith(prefix):
            return ["body", field, name.removeprefix(prefix)]
    return ["body"] if name == "__all__" else ["body", name]


def validation_errors(error: DjangoValidationError) -> list[dict[str, Any]]:
    """An action's ValidationError in the shape of the API's own 422 answers."""
    messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return [
        {"type": "value_error", "loc": _field_location(name), "msg": str(message)}
        for name, found in messages.items()
        for message in found
    ]


@api.exception_handler(NinjaValidationError)
def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    # ninja names the body parameter in each location (body.patch.code); the API's clients
    # send the body itself, so the location is given from there (body.code).
    errors = [
        {**error, "loc": ["body", *error["loc"][2:]]}
        if list(error.get("loc", [])[:2]) == ["body", "patch"]
        else error
        for error in exc.errors
    ]
    return _detail(request, errors, 422)


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _detail(request, validation_errors(exc), 422)


AUTH_ERRORS: dict[int, Any] = {401: Error}


@api.get(
    "/me", response={200: MeOut, **AUTH_ERRORS}, operation_id="me", url_name="me", tags=["account"]
)
def me(request: HttpRequest) -> MeOut:
    """Who the token belongs to, and their memberships and roles."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    user = token.owner
    scope = scope_of(user)
    return MeOut(
        username=user.get_username(),
        full_name=user.get_full_name(),
        is_superuser=user.is_superuser,
        memberships=[
            MembershipOut(
                organization=OrganizationOut.from_organization(m.organization),
                role=m.role,
                role_label=str(m.get_role_display()),
                is_global=m.is_global,
            )
            for m in scope.memberships
        ],
        permissions_everywhere=sorted(scope.everywhere),
        token=TokenOut(name=token.name, prefix=token.prefix, expires_at=token.expires_at),
    )


class PlanFilters(Schema):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code of the owner."
    )
    status: Status | None = None
    scope: Scope | None = None


@api.get(
    "/plans",
    response={200: list[PlanOut], **AUTH_ERRORS},
    operation_id="list_plans",
    url_name="plans",
    tags=["plans"],
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_plans(request: HttpRequest, filters: Query[PlanFilters]) -> QuerySet[Plan]:
    """Plans the token's owner may see, newest period first."""
    plans = Plan.objects.visible_to(_user(request)).for_listing()
    if filters.country:
        plans = plans.filter(owner__country__code=filters.country.upper())
    if filters.status:
        plans = plans.filter(status=filters.status)
    if filters.scope:
        plans = plans.filter(scope=filters.scope)
    return plans.order_by("-period_start", "code")


@api.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, 404: Error, **AUTH_ERRORS},
    operation_id="get_plan",
    url_name="plan",
    tags=["plans"],
)
def get_plan(request: HttpRequest, plan_id: str) -> Plan:
    """One plan, by id or code."""
    return access_plan(_user(request), plan_id)


@api.get(
    "/plans/{plan_id}/nodes",
    response={200: list[NodeOut], 404: Error, **AUTH_ERRORS},
    operation_id="list_plan_nodes",
    url_name="plan_nodes",
    tags=["plans"],
)
def list_plan_nodes(request: HttpRequest, plan_id: str) -> list[NodeOut]:
    """The plan's structure: every pillar, objective and action with its tags, top tier first."""
    plan = access_plan(_user(request), plan_id)
    tiers = tier_names(plan)
    return [NodeOut.from_node(n, tiers) for n in PlanNode.objects.filter(plan=plan).for_tree()]


@api.patch(
    "/plans/{plan_id}/nodes/{int:node_id}",
    response={200: NodeOut, 403: Error, 404: Error, 409: Error, 422: Error, **AUTH_ERRORS},
    operation_id="update_plan_node",
    url_name="plan_node",
    tags=["plans"],
)
def update_plan_node(request: HttpRequest, plan_id: str, node_id: int, patch: NodePatch) -> NodeOut:
    """Change some fields of a pillar, objective or action, as the structure editor does.

    `version` must be the node's version as read: 409 if it changed since.
    """
    user = _user(request)
    plan = access_plan(user, plan_id, need=PLANS_WRITE)
    node = access_node(user, node_id, need=PLANS_WRITE)
    if node.plan_id != plan.pk:
        raise Http404("No plan node found")
    data = patch_to_input(plan, node, patch)
    plan_actions.node_update(node=node, by=user, data=data, expected_version=patch.version)
    fresh = PlanNode.objects.for_tree().get(pk=node.pk)
    return NodeOut.from_node(fresh, tier_names(plan))


class SupportRequestFilters(Schema):
    status: RequestStatus | None = None


@api.get(
    "/support-requests",
    response={200: list[SupportRequestOut], **AUTH_ERRORS},
    operation_id="list_support_requests",
    url_name="support_requests",
    tags=["support"],
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_support_requests(
    request: HttpRequest, filters: Query[SupportRequestFilters]
) -> QuerySet[SupportRequest]:
    """Support requests the token's owner may see, newest first."""
    found = (
        visible_requests(_user(request))
        .select_related(
            "requester__country",
            "requester__regional_organization",
            "requester__sectoral_body",
            "requester__un_entity",
        )
        .prefetch_related("priority_areas")
    )
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-created_at", "-pk")


@api.get(
    "/taxonomy/priority-areas",
    response=list[PriorityAreaOut],
    auth=None,
    operation_id="list_priority_areas",
    url_name="priority_areas",
    tags=["taxonomy"],
)
def list_priority_areas(request: HttpRequest) -> QuerySet[PriorityArea]:
    """The seven priority areas of the Secretary-General's Plan of Action (public)."""
    return PriorityArea.objects.order_by("number")
