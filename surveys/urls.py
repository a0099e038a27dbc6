from django.urls import path

from surveys.views import kiosk, kiosk_api, polls, receipts, surveys

app_name = "surveys"

urlpatterns = [
    path("polls/<id:pk>/vote/", polls.vote, name="vote"),
    path("polls/<id:pk>/results/", polls.results, name="results"),
    path("polls/<id:pk>/results.json", polls.results_json, name="results_json"),
    path("kiosk/api/definition", kiosk_api.definition, name="kiosk_definition"),
    path("kiosk/api/sync", kiosk_api.sync, name="kiosk_sync"),
    path("kiosk/api/heartbeat", kiosk_api.heartbeat, name="kiosk_heartbeat"),
    path("kiosk/receipt/<str:signed>/", receipts.receipt, name="receipt"),
    path("kiosk/<str:token>/", kiosk.kiosk, name="kiosk"),
    path("surveys/<id:page_id>/take/", surveys.take_survey, name="survey_take"),
    path("surveys/<id:page_id>/results/", surveys.survey_results, name="survey_results"),
]
