"""URLs of the coordination pages, under /coordination/ (namespace "coordination")."""

from django.urls import URLPattern, path

from pveplan.coordination import views, views_items, views_meetings

app_name = "coordination"
urlpatterns: list[URLPattern] = [
    path("", views.group_list, name="groups"),
    path("new/", views.group_create, name="group_create"),
    path("<int:pk>/", views.group_detail, name="group"),
    path("<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/meetings/new/", views_meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", views_meetings.attendance, name="attendance"),
    path("<int:pk>/decisions/new/", views_meetings.decision_create, name="decision_create"),
    path("<int:pk>/items/new/", views_items.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views_items.item_edit, name="item_edit"),
    path("items/<int:pk>/status/", views_items.item_status, name="item_status"),
]
