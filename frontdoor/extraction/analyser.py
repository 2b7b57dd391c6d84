"""The analyser: spaCy's rule matchers built from the lexicon and the gazetteer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from frontdoor import taxonomy
from frontdoor.errors import ConfigurationError
from frontdoor.extraction.context import (
    DANGER,
    DESTINATION,
    DISTRESS,
    EXPLAINED,
    FALSE_FRIEND,
    HYPOTHETICAL,
    IMMEDIACY,
    ORDINARY_MOVE,
    PAST,
    REPEATED,
    TRAVEL,
    Match,
    in_progress,
    recast_episodes,
    travel_as_trafficking,
)
from frontdoor.extraction.negation import Negation
from frontdoor.extraction.text import is_typo, normalise, unquoted

#: Serious-harm indicators that, said together with an immediacy word
#: ("right now", "outside", "tonight", "by midnight"), mean someone may be in danger now;
#: a debt with a deadline ("pay by tonight") is a threat about to be carried out.
_IMMEDIATE_HARM = frozenset(
    {"weapon", "firearm", "threats", "threat_to_life", "serious_injury", "missing_now", "trafficked_now",
     "continuing_threats", "debt_bondage"}
)
#: The :attr:`Match.code` of a phrase from the lexicon's ``danger`` list, and of
#: an ``immediacy`` word: callers that weigh danger their own way (a hospital
#: referral describes an injury that has already been treated) look at these.
DANGER_MATCH = DANGER
IMMEDIACY_MATCH = IMMEDIACY


@dataclass(frozen=True)
class Analysis:
    """What the analyser found in one text."""

    indicators: tuple[str, ...]
    danger_now: bool
    matches: tuple[Match, ...]
    #: A phrase of distress ("can't cope", "falling apart") is in the text, not negated.
    distress: bool = False

    @property
    def rules_out(self) -> bool:
        """True when the text rules an indicator out: negated ("no weapon was seen") or a false friend
        ("marked absent")."""
        return any(m.code == FALSE_FRIEND or (m.negated and m.code in taxonomy.CODES) for m in self.matches)


class Analyser:
    """Rule-based indicator and place finder.

    Args:
        lexicon: the parsed ``lexicon.yaml`` mapping.
        places: place name → area id (the routing table's gazetteer).

    Raises:
        ConfigurationError: the lexicon names an unknown indicator or is malformed.
    """

    def __init__(self, lexicon: Mapping[str, Any], places: Mapping[str, str] | None = None) -> None:
        self._nlp: Language = spacy.blank("en")
        self._fuzzy_min = int(lexicon.get("fuzzy_min_length", 0) or 0)
        self._negation = Negation(lexicon)
        #: Indicators that bring others with them (a threat to kill is a threat).
        self._implies: dict[str, tuple[str, ...]] = {}
        self._not_typos = sorted({str(w).lower() for w in lexicon.get("not_typos", []) or []})

        self._matcher = Matcher(self._nlp.vocab, fuzzy_compare=is_typo)
        indicators = lexicon.get("indicators")
        if not isinstance(indicators, Mapping):
            raise ConfigurationError("lexicon: 'indicators' must be a mapping")
        for code, entry in indicators.items():
            if code not in taxonomy.CODES:
                raise ConfigurationError(f"lexicon: unknown indicator code {code!r}")
            for implied in (entry or {}).get("implies") or []:
                if implied not in taxonomy.CODES:
                    raise ConfigurationError(f"lexicon: {code} implies unknown indicator code {implied!r}")
            self._implies[str(code)] = tuple(str(c) for c in (entry or {}).get("implies") or [])
            self._add(code, entry or {})
        self._add(DANGER, lexicon.get("danger") or {})
        self._add(IMMEDIACY, lexicon.get("immediacy") or {})
        self._add(DISTRESS, lexicon.get("distress") or {})
        self._add(FALSE_FRIEND, lexicon.get("false_friends") or {})
        self._add(REPEATED, lexicon.get("missing_repeated") or {})
        self._add(PAST, lexicon.get("injury_in_the_past") or {})
        self._add(EXPLAINED, lexicon.get("explained_away") or {})
        self._add(HYPOTHETICAL, lexicon.get("hypothetical") or {})
        self._add(TRAVEL, lexicon.get("travel") or {})
        self._add(DESTINATION, lexicon.get("destination") or {})
        self._add(ORDINARY_MOVE, lexicon.get("ordinary_move") or {})
        self.vocabulary: frozenset[str] = frozenset(
            word.lower()
            for entry in [*(lexicon.get("indicators") or {}).values(), lexicon.get("danger") or {},
                          lexicon.get("immediacy") or {}, lexicon.get("distress") or {}, lexicon.get("travel") or {},
                          lexicon.get("destination") or {}]
            for phrase in ((entry or {}).get("phrases") or [])
            for word in str(phrase).replace("'", " ").split() if word.isalpha())
        """Every word of the lexicon's phrases, lower case (words that show a message is English)."""
        # Place names: case-insensitive, except those written "=Name", which are
        # also common words ("=Deal", "=Stone") and must be capitalised.
        self._places = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._places_exact = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        self._place_area: dict[str, str] = {}
        for name, area in (places or {}).items():
            exact = name.startswith("=")
            name = name.lstrip("=")
            key = name if exact else name.lower()
            self._place_area[key] = area
            if exact:
                self._places_exact.add(key, [self._nlp.make_doc(name)])
            else:
                self._places.add(key, [self._nlp.make_doc(name)])

    def _add(self, key: str, entry: Mapping[str, Any]) -> None:
        """Add the phrases and token patterns of lexicon ``entry`` to the matcher under ``key``."""
        patterns: list[list[dict[str, Any]]] = []
        for phrase in entry.get("phrases", []) or []:
            tokens = [t.text.lower() for t in self._nlp.make_doc(str(phrase).strip())]
            if not tokens:
                continue
            patterns.append([self._token_pattern(t) for t in tokens])
        for pattern in entry.get("patterns", []) or []:
            if not isinstance(pattern, list):
                raise ConfigurationError(f"lexicon: pattern for {key!r} must be a list of tokens")
            patterns.append(pattern)
        if patterns:
            self._matcher.add(key, patterns)

    def _token_pattern(self, token: str) -> dict[str, Any]:
        """Return the matcher pattern of one token: fuzzy (one slip) when long enough."""
        if self._fuzzy_min and len(token) >= self._fuzzy_min and token.isalpha():
            not_typos = [word for word in self._not_typos if word != token]
            if not_typos:
                return {"LOWER": {"FUZZY1": token, "NOT_IN": not_typos}}
            return {"LOWER": {"FUZZY1": token}}
        return {"LOWER": token}

    def _doc(self, text: str) -> Doc:
        """Return the tokens of ``text`` in its canonical form."""
        return self._nlp.make_doc(normalise(text))

    def analyse(self, text: str, *, moving: bool = False) -> Analysis:
        """Return the indicators found in ``text`` and whether it suggests danger now.

        ``moving``: the text is about a move someone is arranging (a handover), so being moved, taken or
        driven somewhere is that move, not trafficking, unless its sentence shows exploitation.
        """
        # A closing newline gives patterns that look at the next word ("is
        # missing" not followed by "school") a token to look at when the text
        # ends there; it is never part of a reported match.
        doc = self._nlp.make_doc(unquoted(normalise(text)) + "\n")
        vocab = self._nlp.vocab.strings
        matches: list[Match] = []
        for match_id, start, end in self._matcher(doc):
            if end > start + 1 and doc[end - 1].is_space:
                end -= 1
            span = doc[start:end]
            matches.append(
                Match(
                    code=vocab[match_id],
                    text=span.text,
                    start_char=span.start_char,
                    end_char=span.end_char,
                    negated=self._negation.governs(doc, start),
                )
            )
        # A match inside a false friend ("marked absent", "at risk of serious harm") is no indicator.
        friends = [(m.start_char, m.end_char) for m in matches if m.code == FALSE_FRIEND]
        # A false friend cancels what is matched on its words ("the trap" in "the trap music next door"), but not
        # an indicator phrase that is the whole false friend: "bb gun" is no firearm, and is a weapon.
        matches = [m for m in matches if m.code == FALSE_FRIEND
                   or not any(m.start_char < end and start < m.end_char and (start, end) != (m.start_char, m.end_char)
                              for start, end in friends)]
        matches = recast_episodes(doc.text, travel_as_trafficking(doc.text, matches, moving=moving))
        found = {m.code for m in matches if not m.negated}
        found |= {implied for code in found for implied in self._implies.get(code, ())}
        if in_progress(doc.text, matches):
            found.add("trafficked_now")
        codes = taxonomy.validate_codes([c for c in found if c in taxonomy.CODES])
        danger_now = DANGER in found or (
            IMMEDIACY in found and bool(found & _IMMEDIATE_HARM)
        )
        matches.sort(key=lambda m: (m.start_char, m.end_char))
        return Analysis(indicators=codes, danger_now=danger_now, matches=tuple(matches),
                        distress=DISTRESS in found)

    def indicators(self, text: str) -> tuple[str, ...]:
        """Return the indicator codes found (not negated) in ``text``."""
        return self.analyse(text).indicators

    def danger_now(self, text: str) -> bool:
        """Return True when ``text`` suggests someone may be in immediate danger."""
        return self.analyse(text).danger_now

    def places(self, text: str) -> list[tuple[str, str]]:
        """Return ``(place as written, area id)`` for each place named, in order.

        Where names overlap ("Bexley" inside "Bexleyheath" cannot, but "St Paul's
        Cray" and "Cray" can) the longest wins.
        """
        doc = self._doc(text)
        vocab = self._nlp.vocab.strings
        found = [(doc[s:e], vocab[k]) for k, s, e in self._places(doc)]
        found += [(doc[s:e], vocab[k]) for k, s, e in self._places_exact(doc)]
        keys = {(span.start, span.end): key for span, key in found}
        spans = spacy.util.filter_spans([span for span, _ in found])
        return [(span.text, self._place_area[keys[(span.start, span.end)]]) for span in spans]
