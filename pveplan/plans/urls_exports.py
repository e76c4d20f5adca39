"""URLs of the plan exports pages (included by plans/urls.py, namespace "plans")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
