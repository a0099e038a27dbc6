from django.urls import path

from surveys.views import kiosk, polls, surveys

app_name = "surveys"

urlpatterns = [
    path("polls/csrf/", polls.csrf_token, name="csrf"),
    path("polls/<id:pk>/vote/", polls.vote, name="vote"),
    path("polls/<id:pk>/results/", polls.results, name="results"),
    path("polls/<id:pk>/results.json", polls.results_json, name="results_json"),
    path("kiosk/<str:token>/", kiosk.kiosk, name="kiosk"),
    path("surveys/<id:page_id>/take/", surveys.take_survey, name="survey_take"),
    path("surveys/<id:page_id>/results/", surveys.survey_results, name="survey_results"),
]
