"""Several Rasa instances behind one RasaClient: stickiness and failover.

The instances are :class:`FakeRasa` apps reached through an httpx transport
that can make one refuse connections (as a dead process's port does) or hang;
one test uses a real server and a real closed port.
"""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from frontdoor.errors import Unavailable
from tests.web.fake_rasa import FakeRasa, FakeRasaServer
from web.rasa_client import RasaClient
from web.rasa_routing import rendezvous_order
from web.sms.engine import RasaEngine

URLS = ["http://rasa-a:5005", "http://rasa-b:5005", "http://rasa-c:5005"]
ACTIONS = ["http://rasa-a:5005/webhook", "http://rasa-b:5005/webhook", "http://rasa-c:5005/webhook"]


class Instances(httpx.BaseTransport):
    """Fake Rasa instances by host; a host in ``dead`` refuses connections, one in ``hung`` times out."""

    def __init__(self, urls: list[str]) -> None:
        self.apps = {httpx.URL(url).host: FakeRasa() for url in urls}
        self.dead: set[str] = set()
        self.hung: set[str] = set()
        self.connects: Counter[str] = Counter()

    def app(self, url: str) -> FakeRasa:
        return self.apps[httpx.URL(url).host]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        self.connects[host] += 1
        if host in self.dead:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if host in self.hung:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.WSGITransport(app=self.apps[host]).handle_request(request)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def cluster() -> Instances:
    return Instances(URLS)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(cluster: Instances, clock: Clock) -> RasaClient:
    return RasaClient(",".join(URLS), timeout=2, transport=cluster, actions_url=ACTIONS, down_seconds=30,
                      clock=clock)


def home(session: str) -> str:
    """The instance ``session`` hashes to first."""
    return URLS[rendezvous_order(session, URLS)[0]]


def next_home(session: str) -> str:
    return URLS[rendezvous_order(session, URLS)[1]]


def senders(app: FakeRasa) -> list[str]:
    return [request["sender"] for request in app.requests]


def test_every_turn_and_tracker_read_of_a_conversation_goes_to_one_instance(client, cluster) -> None:
    sessions = [f"session-{n:04d}-abcdefgh" for n in range(60)]
    for session in sessions:
        for text in ("/greet", "hello", "again"):
            client.send(session, text)
        assert [t.text for t in client.transcript(session) if t.speaker == "user"] == ["/greet", "hello", "again"]
    for session in sessions:
        serving = [url for url in URLS if session in senders(cluster.app(url))]
        assert serving == [home(session)]
        assert senders(cluster.app(home(session))).count(session) == 3
    assert all(cluster.apps[host].requests for host in cluster.apps), "every instance takes conversations"


def test_when_an_instance_dies_its_conversation_moves_to_the_next_and_stays_there(client, cluster) -> None:
    session = "session-moving-0001"
    client.send(session, "/greet")
    first, second = home(session), next_home(session)
    cluster.dead.add(httpx.URL(first).host)

    replies = client.send(session, "a second message")

    assert replies and replies[0].text == "You said: a second message"
    assert senders(cluster.app(second)) == [session]
    assert client.instances.is_down(client.instances.route(None)[URLS.index(first)])
    # While it is set aside the dead instance is not even tried: no connection is wasted on it.
    tries = cluster.connects[httpx.URL(first).host]
    client.send(session, "a third message")
    assert [t.text for t in client.transcript(session) if t.speaker == "user"] == [
        "a second message", "a third message"]
    assert cluster.connects[httpx.URL(first).host] == tries
    assert senders(cluster.app(second)) == [session, session]


def test_others_conversations_stay_where_they_were(client, cluster) -> None:
    dead = URLS[0]
    sessions = [f"session-{n:04d}-stay" for n in range(40)]
    cluster.dead.add(httpx.URL(dead).host)
    for session in sessions:
        client.send(session, "hi")
    for session in sessions:
        expected = next_home(session) if home(session) == dead else home(session)
        assert session in senders(cluster.app(expected))


def test_a_set_aside_instance_is_tried_again_after_a_while(client, cluster, clock) -> None:
    session = "session-comes-back-01"
    first = home(session)
    cluster.dead.add(httpx.URL(first).host)
    client.send(session, "one")
    cluster.dead.clear()
    clock.now += 10
    client.send(session, "two")
    assert senders(cluster.app(first)) == []
    clock.now += 25
    client.send(session, "three")
    assert senders(cluster.app(first)) == [session]
    assert not any(client.instances.is_down(i) for i in client.instances.all)


def test_a_timeout_is_never_tried_elsewhere(client, cluster) -> None:
    session = "session-slow-000001"
    cluster.hung.add(httpx.URL(home(session)).host)
    with pytest.raises(Unavailable, match="did not answer in time"):
        client.send(session, "this may have been taken")
    assert all(not app.requests for app in cluster.apps.values())
    assert sum(cluster.connects.values()) == 1


def test_an_error_status_is_never_tried_elsewhere(client, cluster) -> None:
    session = "session-error-00001"
    cluster.app(home(session)).mode = "error"
    with pytest.raises(Unavailable, match="status 500"):
        client.send(session, "hi")
    assert senders(cluster.app(next_home(session))) == []


def test_every_instance_refusing_is_unavailable(client, cluster) -> None:
    cluster.dead.update(cluster.apps)
    with pytest.raises(Unavailable, match="cannot be reached"):
        client.send("session-nobody-home", "hi")
    assert sum(cluster.connects.values()) == len(URLS)
    assert client.ping() is False
    cluster.dead.clear()
    assert client.ping() is True


def test_the_action_server_check_follows_the_conversations_instance(client, cluster) -> None:
    session = "session-actions-0001"
    first, second = home(session), next_home(session)
    cluster.app(first).mode = "actions_down"
    assert client.actions_ready(session_id=session) is False  # answered 503: not a dead instance
    assert cluster.connects[httpx.URL(second).host] == 0
    cluster.app(first).mode = "echo"
    cluster.dead.add(httpx.URL(first).host)
    assert client.actions_ready(session_id=session) is True
    assert cluster.connects[httpx.URL(second).host] == 1


def test_the_sms_engine_converses_on_the_conversations_instance(client, cluster) -> None:
    session = "sms-conversation-0001"
    cluster.dead.add(httpx.URL(home(session)).host)
    replies = RasaEngine(client).converse(session, "hello", channel="sms", timeout=1.0)
    assert replies[0].text == "You said: hello"
    assert senders(cluster.app(next_home(session))) == [session]


def test_one_action_server_may_serve_every_instance(cluster) -> None:
    client = RasaClient(URLS, transport=cluster, actions_url="http://actions:5055/webhook")
    assert {i.actions_health_url for i in client.instances.all} == {"http://actions:5055/health"}
    with pytest.raises(ValueError, match="2 action server URLs for 3"):
        RasaClient(URLS, actions_url=ACTIONS[:2])


def test_a_real_refused_connection_moves_the_conversation(closed_port: int) -> None:
    server = FakeRasaServer().start()
    try:
        dead = f"http://127.0.0.1:{closed_port}"
        urls = [dead, server.url]
        session = next(f"session-{n}-real" for n in range(100)
                       if urls[rendezvous_order(f"session-{n}-real", urls)[0]] == dead)
        client = RasaClient(urls, timeout=2)
        assert client.send(session, "hello")[0].text == "You said: hello"
        assert senders(server.app) == [session]
        client.close()
    finally:
        server.stop()
