from django.urls import URLPattern

app_name = "process"
urlpatterns: list[URLPattern] = []
