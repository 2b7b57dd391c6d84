"""``frontdoor directory import|export|match``: the services directory (signposting).

``import`` validates an Open Referral UK JSON file against the routing table's
areas and, only when it has no problems at all, stores it as
``<FRONTDOOR_HOME>/directory.json`` in place of the demo dataset. On any
problem it prints every one (one per line, naming the record), changes nothing
and exits with status 2.
"""

from __future__ import annotations

import sys

import click

from frontdoor.config import Settings
from frontdoor.directory import NEEDS, Directory, InvalidDirectory, store
from frontdoor.errors import FrontDoorError
from frontdoor.routing import RoutingTable


def _fail(exc: FrontDoorError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


def _current() -> tuple[Settings, RoutingTable, Directory]:
    settings = Settings.from_env()
    table = RoutingTable.load(settings.routing_table)
    return settings, table, Directory.for_settings(settings, table)


@click.group()
def directory() -> None:
    """The services directory young people are signposted to (Open Referral UK JSON)."""


@directory.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
def directory_import(path: str) -> None:
    """Validate PATH and make it the services directory (replacing the current one)."""
    try:
        settings = Settings.from_env()
        table = RoutingTable.load(settings.routing_table)
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            click.echo(f"error: cannot read {path}: {exc}", err=True)
            sys.exit(2)
        try:
            loaded = Directory.from_json(text, table, source=path)
        except InvalidDirectory as exc:
            click.echo(f"error: {path}: {len(exc.problems)} problem(s), nothing imported", err=True)
            for problem in exc.problems:
                click.echo(problem, err=True)
            sys.exit(2)
        written = store(loaded, settings)
    except FrontDoorError as exc:
        _fail(exc)
        return
    local = sum(1 for s in loaded.services if "national" not in s.areas)
    click.echo(f"imported {len(loaded.services)} services ({local} local or regional, "
               f"{len(loaded.services) - local} national) from {len(loaded.organisations)} organisations "
               f"into {written}")


@directory.command("export")
def directory_export() -> None:
    """Print the current services directory as Open Referral UK JSON."""
    try:
        _, _, current = _current()
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(current.to_json(), nl=False)


@directory.command("match")
@click.option("--age", type=int, default=None, help="Age of the person (omit when not known).")
@click.option("--area", default=None, help="Area id of the routing table (e.g. hackney).")
@click.option("--need", "needs", multiple=True, type=click.Choice(list(NEEDS)),
              help="A need (repeat for several).")
@click.option("--gender", type=click.Choice(["female", "male"]), default=None,
              help="Gender, when it matters to the person.")
@click.option("--limit", type=int, default=5, show_default=True, help="Most services to show.")
def directory_match(age: int | None, area: str | None, needs: tuple[str, ...], gender: str | None,
                    limit: int) -> None:
    """Print the services offered to a person: local first, then regional, then national."""
    try:
        _, _, current = _current()
        matches = current.match(age, area, set(needs), limit=limit, gender=gender)
    except FrontDoorError as exc:
        _fail(exc)
        return
    for rank, match in enumerate(matches, 1):
        service = match.service
        contact = ", ".join(p.number for p in service.phones) or service.url or service.email or ""
        click.echo(f"{rank}. [{match.reach}] {service.name} ({service.id}): {contact}")
        if service.schedule.hours:
            click.echo(f"   hours: {service.schedule.hours}")
        if service.how_to_refer:
            click.echo(f"   how to refer: {service.how_to_refer}")
        if match.needs:
            click.echo(f"   helps with: {', '.join(match.needs)}")
