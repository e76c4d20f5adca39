"""The API token pages (under the language prefix); the API itself is mounted in config/urls.py."""

from django.urls import path

from pveplan.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_create, name="create"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
