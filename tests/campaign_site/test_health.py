from unittest import mock

from django.db import OperationalError


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_database_fails(client, db):
    # The database cannot be stopped inside a transaction-wrapped test; the fault test in
    # tests/e2e stops the real server. Here the cursor raises as a dead connection would.
    with mock.patch("campaign_site.views.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["reason"] == "database unavailable"


def test_healthz_rejects_post(client, db):
    assert client.post("/healthz").status_code == 405
