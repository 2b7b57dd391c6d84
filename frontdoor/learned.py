"""The second reading: a statistical model of urgency, learned from labelled drafts, beside the rule table.

The rule table (:mod:`frontdoor.triage`) reads words through a lexicon, so a
way of saying something it has never seen is missed, and a child can wait.
The second reading is a multinomial logistic regression over the words of
the description (word pairs and letter sequences, so misspellings and slang
still count), the form's answers and what the rules found. It was fitted on
the development corpora (``data/dev*/triage.jsonl``), never on the held-out
corpus that measures it.

Where the two disagree, the second reading decides (:meth:`LearnedReader.decide`),
within limits that keep a child safe: a Yes to the danger question is red
whatever it says; what the rules read as red stays red; what they flagged
never becomes green; and green needs the model to be sure. A raise to red is
flagged for a person's judgement, and every change carries a reason.

Fitting needs scikit-learn (:func:`fit`); reading needs only this module and
the JSON the fitting wrote (:meth:`LearnedReader.load`).
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from frontdoor.errors import ConfigurationError
from frontdoor.model import ReferralDraft, Urgency

_log = logging.getLogger(__name__)
#: Format of the saved model; a different one is refused with a message to rebuild it.
FORMAT = 2
#: Urgencies in model order (lowest first).
LEVELS: tuple[Urgency, ...] = (Urgency.GREEN, Urgency.AMBER, Urgency.RED)
_RANK = {level: n for n, level in enumerate(LEVELS)}
_WORD = re.compile(r"[a-z0-9£]+(?:'[a-z]+)?")
#: Inverse regularisation strength of the fit, and the probability of red at which a reading is red:
#: chosen by leaving one development corpus out at a time (the fourteen not used to write rules), as
#: the best exact agreement there (bench/triage_quality.py --cross-validate prints the figures).
DEFAULT_C = 16.0
DEFAULT_RED_THRESHOLD = 0.4
#: Letter sequences of these lengths, inside each word with a space either side.
_CHARS = (3, 4, 5)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def text_counts(text: str) -> tuple[Counter[str], Counter[str]]:
    """Return the counts of word features (words and word pairs) and letter-sequence features of ``text``."""
    words = _words(text)
    grams: Counter[str] = Counter(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    chars: Counter[str] = Counter()
    for word in words:
        padded = f" {word} "
        for n in _CHARS:
            chars.update(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams, chars


def meta_features(draft: ReferralDraft, rules: Urgency, indicators: Iterable[str],
                  needs_judgement: bool) -> list[str]:
    """Return the answer and rule features of a draft: kind, age band, danger and looked-after answers, rule output."""
    age = draft.subject_age
    band = "unknown" if age is None else "child" if age < 18 else "adult"
    subject = draft.subject
    looked_after = subject.looked_after if subject else None
    role = draft.reporter_role.value if draft.reporter_role else None
    out = [f"kind={draft.kind.value}", f"age={band}", f"danger={draft.immediate_danger}",
           f"looked_after={looked_after}", f"reporter={role}", f"rules={rules.value}"]
    out.extend(f"indicator={code}" for code in sorted(set(indicators)))
    if needs_judgement:
        out.append("rules_flagged")
    return out


def _sublinear(counts: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    """Weight each known feature by (1 + log count) × idf and scale the block to unit length."""
    weights = {f: (1.0 + math.log(c)) * idf[f] for f, c in counts.items() if f in idf}
    norm = math.sqrt(sum(v * v for v in weights.values()))
    return {f: v / norm for f, v in weights.items()} if norm else {}


@dataclass(frozen=True)
class SecondReading:
    """What the learned model made of a draft: its urgency, the probability of it, and the words behind it."""

    urgency: Urgency
    probability: float
    probabilities: Mapping[Urgency, float]
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The urgency after the second reading; ``reason`` says why when it differs from the rules'."""

    urgency: Urgency
    reason: str | None
    #: The rules and the reading disagree enough that a person must look.
    flagged: bool


@dataclass
class LearnedReader:
    """A fitted model: feature weights per urgency, idf of the text features, and the decision thresholds."""

    idf: dict[str, float]
    coef: dict[str, list[float]]
    intercept: list[float]
    #: Probability of red at which the reading is red.
    red_threshold: float = DEFAULT_RED_THRESHOLD
    #: Probability of green below which a green reading is amber instead.
    green_threshold: float = 0.5
    trained_on: dict[str, Any] = field(default_factory=dict)

    # --- reading ------------------------------------------------------------------------------
    def features(self, draft: ReferralDraft, rules: Urgency, indicators: Iterable[str],
                 needs_judgement: bool) -> dict[str, float]:
        """Return the weighted features of ``draft`` (text blocks unit length, answers and rule output 1.0)."""
        grams, chars = text_counts(draft.description or "")
        out = _sublinear(Counter({f"w:{k}": c for k, c in grams.items()}), self.idf)
        out.update(_sublinear(Counter({f"c:{k}": c for k, c in chars.items()}), self.idf))
        out.update({f"m:{name}": 1.0 for name in meta_features(draft, rules, indicators, needs_judgement)})
        return out

    def read(self, draft: ReferralDraft, rules: Urgency, indicators: Iterable[str],
             needs_judgement: bool) -> SecondReading:
        """Return the model's urgency for ``draft`` given what the rules made of it."""
        feats = self.features(draft, rules, indicators, needs_judgement)
        logits = list(self.intercept)
        for name, value in feats.items():
            weights = self.coef.get(name)
            if weights:
                for k, w in enumerate(weights):
                    logits[k] += w * value
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp)
        probs = {level: exp[k] / total for k, level in enumerate(LEVELS)}
        best = max(LEVELS, key=lambda level: probs[level])
        k = _RANK[best]
        pull = []
        for name, value in feats.items():
            weights = self.coef.get(name)
            if weights and name.startswith("w:"):
                pull.append((value * (weights[k] - sum(weights) / len(weights)), name[2:]))
        pull.sort(reverse=True)
        words = tuple(word for strength, word in pull[:3] if strength > 0)
        return SecondReading(best, probs[best], probs, words)

    def decide(self, reading: SecondReading, rules: Urgency, *, danger_answer: bool | None,
               rules_flagged: bool) -> Decision:
        """Return the urgency after the second reading, the reason when it differs from the rules', and the flag.

        The reading is red when red has at least :attr:`red_threshold`
        probability, else the likelier of amber and green. Then, for safety:
        a Yes to the danger question is red; what the rules read as red stays
        red (lowering it would lose its alert); one the rules flagged is never
        taken to green; green needs at least :attr:`green_threshold`
        probability, else amber. A raise to red is flagged for a person's judgement.
        """
        probs = reading.probabilities
        if probs[Urgency.RED] >= self.red_threshold:
            level = Urgency.RED
        else:
            level = Urgency.AMBER if probs[Urgency.AMBER] >= probs[Urgency.GREEN] else Urgency.GREEN
        if danger_answer is True or rules is Urgency.RED:
            # Never lower a red: it would lose its alert and its out-of-hours cover.
            level = Urgency.RED
        if level is Urgency.GREEN and (rules_flagged or probs[Urgency.GREEN] < self.green_threshold):
            level = Urgency.AMBER
        if level is rules:
            return Decision(rules, None, False)
        # The reason names no words of the description: reasons are stored unencrypted (they are policy
        # text) and the description's words are content. ``reading.words`` is for people checking the model.
        red_changed = Urgency.RED in (level, rules)
        if _RANK[level] > _RANK[rules]:
            return Decision(level, f"Raised to {level.value} on a second reading of the words: they read like "
                                   f"referrals rated {level.value}", red_changed)
        return Decision(level, f"Rated {level.value}, not {rules.value}, on a second reading of the words: they "
                               f"read like referrals rated {level.value}", red_changed)

    # --- saving and loading -------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the model as gzip-compressed JSON to ``path`` (its directory is created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"format": FORMAT, "red_threshold": self.red_threshold, "green_threshold": self.green_threshold,
                "intercept": self.intercept,
                "trained_on": self.trained_on, "idf": self.idf,
                "coef": {f: [round(w, 6) for w in ws] for f, ws in self.coef.items()}}
        with gzip.open(path, "wt", encoding="utf-8") as out:
            json.dump(body, out, separators=(",", ":"), sort_keys=True)

    @classmethod
    def load(cls, path: Path) -> LearnedReader:
        """Read a model written by :meth:`save`.

        Raises:
            ConfigurationError: the file is missing, unreadable or of another format.
        """
        try:
            with gzip.open(path, "rt", encoding="utf-8") as src:
                body = json.load(src)
        except FileNotFoundError:
            raise ConfigurationError(
                f"no triage model at {path}: build it with `frontdoor triage-model fit` (make setup does)") from None
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot read the triage model {path}: {exc}") from exc
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ConfigurationError(f"the triage model {path} is of another format: rebuild it "
                                     "with `frontdoor triage-model fit`")
        width = len(LEVELS)
        shapes_ok = (isinstance(body.get("intercept"), list) and len(body["intercept"]) == width
                     and isinstance(body.get("coef"), dict) and isinstance(body.get("idf"), dict)
                     and all(isinstance(w, list) and len(w) == width for w in body["coef"].values()))
        if not shapes_ok:
            raise ConfigurationError(f"the triage model {path} is damaged: rebuild it with `frontdoor triage-model fit`")
        return cls(idf=body["idf"], coef=body["coef"], intercept=body["intercept"],
                   red_threshold=float(body["red_threshold"]), green_threshold=float(body["green_threshold"]),
                   trained_on=body.get("trained_on", {}))


@lru_cache(maxsize=4)
def _load(path: str, version: int) -> LearnedReader:
    return LearnedReader.load(Path(path))


def reader_at(path: Path | None) -> LearnedReader | None:
    """Return the reader saved at ``path``, read once per version of the file.

    None when ``path`` is None, or when the file is missing: triage then uses
    the rule table alone, and a warning says how to build the file.

    Raises:
        ConfigurationError: the file exists but cannot be read, or is of another format.
    """
    if path is None:
        return None
    try:
        version = path.stat().st_mtime_ns
    except FileNotFoundError:
        _log.warning("no second reading of triage at %s (build it with `make setup`): "
                     "triage uses the rule table alone", path)
        return None
    return _load(str(path), version)


@dataclass(frozen=True)
class Example:
    """One labelled draft for fitting: the draft, what the rules made of it, and the urgency a person gave."""

    draft: ReferralDraft
    rules: Urgency
    indicators: tuple[str, ...]
    needs_judgement: bool
    urgency: Urgency


def fit(examples: Sequence[Example], *, c: float = DEFAULT_C, min_df: int = 2,
        red_threshold: float = DEFAULT_RED_THRESHOLD,
        green_threshold: float = 0.5, trained_on: Mapping[str, Any] | None = None) -> LearnedReader:
    """Fit a reader to ``examples`` (scikit-learn's logistic regression, L2, lbfgs: deterministic).

    Text features seen in fewer than ``min_df`` drafts are dropped.

    Raises:
        ConfigurationError: scikit-learn is not installed, or the examples lack one of the urgencies.
    """
    try:
        import numpy as np
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - installed with the app
        raise ConfigurationError(f"fitting the triage model needs scikit-learn: {exc}") from exc
    if {e.urgency for e in examples} != set(LEVELS):
        raise ConfigurationError("the examples must include red, amber and green drafts")
    df: Counter[str] = Counter()
    for example in examples:
        grams, chars = text_counts(example.draft.description or "")
        df.update({f"w:{g}" for g in grams} | {f"c:{g}" for g in chars})
    n = len(examples)
    idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items() if d >= min_df}
    reader = LearnedReader(idf=idf, coef={}, intercept=[0.0, 0.0, 0.0], red_threshold=red_threshold,
                           green_threshold=green_threshold)
    rows = [reader.features(e.draft, e.rules, e.indicators, e.needs_judgement) for e in examples]
    names = sorted({f for row in rows for f in row})
    index = {f: i for i, f in enumerate(names)}
    data, cols, ptr = [], [], [0]
    for row in rows:
        for f, v in row.items():
            cols.append(index[f])
            data.append(v)
        ptr.append(len(cols))
    matrix = sparse.csr_matrix((np.array(data), np.array(cols), np.array(ptr)), shape=(n, len(names)))
    target = np.array([_RANK[e.urgency] for e in examples])
    model = LogisticRegression(C=c, max_iter=5000).fit(matrix, target)
    coef = model.coef_.T
    reader.coef = {f: [float(w) for w in coef[i]] for f, i in index.items() if any(abs(w) > 1e-6 for w in coef[i])}
    reader.intercept = [float(b) for b in model.intercept_]
    reader.idf = {f: v for f, v in idf.items() if f in reader.coef}
    reader.trained_on = dict(trained_on or {}, drafts=n)
    return reader
