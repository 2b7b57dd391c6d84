"""Find indicators and place names in free text with spaCy.

spaCy's blank English pipeline (a tokenizer, no statistical model, nothing to
download) with rule-based matchers built from ``data/lexicon.yaml`` and from the
routing table's gazetteer. Build an :class:`Analyser` once per process with
:func:`default_analyser` (cached) or directly for tests; nothing is built at
import time.

- :mod:`~frontdoor.extraction.text`: the canonical form of text, typing slips, sentences;
- :mod:`~frontdoor.extraction.negation`: whether a negation governs a match;
- :mod:`~frontdoor.extraction.context`: what a match's sentence says of it (over, explained away, now);
- :mod:`~frontdoor.extraction.analyser`: the :class:`Analyser` and its :class:`Analysis`;
- :mod:`~frontdoor.extraction.lexicon`: the lexicon file and :func:`default_analyser`.
"""

from frontdoor.extraction.analyser import DANGER_MATCH, IMMEDIACY_MATCH, Analyser, Analysis
from frontdoor.extraction.context import Match
from frontdoor.extraction.lexicon import default_analyser, load_lexicon
from frontdoor.extraction.text import is_typo, normalise

__all__ = [
    "DANGER_MATCH",
    "IMMEDIACY_MATCH",
    "Analyser",
    "Analysis",
    "Match",
    "default_analyser",
    "is_typo",
    "load_lexicon",
    "normalise",
]
