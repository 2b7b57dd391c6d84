"""Text as the analyser sees it: the canonical form, quotation marks, typing slips and sentences."""

from __future__ import annotations

import re
import unicodedata

#: What ends a sentence for :func:`sentence_bounds`.
_SENTENCE_ENDS = (".", "!", "?", "\n")
_QUOTE_MARK = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")


def normalise(text: str) -> str:
    """Return ``text`` in a canonical form for matching.

    NFKC-normalised, typographic quotes made plain, control characters
    (other than newlines and tabs) dropped.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def unquoted(text: str) -> str:
    """Return ``text`` without quotation marks (apostrophes inside words stay): people quote
    what was said ("they'll 'find him'", "older men 'share' her") and the words still count."""
    return _QUOTE_MARK.sub("", text)


def is_typo(written: str, word: str, _fuzzy: int = 1) -> bool:
    """Return True when ``written`` is ``word`` or ``word`` with one typing slip.

    A slip is one letter left out inside the word ("stabed", "cukooed") or two
    neighbouring letters swapped ("stabbde"); the first letter always stays.
    Changed letters are not slips: they turn ordinary words into lexicon words
    ("glasses" into "glassed", "thanks" into "shanks"). Used as the spaCy
    Matcher's comparison for ``FUZZY`` patterns.
    """
    if written == word:
        return True
    if not written or not word or written[0] != word[0]:
        return False
    if len(written) == len(word) - 1:
        return any(word[:i] + word[i + 1:] == written for i in range(1, len(word) - 1))
    if len(written) == len(word):
        diffs = [i for i, (a, b) in enumerate(zip(written, word)) if a != b]
        return (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                and written[diffs[0]] == word[diffs[1]] and written[diffs[1]] == word[diffs[0]])
    return False


def sentence_bounds(text: str, start_char: int, end_char: int) -> tuple[int, int]:
    """Return the bounds of the sentence around ``text[start_char:end_char]``: the index of the mark
    before it (-1 at the start) and of the mark after it (the text's length at the end)."""
    start = max(text.rfind(mark, 0, start_char) for mark in _SENTENCE_ENDS)
    ends = [i for i in (text.find(mark, end_char) for mark in _SENTENCE_ENDS) if i >= 0]
    return start, min(ends) if ends else len(text)
