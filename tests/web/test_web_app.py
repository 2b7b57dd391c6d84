"""The application factory, its configuration, and the access-log filter."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from frontdoor.errors import ConfigurationError
from frontdoor.store.migrate import upgrade
from web import create_app
from web.extension import KEY
from web.logs import RedactSensitive
from web.settings import WebSettings


def test_a_secret_key_is_required_outside_development(clean_env, core, rasa_client):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(core=core, rasa=rasa_client)


def test_development_generates_a_throwaway_key_with_a_warning(clean_env, monkeypatch, core, rasa_client, caplog):
    monkeypatch.setenv("FRONTDOOR_ENV", "development")
    with caplog.at_level(logging.WARNING):
        app = create_app(core=core, rasa=rasa_client)
    assert len(app.config["SECRET_KEY"]) == 64
    assert "SECRET_KEY is not set" in caplog.text
    assert create_app(core=core, rasa=rasa_client).config["SECRET_KEY"] != app.config["SECRET_KEY"]


@pytest.mark.parametrize(
    ("key", "value"),
    [("RASA_TIMEOUT", "soon"), ("RASA_TIMEOUT", "0"), ("RASA_TIMEOUT", "-3"), ("RASA_URL", "ftp://rasa"),
     ("RASA_URL", "localhost:5005"), ("QUICK_EXIT_URL", "javascript:alert(1)"), ("PUBLIC_BASE_URL", "example.org")],
)
def test_malformed_settings_fail_at_start(clean_env, monkeypatch, core, rasa_client, key, value):
    monkeypatch.setenv("SECRET_KEY", "s" * 32)
    monkeypatch.setenv(key, value)
    with pytest.raises(ConfigurationError, match=key):
        create_app(core=core, rasa=rasa_client)


def test_defaults():
    settings = WebSettings.load({"SECRET_KEY": "k"})
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.rasa_timeout == 10
    assert settings.rasa_token is None
    assert settings.quick_exit_url == "https://www.bbc.co.uk/weather"
    assert settings.public_base_url is None and settings.secure is False


def test_config_wins_over_the_environment():
    settings = WebSettings.load({"SECRET_KEY": "from-env", "QUICK_EXIT_URL": "https://env.example/"},
                                {"QUICK_EXIT_URL": "https://config.example/"})
    assert settings.secret_key == "from-env"
    assert settings.quick_exit_url == "https://config.example/"


def test_everything_from_the_environment(clean_env, monkeypatch, tmp_path, rasa_server, rasa):
    for key in ("DATABASE_URL", "ROUTING_TABLE", "FRONTDOOR_LEXICON"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("FRONTDOOR_HOME", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("RASA_URL", rasa_server.url + "/")
    monkeypatch.setenv("RASA_TOKEN", "rasa-api-token")
    monkeypatch.setenv("RASA_TIMEOUT", "3.5")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://frontdoor.example.org")

    app = create_app()

    ext = app.extensions[KEY]
    assert ext.core.db.url == f"sqlite:///{tmp_path / 'frontdoor.db'}"
    assert ext.rasa.base_url == rasa_server.url and ext.rasa.timeout == 3.5
    assert app.config["SESSION_COOKIE_SECURE"] is True
    upgrade(ext.core.db)
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"database": "ok", "rasa": "ok"}
    assert client.post("/api/chat", json={"session": None, "message": "hi"}).status_code == 200
    ext.rasa.close()
    ext.core.db.dispose()


def test_importing_the_package_does_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL", "FRONTDOOR_HOME")}
    code = ("import web, web.chat, web.inbox, web.api, web.health, web.rasa_client, os, logging;"
            "assert not os.listdir('.'), os.listdir('.');"
            "assert not logging.getLogger('werkzeug').filters;"
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _record(name, msg, args):
    return logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)


def test_the_werkzeug_access_log_loses_the_client_address():
    record = _record("werkzeug", '203.0.113.9 - - [21/Nov/2026 10:00:00] "%s" %s %s',
                     ("POST /api/chat HTTP/1.1", "200", "-"))
    assert RedactSensitive().filter(record) is True
    assert record.getMessage() == '- - - [21/Nov/2026 10:00:00] "POST /api/chat HTTP/1.1" 200 -'
    ipv6 = _record("werkzeug", '::1 - - [21/Nov/2026 10:00:00] "%s" %s %s', ("GET / HTTP/1.1", "200", "-"))
    RedactSensitive().filter(ipv6)
    assert "::1" not in ipv6.getMessage()


def test_the_gunicorn_access_log_loses_the_client_address():
    atoms = {"h": "203.0.113.9", "r": "POST /chat HTTP/1.1", "s": "200", "{x-forwarded-for}i": "198.51.100.4",
             "{x-real-ip}i": "198.51.100.5"}
    record = _record("gunicorn.access", '%(h)s %({x-forwarded-for}i)s %({x-real-ip}i)s "%(r)s" %(s)s', (atoms,))
    RedactSensitive().filter(record)
    assert record.getMessage() == '- - - "POST /chat HTTP/1.1" 200'


def test_the_filter_is_installed_once(make_app, rasa_client):
    make_app(rasa_client)
    make_app(rasa_client)
    for name in ("werkzeug", "gunicorn.access"):
        filters = [f for f in logging.getLogger(name).filters if isinstance(f, RedactSensitive)]
        assert len(filters) == 1


def test_the_rasa_token_never_reaches_the_log(client, rasa, caplog, html):
    caplog.set_level("DEBUG")
    page = html(client.get("/"))
    form = page.by_id("chat-form")
    client.post("/chat", data={"session": form.find("input", name="session").attrs["value"],
                               "token": form.find("input", name="token").attrs["value"], "message": "hi"})
    assert rasa.tracker_requests == [{"token": "rasa-api-token"}]
    assert "rasa-api-token" not in caplog.text
    assert "token=[redacted]" in caplog.text
