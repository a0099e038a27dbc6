from django.urls import path

from screens import views

app_name = "screens"

urlpatterns = [
    path("screens/<id:screen_id>/feed.json", views.feed_json, name="feed_json"),
    path("screens/<id:screen_id>/emergency.json", views.emergency_json, name="emergency_json"),
    path("screens/<id:screen_id>/feed.rss", views.feed_rss, name="feed_rss"),
    path("screens/<id:screen_id>/frame.png", views.frame_png, name="frame_png"),
    path("screens/<id:screen_id>/play/", views.player, name="player"),
    path("screens/<id:screen_id>/plays", views.plays, name="plays"),
]
