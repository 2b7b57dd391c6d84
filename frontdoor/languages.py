"""Which language a message is written in, and the reply to one that is not English.

The service reads English only. A message in another language gets a short
reply in that language (``data/languages.yaml``): call 999 and ask for an
interpreter, or the police on 101, who can also use one. Someone writing
English — slang, typos and all — must never be told that only English can be
read, so a message is called another language only when it is plainly so:

- mostly letters of a non-Latin script (Arabic, Bengali, Cyrillic, ...): the
  language among those with a reply in that script, or ``"und"`` (the English
  fallback reply) for a script we have none in; or
- in Latin letters, at least two words, the detector (the ``lingua`` library,
  restricted to English and the languages we have a reply for) takes it for
  another language, and fewer than half its words are English. A word is
  English when people write it in English more than in that language (word
  frequencies from the ``wordfreq`` library), or it is a chat or slang word we
  know ("innit", "wagwan", the lexicon's words): "mi" is Spanish, "til" and
  "theyve" are English.

The detector and the frequency lists are loaded on first use (never at import
time) and shared.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from frontdoor import safety
from frontdoor.errors import ConfigurationError

#: A Latin-script message with at least this share of English words is English.
ENGLISH_SHARE = 0.5
#: The detector's confidence needed to call a Latin-script message another language.
CONFIDENCE = 0.5
#: A word is English when its English Zipf frequency is at least this and above its frequency in
#: the other language by MARGIN (Zipf: 3 is once per million words, 6 once per thousand).
ENGLISH_ZIPF = 2.5
MARGIN = 0.5
#: Code returned for a non-Latin script in a language we have no reply for.
UNKNOWN = "und"

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class LanguageReply:
    """The reply to a message in one language."""

    code: str
    name: str
    text: str


def load_texts() -> dict[str, Any]:
    """Return the parsed ``data/languages.yaml``.

    Raises:
        ConfigurationError: the file is missing or malformed.
    """
    try:
        data = yaml.safe_load(resources.files("frontdoor.data").joinpath("languages.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read languages.yaml: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("languages"), dict) or "fallback" not in data:
        raise ConfigurationError("languages.yaml needs 'fallback' and 'languages'")
    return data


#: Non-Latin scripts and the languages with a reply written in them.
SCRIPTS: dict[str, tuple[str, ...]] = {"ARABIC": ("ar", "ur"), "BENGALI": ("bn",)}


def _script(letters: list[str]) -> str:
    """Return the script most of ``letters`` are written in ("LATIN", "ARABIC", "CYRILLIC", ...)."""
    counts: dict[str, int] = {}
    for ch in letters:
        name = unicodedata.name(ch, "").split(" ", 1)[0]
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda name: counts[name])


class LanguageScreen:
    """Decide whether a message is in another language, and what to reply.

    Args:
        texts: the parsed ``languages.yaml``.
        english_words: words that show a message is English (stop words,
            lexicon words, chat words); lower case.
    """

    def __init__(self, texts: Mapping[str, Any], english_words: Iterable[str]) -> None:
        self._replies: dict[str, LanguageReply] = {}
        for code, entry in texts["languages"].items():
            if not isinstance(entry, Mapping) or not entry.get("reply") or not entry.get("name"):
                raise ConfigurationError(f"languages.yaml: {code!r} needs a name and a reply")
            self._replies[str(code)] = LanguageReply(str(code), str(entry["name"]), safety.fill(str(entry["reply"]).strip()))
        fallback = texts["fallback"]
        self._fallback = LanguageReply(UNKNOWN, str(fallback["name"]), safety.fill(str(fallback["reply"]).strip()))
        self._english = frozenset(w.lower() for w in english_words) | frozenset(
            str(w).lower() for w in texts.get("english_words") or [])
        self._lock = threading.Lock()
        self._detector: Any = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The languages with a reply, as ISO 639-1 codes."""
        return tuple(self._replies)

    def _build(self) -> Any:
        if self._detector is None:
            with self._lock:
                if self._detector is None:
                    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                    languages = [Language.ENGLISH] + [
                        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in self._replies]
                    self._detector = (LanguageDetectorBuilder.from_languages(*languages)
                                      .with_low_accuracy_mode().build())
        return self._detector

    def _best(self, text: str, among: tuple[str, ...] | None = None) -> tuple[str, float]:
        """Return the detector's most likely language (ISO code), of ``among`` if given, and its confidence."""
        for value in self._build().compute_language_confidence_values(text):
            code = value.language.iso_code_639_1.name.lower()
            if among is None or code in among:
                return code, float(value.value)
        return "en", 0.0

    def is_english(self, word: str, other: str | None = None) -> bool:
        """Return True when ``word`` (lower case) is English rather than of language ``other``.

        Chat and slang words we know are English; any other word when it is
        written in English (Zipf frequency of at least ``ENGLISH_ZIPF``) more
        than in ``other`` (by ``MARGIN``).
        """
        if word in self._english or word.replace("'", "") in self._english:
            return True
        from wordfreq import available_languages, zipf_frequency

        english = zipf_frequency(word, "en")
        if english < ENGLISH_ZIPF:
            return False
        if other and other in available_languages():
            return english > zipf_frequency(word, other) + MARGIN
        return True

    def english_share(self, text: str, other: str | None = None) -> float:
        """Return the share of the words in ``text`` that are English (0 when there are none)."""
        words = [w.lower() for w in _WORD.findall(text)]
        if not words:
            return 0.0
        return sum(1 for w in words if self.is_english(w, other)) / len(words)

    def detect(self, text: str) -> str | None:
        """Return the ISO 639-1 code of the other language ``text`` is written in.

        Returns None for English (and for anything too short or unclear to
        say), ``"und"`` for a non-Latin script we have no reply for.
        """
        letters = [ch for ch in text if ch.isalpha()]
        if len(letters) < 2:
            return None
        script = _script(letters)
        if script != "LATIN":
            among = tuple(code for code in SCRIPTS.get(script, ()) if code in self._replies)
            return self._best(text, among)[0] if among else UNKNOWN
        if len(_WORD.findall(text)) < 2:
            return None
        code, confidence = self._best(text)
        if code == "en" or confidence < CONFIDENCE or code not in self._replies:
            return None
        return None if self.english_share(text, code) >= ENGLISH_SHARE else code

    def reply(self, code: str | None) -> LanguageReply:
        """Return the reply for language ``code`` (the English fallback if there is none)."""
        return self._replies.get(code or "", self._fallback)


@lru_cache(maxsize=1)
def default_screen(extra_english: tuple[str, ...] = ()) -> LanguageScreen:
    """Return the process-wide screen (built once; the detector itself loads on first use).

    ``extra_english`` are words known to be English beyond ``languages.yaml``'s
    list (the lexicon's words).
    """
    return LanguageScreen(load_texts(), extra_english)
