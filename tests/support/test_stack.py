"""The test stack's process names, commands and environments for several Rasa instances (nothing started)."""

from __future__ import annotations

from pathlib import Path

from tests.support.stack import MULTI_ENDPOINTS, ONE_ENDPOINTS, Stack, instance_name, shared_stores_env


def stack(instances: int) -> Stack:
    names = ["web"] + [instance_name(kind, n) for n in range(1, instances + 1) for kind in ("rasa", "actions")]
    return Stack(home=Path("/tmp/unused"), env={"RASA_TOKEN": "t"}, rasa_instances=instances,
                 ports={name: 20000 + i for i, name in enumerate(names)})


def test_one_instance_is_the_stack_as_it_was() -> None:
    one = stack(1)
    assert set(one.commands()) == {"rasa", "actions", "web"}
    assert ONE_ENDPOINTS in one.commands()["rasa"] and one.rasa_urls == [one.rasa_url]


def test_one_instance_on_the_shared_stores_uses_their_endpoints() -> None:
    one = stack(1)
    one.env.update(shared_stores_env("postgresql://fd@db:5432/tracker", "redis://cache:6379/0"))
    assert MULTI_ENDPOINTS in one.commands()["rasa"] and ONE_ENDPOINTS not in one.commands()["rasa"]


def test_each_instance_has_its_names_ports_and_own_action_server() -> None:
    three = stack(3)
    commands = three.commands()
    assert set(commands) == {"web", "rasa", "rasa-2", "rasa-3", "actions", "actions-2", "actions-3"}
    assert three.rasa_urls == [f"http://127.0.0.1:{three.ports[n]}" for n in ("rasa", "rasa-2", "rasa-3")]
    for name in ("rasa", "rasa-2", "rasa-3"):
        assert MULTI_ENDPOINTS in commands[name] and str(three.ports[name]) in commands[name]
        actions = name.replace("rasa", "actions")
        assert three.process_env(name)["ACTION_SERVER_URL"] == f"http://127.0.0.1:{three.ports[actions]}/webhook"
        assert three.ready_url(name).endswith("/status?token=t") and three.ready_url(actions).endswith("/health")
    assert "ACTION_SERVER_URL" not in three.process_env("web")
    three.env["ACTION_SERVER_URL"] = "http://a/webhook,http://b/webhook,http://c/webhook"  # a bench's proxies
    assert [three.process_env(n)["ACTION_SERVER_URL"] for n in ("rasa", "rasa-2", "rasa-3")] == [
        "http://a/webhook", "http://b/webhook", "http://c/webhook"]


def test_the_shared_stores_come_from_their_urls() -> None:
    socket = shared_stores_env("postgresql+psycopg://postgres@/tracker?host=%2Ftmp%2Fpg&port=5999",
                               "redis://127.0.0.1:6390/0")
    assert (socket["RASA_TRACKER_HOST"], socket["RASA_TRACKER_PORT"], socket["RASA_TRACKER_DB"]) == (
        "/tmp/pg", "5999", "tracker")
    assert (socket["RASA_REDIS_HOST"], socket["RASA_REDIS_PORT"], socket["RASA_ENDPOINTS"]) == (
        "127.0.0.1", "6390", MULTI_ENDPOINTS)
    remote = shared_stores_env("postgresql://fd:secret@db.internal:5433/fd_tracker", "redis://:pw@cache:6379/0")
    assert (remote["RASA_TRACKER_HOST"], remote["RASA_TRACKER_PORT"], remote["RASA_TRACKER_USER"],
            remote["RASA_TRACKER_PASSWORD"], remote["RASA_REDIS_PASSWORD"]) == (
        "db.internal", "5433", "fd", "secret", "pw")
