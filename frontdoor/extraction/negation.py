"""Whether a negation governs a lexicon match ("no weapon was seen", "don't think they had a knife")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokens import Doc

#: Tokens that end a negation's reach.
BOUNDARIES = frozenset({".", "!", "?", ";", "but", "though", "although", "however", "yet"})
#: Verbs of believing and seeing: a negation of them reaches further ("don't think they had a knife").
# Not "know": "don't know if it was a knife" is doubt, not denial.
_BELIEF = frozenset({"think", "believe", "reckon", "aware", "see", "saw", "seen", "notice", "noticed", "find",
                     "found", "hear", "heard", "spot", "spotted", "suggest", "suggests", "say", "said", "mention",
                     "mentioned", "disclose", "disclosed", "report", "reported"})
#: Subjects that start a new clause, ending a negation's reach unless a verb of saying or believing
#: or a linking word comes just before them ("don't think he had", "no one said she was").
_SUBJECTS = frozenset({"i", "he", "she", "they", "we", "theyre", "hes", "shes", "im"})
_LINKS = frozenset({"that", "if", "whether", "and", "or", "nor", "neither", "not", "nt", "n't", "never", "no"})
#: The tokenizer's split-off ends of words ("gon"+"na", "nobody"+"'s"): not words of their own for the window.
_CLITICS = frozenset({"na", "ta", "'s", "'re", "'ll", "'ve", "'d", "'m", "s", "re", "ll", "ve", "d", "m"})


class Negation:
    """The lexicon's negation words and how far they reach.

    Args:
        lexicon: the parsed ``lexicon.yaml`` mapping (``negations``, ``negation_window``,
            ``negation_predicates``, ``negation_shifters``).
    """

    def __init__(self, lexicon: Mapping[str, Any]) -> None:
        self._window = int(lexicon.get("negation_window", 3))
        self._negations = frozenset(str(n).lower() for n in lexicon.get("negations", []))
        self._predicates = frozenset(str(w).lower() for w in lexicon.get("negation_predicates", []) or [])
        self._shifters = frozenset(str(w).lower() for w in lexicon.get("negation_shifters", []) or [])

    def governs(self, doc: Doc, start: int) -> bool:
        """Return True when a negation up to ``negation_window`` tokens before ``start`` governs the match.

        It does not when a clause boundary comes between, when a word it is about
        instead comes between ("not scared to use it"), or when "without" is itself
        negated ("won't go anywhere without a blade", "never seen without his shank").
        """
        # "no weapons or gangs": a list joined by "or"/"nor" stays in the negation's reach a little longer
        if doc[start].lower_ in _SUBJECTS and start > 0 and doc[start - 1].lower_ not in _BELIEF | _LINKS:
            return False  # the match starts a clause of its own: "can't talk now they're here"
        window = doc[max(0, start - self._window - 5) : start]
        between: list[str] = []
        words = 0  # words counted towards the window: the split-off ends of "gonna", "nobody's" are not words
        for offset, token in enumerate(reversed(window)):
            lower = token.lower_
            if words >= self._window and not {"or", "nor"} & set(between):
                return self._not_seen(doc, start)
            if lower not in _CLITICS:
                words += 1
            if lower in BOUNDARIES:
                return False  # a sentence or clause boundary ends the negation's reach
            index = start - offset - 1
            if lower in _SUBJECTS and index > 0 and doc[index - 1].lower_ not in _BELIEF | _LINKS:
                return False  # a new clause with its own subject: "can't talk now they're here"
            if lower in self._negations:
                # "not scared to use it": the negation is of being scared (between is in reverse order)
                ahead = list(reversed(between))
                if any(word in self._shifters for word in ahead) or any(
                        word in self._predicates and (i + 1 < len(ahead) and ahead[i + 1] == "to")
                        for i, word in enumerate(ahead)):
                    return False
                cue = start - offset - 1
                if lower == "without" and self._negation_before(doc, cue):
                    return False  # two negations: "won't go anywhere without a blade"
                return True
            between.append(lower)
        return False

    def _not_seen(self, doc: Doc, start: int) -> bool:
        """True for a negated belief or sighting a little further back: "don't think they had a knife",
        "never saw him with a blade", "couldn't see if it was a gun" (not "men I don't know and two phones")."""
        window = doc[max(0, start - 7) : start]
        for index in range(len(window) - 1, -1, -1):
            lower = window[index].lower_
            if lower in BOUNDARIES or lower in {"and", ",", "so", "because", "cos", "then"}:
                return False
            if lower in _BELIEF and index > 0 and window[index - 1].lower_ in self._negations:
                return True
        return False

    def _negation_before(self, doc: Doc, index: int) -> bool:
        """True when a negation comes in the same clause up to six tokens before ``index``."""
        for token in reversed(doc[max(0, index - 6) : index]):
            if token.lower_ in BOUNDARIES:
                return False
            if token.lower_ in self._negations:
                return True
        return False
