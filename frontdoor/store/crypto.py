"""Encryption at rest of free text and personal fields (Fernet, with key rotation).

Keys come from the environment (``FRONTDOOR_DATA_KEYS``: comma-separated
Fernet keys). The first key encrypts; every key decrypts, so a new key can be
put first, the data re-encrypted with ``frontdoor keys rotate``, and the old
key removed afterwards.

Columns declared with :class:`EncryptedText` or :class:`EncryptedJSON` store
``fdenc1:`` followed by a Fernet token. Values written before encryption was
turned on (plaintext, without the prefix) are still read as they are and are
encrypted by the next rotation.

The :class:`Keyring` is not global: :class:`~frontdoor.store.db.Database`
installs it on its engine's dialect when the engine is built (see
:func:`install`), and the column types look it up there. Writing an encrypted
column through an engine without a keyring raises
:class:`~frontdoor.errors.ConfigurationError`.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text, TypeDecorator

from frontdoor.errors import ConfigurationError

#: What every encrypted value starts with (anything else is legacy plaintext).
PREFIX = "fdenc1:"
ENV_NAME = "FRONTDOOR_DATA_KEYS"

_keyrings: weakref.WeakKeyDictionary[Any, Keyring] = weakref.WeakKeyDictionary()


def generate_key() -> str:
    """Return a new random Fernet key (URL-safe base64 text)."""
    return Fernet.generate_key().decode("ascii")


class Keyring:
    """The data keys: the first encrypts, all of them decrypt."""

    def __init__(self, keys: Iterable[str | bytes]) -> None:
        """Build a keyring from Fernet keys, newest first.

        Raises:
            ConfigurationError: no key given, or a key is not a valid Fernet key.
        """
        fernets: list[Fernet] = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.strip()))
            except (ValueError, TypeError) as exc:
                raise ConfigurationError(
                    f"{ENV_NAME}: key {position} is not a valid key "
                    "(make one with `frontdoor keys generate`)") from exc
        if not fernets:
            raise ConfigurationError(f"{ENV_NAME} holds no key (make one with `frontdoor keys generate`)")
        self._primary = fernets[0]
        self._all = MultiFernet(fernets)
        self.size = len(fernets)

    @classmethod
    def from_text(cls, text: str | None) -> Keyring | None:
        """Return the keyring for a comma-separated list of keys (None when empty).

        Raises:
            ConfigurationError: a key is malformed.
        """
        keys = [part.strip() for part in (text or "").split(",") if part.strip()]
        return cls(keys) if keys else None

    @staticmethod
    def is_encrypted(stored: str) -> bool:
        """Return whether ``stored`` is an encrypted value (else legacy plaintext)."""
        return stored.startswith(PREFIX)

    def encrypt(self, plaintext: str) -> str:
        """Return the stored form of ``plaintext``, encrypted with the first key."""
        return PREFIX + self._primary.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        """Return the plaintext of a stored value (legacy plaintext comes back as it is).

        Raises:
            ConfigurationError: no key in the keyring opens it.
        """
        if not self.is_encrypted(stored):
            return stored
        try:
            return self._all.decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as exc:
            raise ConfigurationError(
                f"a stored value cannot be decrypted with any key in {ENV_NAME} "
                "(was a key removed before `frontdoor keys rotate` finished?)") from exc

    def is_current(self, stored: str) -> bool:
        """Return whether ``stored`` is encrypted with the first key (needs no rotation)."""
        if not self.is_encrypted(stored):
            return False
        try:
            self._primary.decrypt(stored[len(PREFIX):].encode("ascii"))
        except (InvalidToken, ValueError):
            return False
        return True

    def reencrypt(self, stored: str) -> str:
        """Return ``stored`` encrypted with the first key (plaintext is encrypted).

        Raises:
            ConfigurationError: no key in the keyring opens it.
        """
        return self.encrypt(self.decrypt(stored))


def install(dialect: Any, keyring: Keyring | None) -> None:
    """Use ``keyring`` for the encrypted columns of every statement run through ``dialect``."""
    if keyring is None:
        _keyrings.pop(dialect, None)
    else:
        _keyrings[dialect] = keyring


def keyring_for(dialect: Any) -> Keyring | None:
    """Return the keyring installed on ``dialect``, if any."""
    return _keyrings.get(dialect)


def _require(dialect: Any) -> Keyring:
    keyring = _keyrings.get(dialect)
    if keyring is None:
        raise ConfigurationError(f"{ENV_NAME} is not set: sensitive fields cannot be stored or read "
                                 "(make a key with `frontdoor keys generate`)")
    return keyring


class EncryptedText(TypeDecorator[str]):
    """Text encrypted with the engine's keyring; legacy plaintext is read as it is."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return _require(dialect).encrypt(str(value))

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None or not Keyring.is_encrypted(value):
            return value
        return _require(dialect).decrypt(value)


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON value stored as encrypted JSON text; legacy JSON text is read as it is."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return _require(dialect).encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):  # a driver that already decoded legacy JSON
            return value
        if Keyring.is_encrypted(value):
            value = _require(dialect).decrypt(value)
        return json.loads(value)
