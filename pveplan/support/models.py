"""Support requests from Member States and regional organizations, to UN entities and donors.

The workflow: submitted -> triaged (by UNOCT) -> open for offers -> assigned -> in delivery ->
delivered -> closed (with the requester's feedback); declined at triage. Offers, assignments,
the capability catalogue and matching build on the request (see the rest of this app).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.assessments.models import Need
from pveplan.core.models import TimestampedModel
from pveplan.plans.models import PlanNode
from pveplan.taxonomy.models import PriorityArea


class Modality(models.TextChoices):
    POLICY_ADVICE = "policy_advice", _("policy advice")
    DRAFTING = "drafting", _("drafting support")
    CONSULTATION = "consultation", _("consultation facilitation")
    TRAINING = "training", _("training")
    LEGAL_REVIEW = "legal_review", _("legal review")
    MONITORING = "monitoring", _("monitoring and evaluation")
    RESEARCH = "research", _("research and drivers analysis")
    RESOURCES = "resources", _("resource mobilization")


class Urgency(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    TRIAGED = "triaged", _("triaged")
    OPEN = "open", _("open for offers")
    ASSIGNED = "assigned", _("assigned")
    IN_DELIVERY = "in_delivery", _("in delivery")
    DELIVERED = "delivered", _("delivered")
    CLOSED = "closed", _("closed")
    DECLINED = "declined", _("declined")


class SupportRequest(TimestampedModel):
    requester = models.ForeignKey(
        Organization,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="support_requests",
        help_text=_("The Member State or regional organization asking for support."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    need = models.ForeignKey(
        Need,
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    priority_areas = models.ManyToManyField(
        PriorityArea, verbose_name=_("priority areas"), related_name="support_requests"
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("UN language codes, e.g. ar, fr.")
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    shared_with_donors = models.BooleanField(
        _("shared with donors"),
        default=False,
        help_text=_("Donors see the request (never the country's confidential assessment)."),
    )
    plan_nodes = models.ManyToManyField(
        PlanNode, verbose_name=_("plan actions"), blank=True, related_name="support_requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What UNOCT said at triage: a note for the providers, or why the request was declined.
    triage_note = models.TextField(_("note of the triage"), blank=True)
    declined_reason = models.TextField(_("why it was declined"), blank=True)
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    delivery_started_at = models.DateTimeField(_("delivery started"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivery_note = models.TextField(_("what was delivered"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The requester's feedback, given when closing the request.
    feedback_rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, help_text=_("From 1 (poor) to 5 (excellent).")
    )
    feedback_comment = models.TextField(_("feedback"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative sample"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(modality__in=Modality.values), name="request_modality_known"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="request_urgency_known"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="request_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="request_has_a_title"),
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True)
                | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="request_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(feedback_rating__isnull=False),
                name="request_closed_with_feedback",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(declined_reason=""),
                name="request_declined_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OfferStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Offer(TimestampedModel):
    """A UN entity's or donor's offer to meet a request; the accepted offer is the assignment."""

    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="offers"
    )
    provider = models.ForeignKey(
        Organization,
        verbose_name=_("offered by"),
        on_delete=models.PROTECT,
        related_name="support_offers",
        help_text=_("The UN entity or donor offering support."),
    )
    message = models.TextField(_("what is offered"), blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.PROPOSED
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An assignment that duplicates existing support needs a reason, kept here and audited.
    duplicate_reason = models.TextField(_("reason to go ahead despite overlap"), blank=True)

    class Meta:
        ordering = ["request", "-created_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OfferStatus.values), name="offer_status_known"
            ),
            models.UniqueConstraint(
                fields=["request", "provider"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="one_live_offer_per_provider",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="accepted"),
                name="one_accepted_offer_per_request",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="offer_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} → {self.request_id}"
