"""URLs of a plan's consultations (namespace "consultations"): the plan's own pages under
plans/<pk>/consultations/, one record's pages under plans/consultations/<kind>/<pk>/."""

from django.urls import URLPattern, path

from pveplan.consultations import views, views_events, views_inputs

app_name = "consultations"
PLAN = "plans/<int:pk>/consultations/"
ONE = "plans/consultations/"

urlpatterns: list[URLPattern] = [
    path(PLAN, views.overview, name="overview"),
    path(f"{PLAN}annex/", views.annex, name="annex"),
    path(f"{PLAN}stakeholders/", views.stakeholders, name="stakeholders"),
    path(f"{PLAN}stakeholders/add/", views.stakeholder_add, name="stakeholder_add"),
    path(f"{ONE}stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path(
        f"{ONE}stakeholders/<int:pk>/delete/", views.stakeholder_delete, name="stakeholder_delete"
    ),
    path(f"{PLAN}events/add/", views_events.event_add, name="event_add"),
    path(f"{ONE}events/<int:pk>/", views_events.event_detail, name="event_detail"),
    path(f"{ONE}events/<int:pk>/edit/", views_events.event_edit, name="event_edit"),
    path(f"{ONE}events/<int:pk>/delete/", views_events.event_delete, name="event_delete"),
    path(f"{ONE}events/<int:pk>/participants/", views_events.participants, name="participants"),
    path(f"{PLAN}inputs/", views_inputs.inputs, name="inputs"),
    path(f"{PLAN}inputs/add/", views_inputs.input_add, name="input_add"),
    path(f"{ONE}inputs/<int:pk>/edit/", views_inputs.input_edit, name="input_edit"),
    path(f"{ONE}inputs/<int:pk>/respond/", views_inputs.input_respond, name="input_respond"),
]
