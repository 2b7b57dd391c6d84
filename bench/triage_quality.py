"""Triage quality: the held-out triage corpus rated by the real analyser and rule table.

Reads ``data/eval/triage.jsonl`` (drafts written apart from the lexicon and the
unit tests, each with the urgency and indicators a careful SPOC would give),
triages every draft as ``frontdoor triage`` does, and prints:

- red recall (the share of red drafts rated red) and the false-red rate (the
  share of drafts that are not red but were rated red);
- exact RAG agreement and a confusion table;
- precision and recall per indicator;
- how many drafts were flagged "needs a person's judgement", and how that
  agrees with the corpus;
- agreement per tag (negation, false friends, missing, firearms, ...).

Figures are written to ``reports/bench/triage_quality.json``. The corpus is
held out: this prints figures, never the drafts it got wrong.

Usage: ``.venv/app/bin/python -m bench.triage_quality [--corpus PATH]``
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontdoor.config import DEFAULT_TRIAGE_MODEL
from frontdoor.corpus import HELD_OUT, development_corpora, draft_from_corpus, examples, load
from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser, default_analyser
from frontdoor.learned import DEFAULT_C, LearnedReader, fit
from frontdoor.routing import RoutingTable
from frontdoor.triage import triage

ROOT = Path(__file__).resolve().parents[1]
CORPUS = HELD_OUT
#: The same drafts labelled again, blind, by a second careful labeller: how far two people agree.
SECOND_LABELLER = HELD_OUT.with_name("triage_second_labeller.jsonl")
MODEL = DEFAULT_TRIAGE_MODEL
C = DEFAULT_C
REPORT = ROOT / "reports" / "bench" / "triage_quality.json"
LEVELS = ("red", "amber", "green")
#: Targets (issue: red recall 100%, exact agreement at least 90%, false red at most 5%).
TARGETS = {"red_recall": 1.0, "exact_agreement": 0.90, "false_red_rate": 0.05}


@dataclass(frozen=True)
class Rated:
    """One corpus draft: what the corpus says and what triage gave."""

    id: str
    tags: tuple[str, ...]
    expected: str
    got: str
    expected_indicators: frozenset[str]
    got_indicators: frozenset[str]
    expected_judgement: bool
    got_judgement: bool


def rate(items: Iterable[dict[str, Any]], analyser: Analyser, reader: LearnedReader | None = None) -> list[Rated]:
    """Return every item triaged (by the rules alone when ``reader`` is None), with what the corpus expected."""
    rated = []
    for item in items:
        result = triage(draft_from_corpus(item["draft"]), analyser, reader)
        rated.append(Rated(
            id=str(item["id"]), tags=tuple(item.get("tags") or ()), expected=str(item["urgency"]),
            got=result.urgency.value, expected_indicators=frozenset(item.get("indicators") or ()),
            got_indicators=frozenset(result.indicators), expected_judgement=bool(item.get("needs_judgement")),
            got_judgement=result.needs_judgement))
    return rated


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def summarise(rated: list[Rated]) -> dict[str, Any]:
    """Return the figures: recall and false reds, agreement, confusion, indicators, judgement, tags."""
    red = [r for r in rated if r.expected == "red"]
    not_red = [r for r in rated if r.expected != "red"]
    confusion = {e: {g: sum(1 for r in rated if r.expected == e and r.got == g) for g in LEVELS} for e in LEVELS}
    codes = sorted({c for r in rated for c in r.expected_indicators | r.got_indicators})
    indicators = {}
    for code in codes:
        tp = sum(1 for r in rated if code in r.expected_indicators and code in r.got_indicators)
        fp = sum(1 for r in rated if code not in r.expected_indicators and code in r.got_indicators)
        fn = sum(1 for r in rated if code in r.expected_indicators and code not in r.got_indicators)
        indicators[code] = {"expected": tp + fn, "found": tp + fp, "precision": _share(tp, tp + fp),
                            "recall": _share(tp, tp + fn)}
    tags: dict[str, list[Rated]] = defaultdict(list)
    for r in rated:
        for tag in r.tags:
            tags[tag].append(r)
    return {
        "drafts": len(rated),
        "red_recall": _share(sum(r.got == "red" for r in red), len(red)),
        "false_red_rate": _share(sum(r.got == "red" for r in not_red), len(not_red)),
        "exact_agreement": _share(sum(r.got == r.expected for r in rated), len(rated)),
        "under_rated": sum(LEVELS.index(r.got) > LEVELS.index(r.expected) for r in rated),
        "confusion": confusion,
        "indicators": indicators,
        "needs_judgement": {
            "flagged": sum(r.got_judgement for r in rated),
            "expected": sum(r.expected_judgement for r in rated),
            "both": sum(r.got_judgement and r.expected_judgement for r in rated),
            "flagged_green": sum(r.got_judgement and r.got == "green" for r in rated),
        },
        "tags": {tag: {"n": len(rs), "agreement": _share(sum(r.got == r.expected for r in rs), len(rs))}
                 for tag, rs in sorted(tags.items())},
        "targets": TARGETS,
    }


def print_report(report: dict[str, Any]) -> None:
    """Print the figures of :func:`summarise` for people."""
    print(f"triage quality: {report['drafts']} drafts of {report.get('corpus', '?')} in "
          f"{report.get('seconds', 0):.1f} s, {report.get('reading', '')}")
    second = report.get("second_labeller")
    if second:
        print(f"  a second labeller, blind: red recall {second['red_recall']:.1%}, false red "
              f"{second['false_red_rate']:.1%}, exact {second['exact_agreement']:.1%} (how far two people agree)")
    rules = report.get("rules_alone")
    if rules:
        print(f"  the rule table alone: red recall {rules['red_recall']:.1%}, false red "
              f"{rules['false_red_rate']:.1%}, exact {rules['exact_agreement']:.1%}")
    print(f"  red recall        {report['red_recall']:6.1%}  (target {TARGETS['red_recall']:.0%})")
    print(f"  false-red rate    {report['false_red_rate']:6.1%}  (target at most {TARGETS['false_red_rate']:.0%})")
    print(f"  exact agreement   {report['exact_agreement']:6.1%}  (target at least {TARGETS['exact_agreement']:.0%})")
    print(f"  rated lower than the corpus: {report['under_rated']}")
    judgement = report["needs_judgement"]
    print(f"  needs a person's judgement: {judgement['flagged']} flagged ({judgement['expected']} in the corpus, "
          f"{judgement['both']} both); flagged and left green: {judgement['flagged_green']}")
    print("\nconfusion (rows: corpus, columns: triage)")
    print(f"{'':8}" + "".join(f"{g:>8}" for g in LEVELS))
    for expected in LEVELS:
        print(f"{expected:8}" + "".join(f"{report['confusion'][expected][g]:>8}" for g in LEVELS))
    print("\nper indicator            expected  found  precision  recall")
    for code, row in report["indicators"].items():
        print(f"  {code:24}{row['expected']:>6}{row['found']:>7}{row['precision']:>10.0%}{row['recall']:>8.0%}")
    print("\nagreement per tag")
    for tag, row in report["tags"].items():
        print(f"  {tag:20}{row['n']:>5}{row['agreement']:>8.1%}")


def run(corpus: Path = CORPUS, model: Path | None = MODEL) -> dict[str, Any]:
    """Rate the corpus with the real analyser, rule table and second reading (rules alone if ``model`` is None).

    Raises:
        ConfigurationError: the model file is missing or unreadable.
    """
    started = time.perf_counter()
    table = RoutingTable.load()
    analyser = default_analyser(table.gazetteer())
    items = load(corpus)
    reader = LearnedReader.load(model) if model is not None else None
    report = summarise(rate(items, analyser, reader))
    report["corpus"] = str(corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus)
    if reader is not None:
        report["reading"] = f"rule table and second reading ({reader.trained_on.get('drafts', '?')} drafts)"
        alone = summarise(rate(items, analyser))
        report["rules_alone"] = {key: alone[key] for key in ("red_recall", "false_red_rate", "exact_agreement")}
    else:
        report["reading"] = "rule table alone"
    second = SECOND_LABELLER if corpus == CORPUS else None
    if second is not None and second.exists():
        report["second_labeller"] = agreement(items, second)
    report["seconds"] = time.perf_counter() - started
    return report


def agreement(items: list[dict[str, Any]], path: Path) -> dict[str, float]:
    """Return how the labels at ``path`` (same ids) agree with the corpus's: the ceiling a reader can expect.

    Raises:
        ConfigurationError: the file cannot be read or lacks an item's label.
    """
    theirs = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
                theirs[str(row["id"])] = str(row["urgency"])
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigurationError(f"{path}:{number}: {exc}") from exc
    rated = []
    for item in items:
        if str(item["id"]) not in theirs:
            raise ConfigurationError(f"{path} has no label for {item['id']}")
        rated.append(Rated(id=str(item["id"]), tags=(), expected=str(item["urgency"]), got=theirs[str(item["id"])],
                           expected_indicators=frozenset(), got_indicators=frozenset(),
                           expected_judgement=False, got_judgement=False))
    figures = summarise(rated)
    return {key: figures[key] for key in ("red_recall", "false_red_rate", "exact_agreement")}


def cross_validate(corpora: list[Path], c: float) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Fit on all development corpora but one and rate that one, for each; return (name, rules, both) figures.

    The honest estimate of how the second reading does on words it was not fitted on.
    """
    table = RoutingTable.load()
    analyser = default_analyser(table.gazetteer())
    loaded = {path: (load(path), examples([path], analyser)) for path in corpora}
    out = []
    for held in corpora:
        reader = fit([e for path, (_, ex) in loaded.items() if path != held for e in ex], c=c)
        items = loaded[held][0]
        out.append((held.parent.name, summarise(rate(items, analyser)), summarise(rate(items, analyser, reader))))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a JSON-lines corpus (default: held-out)")
    parser.add_argument("--model", type=Path, default=MODEL, help=f"the second reading (default: {MODEL})")
    parser.add_argument("--rules-only", action="store_true", help="rate with the rule table alone")
    parser.add_argument("--cross-validate", action="store_true",
                        help="fit on all development corpora but one, rate that one, for each")
    args = parser.parse_args(argv)
    if args.cross_validate:
        rows = cross_validate(development_corpora(), C)
        print("leave one development corpus out (exact / red recall / false red)")
        print(f"  {'corpus':8} {'rules alone':>22} {'with second reading':>24}")
        for name, alone, both in rows:
            print(f"  {name:8} {_triple(alone):>22} {_triple(both):>24}")
        print(f"  {'pooled':8} {_triple(_pool([a for _, a, _ in rows])):>22} "
              f"{_triple(_pool([b for _, _, b in rows])):>24}")
        return 0
    report = run(args.corpus, None if args.rules_only else args.model)
    print_report(report)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def _triple(figures: dict[str, Any]) -> str:
    return (f"{figures['exact_agreement']:.1%} / {figures['red_recall']:.1%} / "
            f"{figures['false_red_rate']:.1%}")


def _pool(reports: list[dict[str, Any]]) -> dict[str, float]:
    """Pool per-corpus figures, weighting each by its drafts (red recall by its red drafts)."""
    drafts = sum(r["drafts"] for r in reports)
    reds = sum(sum(r["confusion"]["red"].values()) for r in reports)
    not_red = drafts - reds
    return {
        "exact_agreement": sum(r["exact_agreement"] * r["drafts"] for r in reports) / drafts,
        "red_recall": sum(r["confusion"]["red"]["red"] for r in reports) / reds,
        "false_red_rate": sum(r["confusion"][e]["red"] for r in reports for e in ("amber", "green")) / not_red,
    }


if __name__ == "__main__":
    raise SystemExit(main())
