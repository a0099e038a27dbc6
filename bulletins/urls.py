from django.urls import path

from . import views

urlpatterns = [
    path("demo-feeds/<str:name>.xml", views.demo_feed, name="bulletins_demo_feed"),
]
