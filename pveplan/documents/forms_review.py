"""Forms of the review: editing one segment, accepting suggestions above a confidence, and
turning the accepted segments into a plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pveplan.documents.models import Segment, SegmentKind, SourceDocument
from pveplan.documents.review import SegmentChanges
from pveplan.plans.models import Plan
from pveplan.taxonomy.models import Driver, GCTSPillar, PriorityArea


def _short(segment: Segment) -> str:
    text = segment.text if len(segment.text) <= 70 else segment.text[:69] + "…"
    return f"{segment.number} {text}".strip()


class SegmentForm(forms.Form):
    """Edit a segment: its kind, text, parent, tags and the fields read from tables.

    Text and table fields are in the document's language and direction; the labels in the
    user's. The form rejects what `SegmentChanges.errors` would (and the database could not
    hold: lengths, unknown codes)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SegmentKind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.TypedChoiceField(
        label=_("Part of"), coerce=int, required=False, empty_value=None
    )
    areas = forms.TypedMultipleChoiceField(
        label=_("Priority areas of the Plan of Action"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pillars = forms.MultipleChoiceField(
        label=_("Pillars of the Global Counter-Terrorism Strategy"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    drivers = forms.MultipleChoiceField(
        label=_("Drivers of violent extremism"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_body = forms.CharField(label=_("Lead body"), max_length=300, required=False)
    timeframe = forms.CharField(label=_("Timeframe"), max_length=100, required=False)
    cost = forms.CharField(label=_("Cost"), max_length=100, required=False)

    def __init__(self, *args: Any, segment: Segment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.segment = segment
        language_attrs = {"lang": segment.language or segment.document.language}
        language_attrs["dir"] = "rtl" if language_attrs["lang"] == "ar" else "ltr"
        for name in ("text", "lead_body", "timeframe", "cost"):
            self.fields[name].widget.attrs.update(language_attrs)
        earlier = Segment.objects.filter(
            document_id=segment.document_id,
            position__lt=segment.position,
            kind__in=[SegmentKind.PILLAR, SegmentKind.OBJECTIVE],
        ).order_by("position")
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", _("None (top of the document)")),
            *[(s.pk, f"{s.get_kind_display()}: {_short(s)}") for s in earlier],
        ]
        self._parents = {s.pk: s for s in earlier}
        self.fields["areas"].choices = [  # type: ignore[attr-defined]
            (a.number, f"{a.number}. {a.label}") for a in PriorityArea.objects.all()
        ]
        self.fields["pillars"].choices = [  # type: ignore[attr-defined]
            (p.code, f"{p.numeral}. {p.label}") for p in GCTSPillar.objects.all()
        ]
        self.fields["drivers"].choices = [  # type: ignore[attr-defined]
            (d.code, f"{d.code} — {d.label}") for d in Driver.objects.all()
        ]

    @staticmethod
    def initial_from(segment: Segment) -> dict[str, Any]:
        return {
            "kind": segment.kind,
            "text": segment.text,
            "parent": segment.parent_id,
            "areas": segment.areas,
            "pillars": segment.pillars,
            "drivers": segment.drivers,
            "lead_body": segment.lead_body,
            "timeframe": segment.timeframe,
            "cost": segment.cost,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        for name, messages in self.to_changes().errors(self.segment).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned

    def to_changes(self) -> SegmentChanges:
        data = self.cleaned_data
        parent = data.get("parent")
        return SegmentChanges(
            kind=data.get("kind", ""),
            text=data.get("text", ""),
            parent=self._parents.get(parent) if parent is not None else None,
            areas=list(data.get("areas") or []),
            pillars=list(data.get("pillars") or []),
            drivers=list(data.get("drivers") or []),
            lead_body=data.get("lead_body", ""),
            timeframe=data.get("timeframe", ""),
            cost=data.get("cost", ""),
        )


class AcceptAboveForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Accept every pending suggestion with a confidence of at least (%)"),
        min_value=0,
        max_value=100,
        initial=80,
    )


NEW_PLAN = "new"


class ToPlanForm(forms.Form):
    """Where the accepted segments go: a new draft plan, or a plan of the same library."""

    target = forms.ChoiceField(label=_("Make"), widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title of the new plan"),
        max_length=300,
        required=False,
        help_text=_("In the language of the document. Empty: the document's title."),
    )

    def __init__(self, *args: Any, document: SourceDocument, plans: list[Plan], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.plans = {str(p.pk): p for p in plans}
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (NEW_PLAN, _("A new draft plan")),
            *[
                (str(p.pk), _("New items in: %(title)s") % {"title": p.shown_title.text})
                for p in plans
            ],
        ]
        self.fields["target"].initial = NEW_PLAN
        self.fields["title"].initial = document.title
        self.fields["title"].widget.attrs.update(
            {"lang": document.language, "dir": document.direction}
        )

    def chosen_plan(self) -> Plan | None:
        return self.plans.get(self.cleaned_data.get("target", NEW_PLAN))
