"""GET /healthz."""

from __future__ import annotations

from web.rasa_client import RasaClient


def test_all_well(client, rasa):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "rasa": "ok"}


def test_rasa_down_is_reported_but_the_app_is_up(make_app, closed_port):
    rasa_client = RasaClient(f"http://127.0.0.1:{closed_port}", timeout=2)
    response = make_app(rasa_client).test_client().get("/healthz")
    rasa_client.close()
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "rasa": "unavailable"}


def test_rasa_failing_is_unavailable(client, rasa):
    rasa.mode = "error"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "rasa": "unavailable"}


def test_database_down_is_a_503(make_app, rasa_client, rasa, core, tmp_path):
    (tmp_path / "frontdoor.db").unlink()
    (tmp_path / "frontdoor.db").mkdir()  # a directory: SQLite cannot open it
    response = make_app(rasa_client).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "unavailable", "rasa": "ok"}
