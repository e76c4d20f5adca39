"""Forms of the coordination pages. Each gives the data an action takes and leaves the rules to
the action; the choices they offer are only what the user may see and use."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Membership, Organization
from pveplan.coordination.actions import GroupInput, ItemInput, MeetingInput
from pveplan.coordination.models import (
    ActionItem,
    CoordinationGroup,
    Decision,
    GroupKind,
    GroupMember,
    ItemStatus,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MemberRole,
)
from pveplan.core.i18n import (
    LANGUAGE_CHOICES,
    LANGUAGE_NAMES,
    RTL_LANGUAGES,
    UN_LANGUAGES,
    texts_of,
)
from pveplan.plans.models import Plan, PlanNode
from pveplan.support.models import SupportRequest
from pveplan.support.permissions import visible_requests
from pveplan.taxonomy.models import Country, RegionalOrganization


def add_errors(error: ValidationError, form: forms.Form) -> None:
    """Put an action's ValidationError onto the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for name, found in error.message_dict.items():
            for message in found:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class LabelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class MemberChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class NodeChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.code} · {obj}"


class DecisionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.text[:80]}"


class MeetingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _add_language_fields(
    form: forms.Form, prefix: str, label: Any, *, max_length: int, rows: int
) -> None:
    """`<prefix>_<code>` text fields, one per UN language, written in that language's direction."""
    for code in UN_LANGUAGES:
        attrs = {"lang": code, "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}
        widget = (
            forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs)
        )
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=_("%(field)s (%(language)s)")
            % {"field": label, "language": LANGUAGE_NAMES[code]},
            max_length=max_length,
            required=False,
            widget=widget,
        )


def _texts(form: forms.Form, prefix: str) -> dict[str, str]:
    return {code: form.cleaned_data.get(f"{prefix}_{code}", "") for code in UN_LANGUAGES}


def _initial_texts(prefix: str, value: object) -> dict[str, str]:
    return {f"{prefix}_{code}": text for code, text in texts_of(value).items()}


# -- groups -------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    original_language = forms.ChoiceField(
        label=_("Language of the original name"), choices=LANGUAGE_CHOICES, initial="en"
    )
    country = LabelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.all(),
        help_text=_("For a group working in one country (a UN country team working group)."),
    )
    regional_organization = LabelChoiceField(
        label=_("Regional organization"),
        required=False,
        queryset=RegionalOrganization.objects.all(),
        help_text=_("For a regional task force."),
    )
    convener = LabelChoiceField(
        label=_("Convened by"),
        queryset=Organization.objects.with_labels(),
        help_text=_("A new group's convener becomes its chair."),
    )
    description = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_language_fields(self, "name", _("Name"), max_length=300, rows=0)

    def name_fields(self) -> list[forms.BoundField]:
        return [self[f"name_{code}"] for code in UN_LANGUAGES]

    def to_input(self) -> GroupInput:
        data = self.cleaned_data
        return GroupInput(
            kind=data["kind"],
            original_language=data["original_language"],
            names=_texts(self, "name"),
            convener=data["convener"],
            country=data.get("country"),
            regional_organization=data.get("regional_organization"),
            description=data.get("description", ""),
            is_active=bool(data.get("is_active")),
        )

    @staticmethod
    def initial_from(group: CoordinationGroup) -> dict[str, Any]:
        return {
            "kind": group.kind,
            "original_language": group.original_language,
            "country": group.country_id,
            "regional_organization": group.regional_organization_id,
            "convener": group.convener_id,
            "description": group.description,
            "is_active": group.is_active,
            **_initial_texts("name", group.name),
        }


def member_organization_ids(group: CoordinationGroup) -> list[int]:
    return list(
        GroupMember.objects.current()
        .filter(group=group)
        .exclude(organization=None)
        .values_list("organization_id", flat=True)
    )


def people_of(group: CoordinationGroup) -> QuerySet[Any]:
    """Active people who may be named in a group: its members in person and the people of its
    member organizations (and of its convener)."""
    orgs = [*member_organization_ids(group), group.convener_id]
    via_org = Membership.objects.filter(organization_id__in=orgs).values("user_id")
    in_person = GroupMember.objects.current().filter(group=group).values("user_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=via_org) | Q(pk__in=in_person), is_active=True)
        .order_by("last_name", "first_name", "username")
    )


class MemberForm(forms.Form):
    organization = LabelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.with_labels()
    )
    user = PersonChoiceField(
        label=_("Person"),
        required=False,
        queryset=get_user_model().objects.none(),
        help_text=_(
            "A person of the group's member organizations; with an organization, "
            "the person sits for it."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role in the group"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )

    def __init__(self, *args: Any, group: CoordinationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = people_of(group)  # type: ignore[type-arg]


# -- meetings -----------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=MeetingStatus.choices, initial=MeetingStatus.PLANNED
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=MeetingFormat.choices, initial=MeetingFormat.IN_PERSON
    )
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    minutes_language = forms.ChoiceField(
        label=_("Language of the original minutes"),
        required=False,
        choices=[("", "—"), *LANGUAGE_CHOICES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_language_fields(self, "minutes", _("Minutes"), max_length=50000, rows=6)

    def minutes_fields(self) -> list[forms.BoundField]:
        return [self[f"minutes_{code}"] for code in UN_LANGUAGES]

    def has_minutes(self) -> bool:
        return any(field.value() or field.errors for field in self.minutes_fields())

    def to_input(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(
            date=data["date"],
            format=data["format"],
            place=data.get("place", ""),
            agenda=data.get("agenda", ""),
            status=data["status"],
            minutes=_texts(self, "minutes"),
            minutes_language=data.get("minutes_language", ""),
        )

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        return {
            "date": meeting.date,
            "status": meeting.status,
            "format": meeting.format,
            "place": meeting.place,
            "agenda": meeting.agenda,
            "minutes_language": meeting.minutes_language,
            **_initial_texts("minutes", meeting.minutes),
        }


class AttendanceForm(forms.Form):
    present = MemberChoiceField(
        label=_("Present"),
        required=False,
        queryset=GroupMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Current members, and those who attended before they left.
        members = (
            GroupMember.objects.filter(group_id=meeting.group_id)
            .filter(Q(left_on__isnull=True) | Q(meetings_attended=meeting))
            .select_related("organization__country", "organization__un_entity", "user")
            .distinct()
        )
        cast(forms.ModelMultipleChoiceField, self.fields["present"]).queryset = members  # type: ignore[type-arg]


# -- decisions ----------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    meeting = MeetingChoiceField(
        label=_("Taken at the meeting of"), required=False, queryset=Meeting.objects.none()
    )
    text = forms.CharField(
        label=_("Decision"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )

    def __init__(self, *args: Any, group: CoordinationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(group=group).order_by("-date", "-pk")
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = meetings  # type: ignore[type-arg]


# -- action items -------------------------------------------------------------------------------


def node_choices(user: Any, group: CoordinationGroup, linked: list[int]) -> QuerySet[PlanNode]:
    """Plan actions `user` sees, of the group's country or region (any for a global group),
    and those already linked that `user` sees."""
    nodes = PlanNode.objects.filter(plan__in=Plan.objects.visible_to(user))
    if group.country_id is not None:
        nodes = nodes.filter(Q(plan__owner__country_id=group.country_id) | Q(pk__in=linked))
    elif group.regional_organization_id is not None:
        nodes = nodes.filter(
            Q(plan__owner__regional_organization_id=group.regional_organization_id)
            | Q(pk__in=linked)
        )
    return nodes.select_related("plan").order_by("plan__code", "level", "position", "pk")


def request_choices(
    user: Any, group: CoordinationGroup, linked: list[int]
) -> QuerySet[SupportRequest]:
    """Support requests `user` sees, from the group's country or region (any for a global
    group), and those already linked that `user` sees."""
    requests = visible_requests(user)
    if group.country_id is not None:
        requests = requests.filter(Q(requester__country_id=group.country_id) | Q(pk__in=linked))
    elif group.regional_organization_id is not None:
        requests = requests.filter(
            Q(requester__regional_organization_id=group.regional_organization_id) | Q(pk__in=linked)
        )
    return requests.order_by("-created_at", "-pk")


class ItemForm(forms.Form):
    title = forms.CharField(
        label=_("What is to be done"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    owner_organization = LabelChoiceField(
        label=_("Owner organization"), required=False, queryset=Organization.objects.none()
    )
    owner_user = PersonChoiceField(
        label=_("Owner (person)"), required=False, queryset=get_user_model().objects.none()
    )
    due_date = forms.DateField(label=_("Due"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices, initial="open")
    decision = DecisionChoiceField(
        label=_("Following decision"), required=False, queryset=Decision.objects.none()
    )
    plan_nodes = NodeChoiceField(
        label=_("Plan actions"),
        required=False,
        queryset=PlanNode.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    support_requests = forms.ModelMultipleChoiceField(
        label=_("Support requests"),
        required=False,
        queryset=SupportRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        group: CoordinationGroup,
        item: ActionItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["owner_organization"]).queryset = (  # type: ignore[type-arg]
            Organization.objects.with_labels().filter(pk__in=member_organization_ids(group))
        )
        cast(forms.ModelChoiceField, fields["owner_user"]).queryset = people_of(group)  # type: ignore[type-arg]
        cast(forms.ModelChoiceField, fields["decision"]).queryset = Decision.objects.filter(  # type: ignore[type-arg]
            group=group
        ).order_by("-number")
        linked_nodes = list(item.plan_nodes.values_list("pk", flat=True)) if item else []
        linked_requests = list(item.support_requests.values_list("pk", flat=True)) if item else []
        cast(forms.ModelMultipleChoiceField, fields["plan_nodes"]).queryset = node_choices(  # type: ignore[type-arg]
            user, group, linked_nodes
        )
        cast(forms.ModelMultipleChoiceField, fields["support_requests"]).queryset = (  # type: ignore[type-arg]
            request_choices(user, group, linked_requests)
        )

    def to_input(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            title=data["title"],
            due_date=data["due_date"],
            owner_organization=data.get("owner_organization"),
            owner_user=data.get("owner_user"),
            description=data.get("description", ""),
            decision=data.get("decision"),
            status=data["status"],
            plan_nodes=list(data.get("plan_nodes") or []),
            support_requests=list(data.get("support_requests") or []),
        )

    @staticmethod
    def initial_from(item: ActionItem) -> dict[str, Any]:
        return {
            "title": item.title,
            "description": item.description,
            "owner_organization": item.owner_organization_id,
            "owner_user": item.owner_user_id,
            "due_date": item.due_date,
            "status": item.status,
            "decision": item.decision_id,
            "plan_nodes": list(item.plan_nodes.values_list("pk", flat=True)),
            "support_requests": list(item.support_requests.values_list("pk", flat=True)),
        }


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)


# The filters of the action items table: every status, the live ones, the overdue ones.
ITEM_FILTERS: list[tuple[str, Any]] = [
    ("", _("all")),
    ("live", _("to do")),
    ("overdue", _("overdue")),
    *ItemStatus.choices,
]
