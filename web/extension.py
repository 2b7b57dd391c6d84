"""Where a running app keeps its collaborators, and how views reach them.

``create_app`` stores one :class:`FrontDoorWeb` in ``app.extensions``; views
call :func:`core`, :func:`rasa` or :func:`settings` inside a request.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from frontdoor.bootstrap import Core
from web.rasa_client import RasaClient
from web.settings import WebSettings

KEY = "frontdoor"


@dataclass(frozen=True)
class FrontDoorWeb:
    core: Core
    rasa: RasaClient
    settings: WebSettings

    def init_app(self, app: Flask) -> None:
        app.extensions[KEY] = self


def _ext() -> FrontDoorWeb:
    ext: FrontDoorWeb = current_app.extensions[KEY]
    return ext


def core() -> Core:
    """Return the app's core services."""
    return _ext().core


def rasa() -> RasaClient:
    """Return the app's Rasa adapter."""
    return _ext().rasa


def settings() -> WebSettings:
    """Return the web shell's settings."""
    return _ext().settings
