from django.urls import path, register_converter

from feedback import views


class TrackingCode:
    regex = "[A-Z2-9]{12}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TrackingCode, "tracking_code")

app_name = "feedback"

urlpatterns = [
    path("y-kien/", views.send, name="send"),
    path("y-kien/tra-cuu/", views.lookup, name="lookup"),
    path("y-kien/sang-kien/", views.ideas, name="ideas"),
    path("y-kien/sang-kien/<int:pk>/ung-ho/", views.support, name="support"),
    path("y-kien/<tracking_code:code>/", views.status, name="status"),
]
