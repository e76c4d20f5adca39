"""Forms of the document library: upload, and the list's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import scope_of
from pveplan.core.permissions import PLANS_READ, PLANS_WRITE
from pveplan.documents.actions import OWNER_KINDS, max_bytes
from pveplan.documents.models import DocumentStatus


class OwnerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


def libraries(user: Any, permission: str) -> QuerySet[Organization]:
    """The Member States and regional organizations whose library `user` holds `permission`
    in (all of them for global roles)."""
    scope = scope_of(user)
    owners = Organization.objects.with_labels().filter(kind__in=OWNER_KINDS)
    if permission not in scope.everywhere:
        owners = owners.filter(
            Q(country_id__in=scope.countries_with(permission))
            | Q(regional_organization_id__in=scope.regional_organizations_with(permission))
        )
    return owners.order_by("kind", "country__name_en", "regional_organization__code")


class UploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    owner = OwnerChoiceField(
        label=_("Library"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose the library"),
        help_text=_("The country or organization whose plan this is. Its team will see it."),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OwnerChoiceField, self.fields["owner"]).queryset = libraries(user, PLANS_WRITE)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX) or plain text in UTF-8, up to %(size)s, in one of the six UN "
            "languages."
        ) % {"size": filesizeformat(max_bytes())}
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.docx,.txt,application/pdf,text/plain,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )


class LibraryFilterForm(forms.Form):
    owner = OwnerChoiceField(
        label=_("Library"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OwnerChoiceField, self.fields["owner"]).queryset = libraries(user, PLANS_READ)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")),
            *DocumentStatus.choices,
        ]

    def filter(self, documents: QuerySet[Any]) -> QuerySet[Any]:
        if not self.is_valid():
            return documents
        if self.cleaned_data.get("owner"):
            documents = documents.filter(owner=self.cleaned_data["owner"])
        if self.cleaned_data.get("status"):
            documents = documents.filter(status=self.cleaned_data["status"])
        return documents
