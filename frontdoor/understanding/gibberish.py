"""Messages with nothing to read: emoji only, keyboard mashing, bare links."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|co\.uk|org|org\.uk|net|io|ly|uk|info|biz|"
                  r"xyz|me|tv|gov\.uk)(?:/\S*)?\b", re.I)
LETTERS = re.compile(r"[^\W\d_]+")
MARKUP = re.compile(r"<[^>]{0,200}>")
#: Words this long must be known English words to count as words.
LONG_WORD = 12
_VOWEL = re.compile(r"[aeiouy]")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
_REPEAT = re.compile(r"(.)\1{3,}")
#: Short words without vowels that people really type.
_NO_VOWEL_WORDS = frozenset({"pls", "plz", "rn", "tbh", "idk", "u", "n", "r", "k", "kk", "x", "xx", "xxx", "thx",
                             "hmm", "hm", "mmm", "shh", "ppl", "txt", "msg", "cld", "wld", "shd", "nd", "b", "c",
                             "y", "bf", "gf", "st", "rd", "nhs", "gbh", "cse", "dsl", "pcso", "yot", "yos", "mr",
                             "mrs", "ms", "dr", "gp", "ft", "grr", "tv", "cctv", "smh", "sw"})


def is_emoji_only(text: str) -> bool:
    """True when ``text`` has symbols (emoji) but no letters or digits."""
    stripped = [ch for ch in text if not ch.isspace()]
    if not stripped or any(ch.isalnum() for ch in stripped):
        return False
    return any(unicodedata.category(ch) in ("So", "Sk", "Cs") or ord(ch) >= 0x1F000 for ch in stripped)


def _plausible(word: str) -> bool:
    """True when ``word`` (lower case letters) could be a word someone typed."""
    if word in _NO_VOWEL_WORDS or len(word) <= 2:
        return True
    if len(word) > 20 or not _VOWEL.search(word) or _CONSONANTS.search(word) or _REPEAT.search(word):
        return False
    vowels = len(_VOWEL.findall(word))
    return vowels / len(word) >= 0.15


def is_gibberish(text: str, known: Callable[[str], bool] = lambda w: False) -> bool:
    """Return True when ``text`` has letters but too few word-like words to read.

    ``known`` says whether a word is known English (known words always count
    as words, even without vowels).
    """
    words = [w.lower() for w in LETTERS.findall(text) if not any(ch.isdigit() for ch in w)]
    latin = [w for w in words if all(unicodedata.name(ch, "").startswith("LATIN") for ch in w)]
    if not latin:
        return False
    # A long word nobody writes in English ("qwertyuiopqwertyuiop") is not a word.
    good = sum(1 for w in latin if known(w) or (_plausible(w) and len(w) < LONG_WORD))
    if good / len(latin) < 0.5:
        return True
    longest = max(len(w) for w in latin)
    return longest >= 25 and len(latin) <= 3
