from django.urls import path

from surveys.views import kiosk, polls, surveys

app_name = "surveys"

urlpatterns = [
    path("polls/csrf/", polls.csrf_token, name="csrf"),
    path("polls/<int:pk>/vote/", polls.vote, name="vote"),
    path("polls/<int:pk>/results/", polls.results, name="results"),
    path("polls/<int:pk>/results.json", polls.results_json, name="results_json"),
    path("kiosk/<str:token>/", kiosk.kiosk, name="kiosk"),
    path("surveys/<int:page_id>/take/", surveys.take_survey, name="survey_take"),
    path("surveys/<int:page_id>/results/", surveys.survey_results, name="survey_results"),
]
