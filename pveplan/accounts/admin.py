from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pveplan.accounts.models import Membership, Organization, User
from pveplan.core import audit
from pveplan.core.admin import AuditedModelAdmin

# Authenticators are set up and reset on the security pages, audited and without showing the
# secret; django-otp's own admin would show the secret key and edit it unaudited.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Preferences"), {"fields": ("language",)}),
    )
    list_display = ["username", "first_name", "last_name", "language", "is_staff", "is_active"]
    inlines = [MembershipInline]

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit.record(action="admin.change_password", actor=request.user, obj=user)
        return response


@admin.register(Organization)
class OrganizationAdmin(AuditedModelAdmin):
    list_display = ["code", "label", "kind", "country", "regional_organization"]
    list_filter = ["kind"]
    search_fields = ["code", "name_en", "name_ar", "country__name_en", "un_entity__acronym"]
    raw_id_fields = ["country", "regional_organization", "sectoral_body", "un_entity"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return Organization.objects.with_labels()


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__code"]
    raw_id_fields = ["user", "organization"]
