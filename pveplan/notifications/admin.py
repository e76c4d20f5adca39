from django.contrib import admin

from pveplan.core.admin import AuditedModelAdmin
from pveplan.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(AuditedModelAdmin):
    list_display = ("user", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "kind", "params", "url", "created_at", "read_at", "emailed_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Preference)
class PreferenceAdmin(AuditedModelAdmin):
    list_display = ("user", "kind", "in_app", "email")
    list_filter = ("kind",)
