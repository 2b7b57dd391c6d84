"""Typing slips and the canonical form of text (frontdoor/extraction/text.py)."""

from __future__ import annotations

import pytest

from frontdoor.extraction import Analyser, is_typo, load_lexicon, normalise

# --- the typo rule --------------------------------------------------------------------------------
TYPOS = {
    "same": ("stabbed", "stabbed", True),
    "letter-left-out": ("stabed", "stabbed", True),
    "letters-swapped": ("stabbde", "stabbed", True),
    "changed-letter": ("stabbid", "stabbed", False),
    "first-letter-left-out": ("tabbed", "stabbed", False),
    "last-letter-left-out": ("knife", "knifed", False),
    "first-letters-swapped": ("tsabbed", "stabbed", False),
    "extra-letter": ("stabbbed", "stabbed", False),
    "two-left-out": ("stbed", "stabbed", False),
    "real-word-substitution": ("glasses", "glassed", False),
    "empty": ("", "stabbed", False),
}


@pytest.mark.parametrize(("written", "word", "expected"), TYPOS.values(), ids=TYPOS.keys())
def test_is_typo(written: str, word: str, expected: bool) -> None:
    assert is_typo(written, word, 1) is expected


def test_not_typos_are_never_read_as_slips(analyser: Analyser) -> None:
    lexicon = load_lexicon()
    for word in lexicon["not_typos"]:
        assert analyser.indicators(f"he said {word} to me") == (), word


def test_short_words_need_exact_spelling(analyser: Analyser) -> None:
    # "blade" is shorter than fuzzy_min_length: only the exact word counts.
    assert analyser.indicators("he had a blde") == ()
    assert analyser.indicators("he had a blade") == ("weapon",)


# --- normalisation ------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "expected"), [
    ("he\u2019s", "he's"),
    ("\u201cquoted\u201d", '"quoted"'),
    ("a\u0000b\u200bc", "abc"),
    ("line\nnext\tcol", "line\nnext\tcol"),
    ("\uff2f\uff34", "OT"),  # full-width letters fold to ASCII
])
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected
