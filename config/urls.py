from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from pveplan.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("pveplan.accounts.i18n_urls")),
    # The JSON API: outside the language prefix, bearer tokens only (pveplan/api/api.py).
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("pveplan.accounts.urls")),
    path("", include("pveplan.instruments.urls")),
    path("", include("pveplan.process.urls")),
    path("", include("pveplan.consultations.urls")),
    path("notifications/", include("pveplan.notifications.urls")),
    path("assessments/", include("pveplan.assessments.urls")),
    path("support/", include("pveplan.support.urls")),
    path("providers/", include("pveplan.providers.urls")),
    path("coordination/", include("pveplan.coordination.urls")),
    path("funding/", include("pveplan.funding.urls")),
    path("api/tokens/", include("pveplan.api.urls")),
    path("documents/", include("pveplan.documents.urls")),
    path("", include("pveplan.plans.urls")),
)
