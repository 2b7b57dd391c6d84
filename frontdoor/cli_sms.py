"""``frontdoor sms simulate``: text the running service from a made-up phone, without Twilio.

Each message is posted to the real webhook (``PUBLIC_BASE_URL/sms/twilio``,
else ``http://127.0.0.1:$WEB_PORT/sms/twilio``) signed with the local
``TWILIO_AUTH_TOKEN`` that ``make run`` writes, and the replies are printed.
The signing is the Twilio shell's (:mod:`outbound.sms_simulator`); it is
loaded only when the command runs, so importing the core never loads Twilio.
Refused unless ``FRONTDOOR_ENV=development``.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from frontdoor.errors import FrontDoorError

QUIT_WORDS = frozenset({"", "quit", "exit"})


def _fail(exc: FrontDoorError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


def _show(replies: list[str]) -> None:
    for reply in replies or ["(no reply)"]:
        click.echo(f"Front Door: {reply}")


@click.group()
def sms() -> None:
    """The SMS and WhatsApp channel."""


@sms.command("simulate")
@click.option("--message", "-m", "messages", multiple=True, metavar="TEXT",
              help="Send TEXT, print the reply and exit (repeat to send several in turn). "
                   "Without it, a prompt asks for each message until an empty line.")
@click.option("--from", "sender", default=None, metavar="NUMBER",
              help="The made-up sender (default: a random +447700900xxx drama number).")
@click.option("--whatsapp", is_flag=True, help="Send as WhatsApp through Twilio (From: whatsapp:NUMBER).")
@click.option("--url", default=None, help="The webhook (default: PUBLIC_BASE_URL/sms/twilio).")
def simulate(messages: tuple[str, ...], sender: str | None, whatsapp: bool, url: str | None) -> None:
    """Text the running web app from a made-up phone and print its replies (development only)."""
    try:
        shell = importlib.import_module("outbound.sms_simulator")
        simulator = shell.Simulator.from_env(os.environ, url=url, sender=sender, whatsapp=whatsapp)
        channel = "WhatsApp" if whatsapp else "SMS"
        click.echo(f"{channel} from {simulator.sender} to {simulator.url}", err=True)
        for body in messages:
            click.echo(f"you: {body}")
            _show(simulator.send(body))
        if messages:
            return
        click.echo("Type a message and press Enter; an empty line ends.", err=True)
        while True:
            body = click.prompt("you", default="", show_default=False, prompt_suffix="> ").strip()
            if body.lower() in QUIT_WORDS:
                return
            _show(simulator.send(body))
    except FrontDoorError as exc:
        _fail(exc)
    except click.Abort:  # Ctrl-D or Ctrl-C at the prompt
        click.echo("", err=True)
