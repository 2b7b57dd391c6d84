"""The SMS spool: messages the database could not take, kept on disk until they can be imported."""

from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from frontdoor.errors import ConfigurationError
from frontdoor.store.crypto import Keyring

log = logging.getLogger("frontdoor.services.sms")


class SpoolDir:
    """Messages the database could not take, one file each, written atomically and encrypted.

    With a ``keyring`` (FRONTDOOR_DATA_KEYS) each file holds the message
    encrypted, like the database's sensitive columns; files from before are
    still read. The directory is made 0700 and each file 0600. A file that
    cannot be read is moved to ``unreadable/`` (and logged), never skipped
    silently; a ``.tmp`` file left by a crash mid-write is removed by :meth:`tidy`.
    """

    def __init__(self, path: Path, keyring: Keyring | None = None) -> None:
        self.path = path
        self._keyring = keyring

    def put(self, record: dict[str, object]) -> None:
        """Write ``record`` durably (fsync, then rename into place)."""
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = f"{record['received_at']}-{uuid.uuid4().hex}".replace(":", "")
        temporary = self.path / f".{name}.tmp"
        text = json.dumps(record)
        if self._keyring is not None:
            text = self._keyring.encrypt(text)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path / f"{name}.json")

    def items(self) -> list[tuple[Path, dict[str, object]]]:
        """Return the spooled messages, oldest first; move aside any that cannot be read."""
        if not self.path.exists():
            return []
        found = []
        for file in sorted(self.path.glob("*.json")):
            try:
                text = file.read_text("utf-8")
                if self._keyring is not None:
                    text = self._keyring.decrypt(text)
                record = json.loads(text)
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
                found.append((file, record))
            except (OSError, ValueError, ConfigurationError) as exc:
                self._set_aside(file, exc)
        return found

    def _set_aside(self, file: Path, problem: Exception) -> None:
        aside = self.path / "unreadable"
        try:
            aside.mkdir(mode=0o700, exist_ok=True)
            os.replace(file, aside / file.name)
            log.error("a spooled SMS could not be read and was moved to %s (%s)", aside, type(problem).__name__)
        except OSError:
            log.error("a spooled SMS could not be read or moved aside (%s)", type(problem).__name__)

    def tidy(self, older_than: timedelta, now: datetime) -> int:
        """Remove ``.tmp`` files left by an interrupted write more than ``older_than`` ago; return how many."""
        if not self.path.exists():
            return 0
        removed = 0
        cutoff = (now - older_than).timestamp()
        for file in self.path.glob(".*.tmp"):
            try:
                if file.stat().st_mtime < cutoff:
                    file.unlink()
                    removed += 1
            except OSError:
                continue
        return removed
