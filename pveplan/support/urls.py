"""URLs of the support pages, under /support/ (namespace "support")."""

from django.urls import URLPattern, path

from pveplan.support import views, views_steps

app_name = "support"
urlpatterns: list[URLPattern] = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
    path("<int:pk>/triage/", views_steps.triage, name="triage"),
    path("<int:pk>/offer/", views_steps.offer_new, name="offer"),
    path("<int:pk>/delivery/start/", views_steps.delivery_start, name="delivery_start"),
    path("<int:pk>/delivery/done/", views_steps.delivery_done, name="delivery_done"),
    path("<int:pk>/close/", views_steps.close, name="close"),
    path("offers/<int:pk>/accept/", views_steps.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/withdraw/", views_steps.offer_withdraw, name="offer_withdraw"),
]
