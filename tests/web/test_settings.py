"""RASA_URL and ACTION_SERVER_URL listing several Rasa instances."""

from __future__ import annotations

import pytest

from frontdoor.errors import ConfigurationError
from web import create_app
from web.extension import KEY
from web.settings import WebSettings

BASE = {"SECRET_KEY": "k" * 32}


def test_one_url_works_as_before() -> None:
    settings = WebSettings.load({**BASE, "RASA_URL": "http://127.0.0.1:5005/"})
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.rasa_urls == ("http://127.0.0.1:5005",) and settings.action_server_urls == ()


def test_several_instances_each_checked() -> None:
    settings = WebSettings.load({**BASE, "RASA_URL": "http://10.0.0.1:5005/, http://10.0.0.2:5005",
                                 "ACTION_SERVER_URL": "http://10.0.0.1:5055/webhook,http://10.0.0.2:5055/webhook"})
    assert settings.rasa_urls == ("http://10.0.0.1:5005", "http://10.0.0.2:5005")
    assert settings.action_server_urls == ("http://10.0.0.1:5055/webhook", "http://10.0.0.2:5055/webhook")
    shared = WebSettings.load({**BASE, "RASA_URL": "http://a:5005,http://b:5005",
                               "ACTION_SERVER_URL": "http://actions:5055/webhook"})
    assert shared.action_server_urls == ("http://actions:5055/webhook",)
    two_machines = WebSettings.load({**BASE, "RASA_URL": "http://bot1:5005,http://bot1:5006,http://bot2:5005",
                                     "ACTION_SERVER_URL": "http://bot1:5055/webhook,http://bot1:5055/webhook,"
                                                          "http://bot2:5055/webhook"})
    assert len(two_machines.action_server_urls) == 3


@pytest.mark.parametrize(("environ", "complaint"), [
    ({"RASA_URL": "http://a:5005,rasa-b:5005"}, "RASA_URL must be an http"),
    ({"RASA_URL": "http://a:5005,"}, "RASA_URL must be an http"),
    ({"RASA_URL": "http://a:5005,http://a:5005/"}, "same URL twice"),
    ({"RASA_URL": "http://a:5005,http://b:5005,http://c:5005",
      "ACTION_SERVER_URL": "http://a:5055/webhook,http://b:5055/webhook"}, "one for each instance"),
])
def test_a_bad_list_is_refused(environ: dict[str, str], complaint: str) -> None:
    with pytest.raises(ConfigurationError, match=complaint):
        WebSettings.load({**BASE, **environ})


def test_the_app_routes_over_every_listed_instance(clean_env, monkeypatch, tmp_path, core) -> None:
    monkeypatch.setenv("RASA_URL", "http://10.0.0.1:5005,http://10.0.0.2:5005")
    monkeypatch.setenv("ACTION_SERVER_URL", "http://10.0.0.1:5055/webhook,http://10.0.0.2:5055/webhook")
    app = create_app({"SECRET_KEY": "k" * 32}, core=core)
    rasa = app.extensions[KEY].rasa
    assert [(i.url, i.actions_health_url) for i in rasa.instances.all] == [
        ("http://10.0.0.1:5005", "http://10.0.0.1:5055/health"),
        ("http://10.0.0.2:5005", "http://10.0.0.2:5055/health")]
