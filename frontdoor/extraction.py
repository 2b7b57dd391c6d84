"""Find indicators and place names in free text with spaCy.

spaCy's blank English pipeline (a tokenizer, no statistical model, nothing to
download) with rule-based matchers built from ``data/lexicon.yaml`` and from the
routing table's gazetteer. Build an :class:`Analyser` once per process with
:func:`default_analyser` (cached) or directly for tests; nothing is built at
import time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from frontdoor import taxonomy
from frontdoor.errors import ConfigurationError

#: Serious-harm indicators that, said together with an immediacy word
#: ("right now", "outside", "tonight", "by midnight"), mean someone may be in danger now;
#: a debt with a deadline ("pay by tonight") is a threat about to be carried out.
#: Tokens that end a negation's reach.
_BOUNDARIES = frozenset({".", "!", "?", ";", "but", "though", "although", "however", "yet"})
#: Immediacy words that mean "happening now" (not "outside", "today" or "this morning").
_NOW = frozenset({"right now", "rn", "now", "tonight", "as we speak", "currently", "at the moment", "atm",
                  "this minute", "just now", "still going on", "still goin on"})
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
_IMMEDIATE_HARM = frozenset(
    {"weapon", "firearm", "threats", "threat_to_life", "serious_injury", "missing_now", "trafficked_now",
     "continuing_threats", "debt_bondage"}
)
_DANGER = "__danger__"
_IMMEDIACY = "__immediacy__"
_DISTRESS = "__distress__"
_FALSE_FRIEND = "__false_friend__"
_REPEATED = "__missing_repeated__"
_PAST = "__injury_in_the_past__"
_EXPLAINED = "__explained_away__"
_HYPOTHETICAL = "__hypothetical__"
#: Indicator -> [(marker that changes it, what it becomes ("" drops it), whether the marker may come in any
#: later sentence rather than only the same one)].
_RECAST: dict[str, list[tuple[str, str, bool]]] = {
    "missing_now": [(_REPEATED, "missing_episodes", False)],
    "serious_injury": [(_PAST, "violence_victim", False)],
    # "shot in 2021" is being a victim; "a call about a gun ... it was a water pistol" is nothing
    "firearm": [(_EXPLAINED, "", True), (_PAST, "violence_victim", False)],
    "weapon": [(_EXPLAINED, "", True), (_PAST, "", False), (_HYPOTHETICAL, "", False)],
    "threats": [(_PAST, "", False)],
    # "worried he might get drawn into county lines", "if I got asked to hold something": a fear or a question,
    # not something happening (threats are never hypothetical: "if they see him they'll stab him" is a threat)
    "county_lines": [(_HYPOTHETICAL, "", False)],
    "drug_running": [(_HYPOTHETICAL, "", False)],
    "recruitment": [(_HYPOTHETICAL, "", False)],
    "cuckooing": [(_HYPOTHETICAL, "", False)],
    "trap_house": [(_HYPOTHETICAL, "", False)],
}
#: What ends a sentence for :func:`_sentence_of`.
_SENTENCE_ENDS = (".", "!", "?", "\n")


def _sentence_of(text: str, match: Match) -> tuple[int, int]:
    """Return the bounds of the sentence around ``match``: the index of the mark before it (-1 at the start)
    and of the mark after it (the text's length at the end)."""
    start = max(text.rfind(mark, 0, match.start_char) for mark in _SENTENCE_ENDS)
    ends = [i for i in (text.find(mark, match.end_char) for mark in _SENTENCE_ENDS) if i >= 0]
    return start, min(ends) if ends else len(text)
#: The :attr:`Match.code` of a phrase from the lexicon's ``danger`` list, and of
#: an ``immediacy`` word: callers that weigh danger their own way (a hospital
#: referral describes an injury that has already been treated) look at these.
DANGER_MATCH = _DANGER
IMMEDIACY_MATCH = _IMMEDIACY


@dataclass(frozen=True)
class Match:
    """One lexicon hit: which code, the words matched, and whether negated."""

    code: str
    text: str
    start_char: int
    end_char: int
    negated: bool


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
        return any(m.code == _FALSE_FRIEND or (m.negated and m.code in taxonomy.CODES) for m in self.matches)


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


def normalise(text: str) -> str:
    """Return ``text`` in a canonical form for matching.

    NFKC-normalised, typographic quotes made plain, control characters
    (other than newlines and tabs) dropped.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


_QUOTE_MARK = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")


def _unquoted(text: str) -> str:
    """Return ``text`` without quotation marks (apostrophes inside words stay): people quote
    what was said ("they'll 'find him'", "older men 'share' her") and the words still count."""
    return _QUOTE_MARK.sub("", text)


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
        self._window = int(lexicon.get("negation_window", 3))
        #: Indicators that bring others with them (a threat to kill is a threat).
        self._implies: dict[str, tuple[str, ...]] = {}
        self._negations = frozenset(str(n).lower() for n in lexicon.get("negations", []))
        self._predicates = frozenset(str(w).lower() for w in lexicon.get("negation_predicates", []) or [])
        self._shifters = frozenset(str(w).lower() for w in lexicon.get("negation_shifters", []) or [])
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
        self._add(_DANGER, lexicon.get("danger") or {})
        self._add(_IMMEDIACY, lexicon.get("immediacy") or {})
        self._add(_DISTRESS, lexicon.get("distress") or {})
        self._add(_FALSE_FRIEND, lexicon.get("false_friends") or {})
        self._add(_REPEATED, lexicon.get("missing_repeated") or {})
        self._add(_PAST, lexicon.get("injury_in_the_past") or {})
        self._add(_EXPLAINED, lexicon.get("explained_away") or {})
        self._add(_HYPOTHETICAL, lexicon.get("hypothetical") or {})
        self.vocabulary: frozenset[str] = frozenset(
            word.lower()
            for entry in [*(lexicon.get("indicators") or {}).values(), lexicon.get("danger") or {},
                          lexicon.get("immediacy") or {}, lexicon.get("distress") or {}]
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
        if self._fuzzy_min and len(token) >= self._fuzzy_min and token.isalpha():
            not_typos = [word for word in self._not_typos if word != token]
            if not_typos:
                return {"LOWER": {"FUZZY1": token, "NOT_IN": not_typos}}
            return {"LOWER": {"FUZZY1": token}}
        return {"LOWER": token}

    def _doc(self, text: str) -> Doc:
        return self._nlp.make_doc(normalise(text))

    def _negated(self, doc: Doc, start: int) -> bool:
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
            if lower in _BOUNDARIES:
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
            if lower in _BOUNDARIES or lower in {"and", ",", "so", "because", "cos", "then"}:
                return False
            if lower in _BELIEF and index > 0 and window[index - 1].lower_ in self._negations:
                return True
        return False

    @staticmethod
    def _in_progress(text: str, matches: list[Match]) -> bool:
        """True when county lines travel is happening now: travel and "now", "tonight" or "right now" in one
        sentence ("he's been sent to Margate and is there now") - county lines in progress (DESIGN §4)."""
        now = [m for m in matches if m.code == _IMMEDIACY and not m.negated and m.text.lower() in _NOW]
        if not now:
            return False
        for match in matches:
            if match.code != "county_lines" or match.negated:
                continue
            start, end = _sentence_of(text, match)
            if any(start < m.start_char and m.end_char <= end for m in now):
                return True
        return False

    def _negation_before(self, doc: Doc, index: int) -> bool:
        """True when a negation comes in the same clause up to six tokens before ``index``."""
        for token in reversed(doc[max(0, index - 6) : index]):
            if token.lower_ in _BOUNDARIES:
                return False
            if token.lower_ in self._negations:
                return True
        return False

    def analyse(self, text: str) -> Analysis:
        """Return the indicators found in ``text`` and whether it suggests danger now."""
        # A closing newline gives patterns that look at the next word ("is
        # missing" not followed by "school") a token to look at when the text
        # ends there; it is never part of a reported match.
        doc = self._nlp.make_doc(_unquoted(normalise(text)) + "\n")
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
                    negated=self._negated(doc, start),
                )
            )
        # A match inside a false friend ("marked absent", "at risk of serious harm") is no indicator.
        friends = [(m.start_char, m.end_char) for m in matches if m.code == _FALSE_FRIEND]
        # A false friend cancels what is matched on its words ("the trap" in "the trap music next door"), but not
        # an indicator phrase that is the whole false friend: "bb gun" is no firearm, and is a weapon.
        matches = [m for m in matches if m.code == _FALSE_FRIEND
                   or not any(m.start_char < end and start < m.end_char and (start, end) != (m.start_char, m.end_char)
                              for start, end in friends)]
        matches = self._episodes(doc, matches)
        found = {m.code for m in matches if not m.negated}
        found |= {implied for code in found for implied in self._implies.get(code, ())}
        if self._in_progress(doc.text, matches):
            found.add("trafficked_now")
        codes = taxonomy.validate_codes([c for c in found if c in taxonomy.CODES])
        danger_now = _DANGER in found or (
            _IMMEDIACY in found and bool(found & _IMMEDIATE_HARM)
        )
        matches.sort(key=lambda m: (m.start_char, m.end_char))
        return Analysis(indicators=codes, danger_now=danger_now, matches=tuple(matches),
                        distress=_DISTRESS in found)

    @staticmethod
    def _episodes(doc: Doc, matches: list[Match]) -> list[Match]:
        """Return ``matches`` with what their sentence says is over recast (see :data:`_RECAST`).

        "Missing now" becomes a repeated episode where its sentence says it recurs or has ended
        ("the third time he's gone missing", "went missing overnight and came back"); a serious
        injury long past becomes being a victim of violence ("he was stabbed in 2022", "shot in 2021"), and
        carrying or threats long past are dropped ("used to carry a knife when he was 16"); a gun or knife
        explained away, then or later, is dropped ("the gunshots were fireworks", "a call about a gun.
        Attended: it was a water pistol").
        """
        markers: dict[str, list[Match]] = {
            m.code: [] for m in matches if m.code in (_REPEATED, _PAST, _EXPLAINED, _HYPOTHETICAL)}
        for m in matches:
            if m.code in markers:
                markers[m.code].append(m)
        if not markers:
            return matches
        text = doc.text
        result = []
        for match in matches:
            start, end = _sentence_of(text, match)
            kept: Match | None = match
            for marker, becomes, later in _RECAST.get(match.code, []):
                # A hypothetical comes before what it is about ("might get drawn into county lines").
                before = marker == _HYPOTHETICAL
                if marker in markers and any(
                        start < r.start_char and (later or r.end_char <= end)
                        and (not before or r.start_char < match.start_char)
                        and not (match.start_char <= r.start_char < match.end_char) for r in markers[marker]):
                    kept = replace(match, code=becomes) if becomes else None
                    break
            if kept is not None:
                result.append(kept)
        return result

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


def load_lexicon(path: Path | None = None) -> dict[str, Any]:
    """Return the parsed lexicon (the packaged one when ``path`` is None).

    Raises:
        ConfigurationError: the file is missing or not valid YAML.
    """
    try:
        if path is None:
            text = resources.files("frontdoor.data").joinpath("lexicon.yaml").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError("lexicon must be a YAML mapping")
    return data


@lru_cache(maxsize=4)
def _cached(lexicon_path: str | None, places: tuple[tuple[str, str], ...]) -> Analyser:
    return Analyser(load_lexicon(Path(lexicon_path) if lexicon_path else None), dict(places))


def default_analyser(places: Iterable[tuple[str, str]] = (), lexicon_path: str | None = None) -> Analyser:
    """Return a process-wide analyser for this lexicon and gazetteer (built once)."""
    return _cached(lexicon_path, tuple(sorted(places)))
