"""The one adapter between the web shell and the Rasa server.

Rasa is reached over HTTP only (DESIGN §2): its REST channel for a turn of
conversation and its HTTP API for a conversation's tracker. With several Rasa
instances every call about one conversation goes to the same instance
(:mod:`web.rasa_routing`). Every failure —
connection refused, timeout, a 5xx answer, a body that is not the JSON we
expect — is raised as :class:`~frontdoor.errors.Unavailable`, so callers have
exactly one thing to handle. Nothing here logs message text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from frontdoor.errors import Unavailable
from web.rasa_routing import DOWN_SECONDS, Instance, Instances

__all__ = ["BotMessage", "Button", "RasaClient", "Turn"]


@dataclass(frozen=True)
class Button:
    """A quick-reply button offered by the bot: what it says and what it sends."""

    title: str
    payload: str

    def to_json(self) -> dict[str, str]:
        """Return ``{"title": ..., "payload": ...}``."""
        return {"title": self.title, "payload": self.payload}


#: Kinds of bot message: ordinary text, or the 999 advice (``safety``), which every channel makes stand out.
KINDS = ("text", "safety")


@dataclass(frozen=True)
class BotMessage:
    """One message of the bot's reply to a turn.

    ``kind`` is ``"safety"`` for the 999 advice (a custom payload
    ``{"kind": "safety", "text": ...}`` from the action server), else ``"text"``.
    """

    text: str
    buttons: tuple[Button, ...] = ()
    image: str | None = None
    kind: str = "text"

    def to_json(self) -> dict[str, Any]:
        """Return the message in the ``/api/chat`` shape: ``{"text", "buttons", "kind"}``."""
        return {"text": self.text, "buttons": [b.to_json() for b in self.buttons], "kind": self.kind}


@dataclass(frozen=True)
class Turn:
    """One utterance of a stored conversation, as read from Rasa's tracker."""

    speaker: Literal["user", "bot"]
    text: str
    buttons: tuple[Button, ...] = field(default=())
    timestamp: float | None = None
    kind: str = "text"


def _custom(value: Any) -> tuple[str, str] | None:
    """Return ``(text, kind)`` of a marked custom payload ``{"kind", "text"}``, else None."""
    if isinstance(value, dict) and value.get("kind") in KINDS and isinstance(value.get("text"), str):
        return value["text"], value["kind"]
    return None


def _text(value: Any) -> str:
    """Return ``value`` if it is text, else an empty string."""
    return value if isinstance(value, str) else ""


def _buttons(value: Any) -> tuple[Button, ...]:
    """Return the usable buttons in Rasa's ``buttons`` list (others are skipped)."""
    if not isinstance(value, list):
        return ()
    buttons: list[Button] = []
    for item in value:
        if not isinstance(item, dict):
            continue
        title = item.get("title")
        payload = item.get("payload", title)
        if isinstance(title, str) and title.strip() and isinstance(payload, str) and payload:
            buttons.append(Button(title=title, payload=payload))
    return tuple(buttons)


def _health_url(webhook_url: str) -> str:
    """``http://host:5055/webhook`` → ``http://host:5055/health``."""
    base = webhook_url.rstrip("/")
    if base.endswith("/webhook"):
        base = base[: -len("/webhook")]
    return base + "/health"


def _urls(value: str | Sequence[str] | None) -> list[str]:
    """Return the URLs of a comma-separated string or a list, without trailing slashes."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip().rstrip("/") for item in items if item.strip()]


def instances(base_url: str | Sequence[str], actions_url: str | Sequence[str] | None = None) -> list[Instance]:
    """Return the Rasa instances at ``base_url``, each with its action server's ``/health``.

    One action server URL serves every instance; otherwise the n-th belongs to the n-th instance.

    Raises:
        ValueError: no Rasa URL, or as many action server URLs as neither one nor the instances.
    """
    rasa, actions = _urls(base_url), _urls(actions_url)
    if not rasa:
        raise ValueError("no Rasa URL")
    if len(actions) == 1:
        actions = actions * len(rasa)
    elif actions and len(actions) != len(rasa):
        raise ValueError(f"{len(actions)} action server URLs for {len(rasa)} Rasa instances: "
                         "give one for all, or one for each")
    return [Instance(url, _health_url(actions[i]) if actions else None) for i, url in enumerate(rasa)]


class RasaClient:
    """Talk to the Rasa servers at ``base_url`` (e.g. ``http://127.0.0.1:5005``, or several).

    Every call about a conversation goes to the instance its id hashes to
    (:mod:`web.rasa_routing`); when that instance refuses the connection the call
    goes to the next in the conversation's order, and the refusing one is passed
    over for ``down_seconds``. A call that reached an instance is never repeated
    elsewhere (a timeout may mean the turn was taken).

    Args:
        base_url: where Rasa listens: one URL, a comma-separated list, or a list;
            never exposed to browsers.
        token: Rasa's HTTP API token (``rasa run --auth-token``), needed to read
            trackers when the server was started with one.
        timeout: seconds allowed for each call to Rasa, connection included.
        transport: an httpx transport (tests may pass one; normally None).
        actions_url: the action server's webhook URL (``.../webhook``), one for
            every instance or one per instance; when given,
            :meth:`actions_ready` checks its ``/health``.
        down_seconds: how long an instance that refused a connection is passed over.
        clock: monotonic seconds, for the time an instance is passed over (tests pass their own).

    Raises:
        ValueError: see :func:`instances`.
    """

    def __init__(
        self,
        base_url: str | Sequence[str],
        *,
        token: str | None = None,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        actions_url: str | Sequence[str] | None = None,
        down_seconds: float = DOWN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.instances = Instances(instances(base_url, actions_url), down_seconds=down_seconds, clock=clock)
        self.timeout = timeout
        self._token = token or None
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            follow_redirects=False,
            headers={"Accept": "application/json"},
        )

    @property
    def base_url(self) -> str:
        """The first Rasa instance listed."""
        return self.instances.all[0].url

    @property
    def actions_health_url(self) -> str | None:
        """The first instance's action server ``/health``, or None when none was configured."""
        return self.instances.all[0].actions_health_url

    # --- plumbing ---------------------------------------------------------------
    def _send_routed(self, key: str | None, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Return the response of the first instance, in ``key``'s order, that takes the connection.

        Raises:
            httpx.HTTPError: the last instance refused too, or one took the
                request and then failed (never retried elsewhere).
        """
        route = self.instances.route(key)
        for position, instance in enumerate(route):
            try:
                response = self._http.request(method, instance.url + path, **kwargs)
            except httpx.ConnectError:
                # Refused before the request was sent: nothing was done there, the next may take it.
                self.instances.set_down(instance)
                if position == len(route) - 1:
                    raise
                continue
            self.instances.set_up(instance)
            return response
        raise AssertionError("unreachable: there is always an instance")

    def _request(self, method: str, path: str, key: str | None = None, **kwargs: Any) -> Any:
        """Return the decoded JSON body of ``method path`` on conversation ``key``'s instance.

        Raises:
            Unavailable: no Rasa instance could be reached, or the one reached was
                too slow, answered with an error status, or sent something that is not JSON.
        """
        try:
            response = self._send_routed(key, method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise Unavailable("The chat engine did not answer in time.") from exc
        except httpx.HTTPError as exc:
            raise Unavailable("The chat engine cannot be reached.") from exc
        if response.status_code >= 400:
            raise Unavailable(f"The chat engine answered with status {response.status_code}.")
        try:
            return response.json()
        except ValueError as exc:
            raise Unavailable("The chat engine sent an unreadable answer.") from exc

    # --- conversation -------------------------------------------------------------
    def send(self, session_id: str, text: str, channel: str = "web",
             timeout: float | None = None, medium: str | None = None) -> list[BotMessage]:
        """Send one user message and return the bot's reply messages (possibly none).

        Messages that carry neither text nor buttons (an image alone, an
        unknown custom payload) are dropped; the web chat shows text only. The
        999 advice, a custom payload ``{"kind": "safety", "text"}``, comes back
        as a message of kind ``safety``. ``timeout`` lowers
        the time allowed for this call (the SMS webhook's budget). ``medium`` (e.g.
        "whatsapp") goes in the message's metadata beside the channel.

        Raises:
            Unavailable: see :meth:`_request`, or the body is not a list.
        """
        body = {
            "sender": session_id,
            "message": text,
            "input_channel": channel,
            "metadata": {"channel": channel, **({"medium": medium} if medium else {})},
        }
        extra: dict[str, Any] = {}
        if timeout is not None:
            limit = min(timeout, self.timeout)
            extra["timeout"] = httpx.Timeout(limit, connect=min(limit, 5.0))
        data = self._request("POST", "/webhooks/rest/webhook", session_id, json=body, **extra)
        if not isinstance(data, list):
            raise Unavailable("The chat engine sent an unexpected answer.")
        messages: list[BotMessage] = []
        for item in data:
            if not isinstance(item, dict):
                continue
            marked = _custom(item.get("custom"))
            if marked is not None:
                messages.append(BotMessage(text=marked[0], kind=marked[1]))
                continue
            message = BotMessage(
                text=_text(item.get("text")),
                buttons=_buttons(item.get("buttons")),
                image=item.get("image") if isinstance(item.get("image"), str) else None,
            )
            if message.text or message.buttons:
                messages.append(message)
        return messages

    def transcript(self, session_id: str) -> list[Turn]:
        """Return the conversation so far: the user and bot utterances in order.

        Raises:
            Unavailable: see :meth:`_request`, or the tracker is malformed.
        """
        params = {"token": self._token} if self._token else None
        data = self._request("GET", f"/conversations/{session_id}/tracker", session_id, params=params)
        events = data.get("events") if isinstance(data, dict) else None
        if events is None:
            events = []
        if not isinstance(events, list):
            raise Unavailable("The chat engine sent an unexpected tracker.")
        turns: list[Turn] = []
        for event in events:
            if not isinstance(event, dict):
                continue
            kind = event.get("event")
            stamp = event.get("timestamp")
            stamp = float(stamp) if isinstance(stamp, (int, float)) else None
            if kind == "user":
                turns.append(Turn("user", _text(event.get("text")), (), stamp))
            elif kind == "bot":
                data_ = event.get("data") if isinstance(event.get("data"), dict) else {}
                marked = _custom(data_.get("custom"))
                if marked is not None:
                    turns.append(Turn("bot", marked[0], (), stamp, kind=marked[1]))
                    continue
                turn = Turn("bot", _text(event.get("text")), _buttons(data_.get("buttons")), stamp)
                if turn.text or turn.buttons:
                    turns.append(turn)
        return turns

    def ping(self, timeout: float = 2.0) -> bool:
        """Return True when a Rasa instance answers ``GET /`` within ``timeout`` seconds."""
        for instance in self.instances.route(None):
            try:
                response = self._http.get(instance.url + "/", timeout=min(timeout, self.timeout))
            except httpx.HTTPError:
                continue
            if response.status_code < 500:
                return True
        return False

    def actions_ready(self, timeout: float = 0.5, session_id: str | None = None) -> bool:
        """Return True when the action server of ``session_id``'s instance answers its ``/health`` in time.

        An action server that refuses the connection sets its instance aside, as
        Rasa refusing would, and the next instance's is asked. Always True when no
        action server URL was configured.
        """
        route = self.instances.route(session_id)
        for position, instance in enumerate(route):
            if instance.actions_health_url is None:
                return True
            try:
                response = self._http.get(instance.actions_health_url, timeout=timeout)
            except httpx.ConnectError:
                self.instances.set_down(instance)
                if position < len(route) - 1:
                    continue
                return False
            except httpx.HTTPError:
                return False
            return response.status_code == 200
        return False

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()
