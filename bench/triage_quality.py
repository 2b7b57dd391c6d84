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
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from frontdoor.answers import parse_reporter_role
from frontdoor.extraction import Analyser, default_analyser
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
    Urgency,
)
from frontdoor.routing import RoutingTable
from frontdoor.triage import triage

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "eval" / "triage.jsonl"
REPORT = ROOT / "reports" / "bench" / "triage_quality.json"
#: The corpus's kinds of report and the referral kinds they are.
KINDS = {"concern": Kind.CONCERN, "parent": Kind.CONCERN, "tip": Kind.TIP, "support": Kind.SELF_REFERRAL,
         "handover": Kind.HANDOVER, "hospital": Kind.HEALTH}
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


def draft_from_corpus(data: dict[str, Any]) -> ReferralDraft:
    """Return the referral draft a corpus item describes (its ``draft`` object)."""
    kind = KINDS[data["kind"]]
    role_text = data.get("reporter_role")
    role = parse_reporter_role(role_text) if role_text else None
    if data["kind"] == "parent":
        role = ReporterRole.PARENT
    age = data.get("subject_age")
    people = []
    if age is not None or data.get("looked_after") is not None:
        at_risk = (PersonRole.VULNERABLE_ADULT_AT_RISK if age is not None and age >= 18
                   else PersonRole.YOUNG_PERSON_AT_RISK)
        people.append(PersonDraft(role=at_risk, age=age, looked_after=data.get("looked_after")))
    return ReferralDraft(
        kind=kind,
        channel=Channel(data.get("channel") or "web"),
        description=str(data.get("description") or ""),
        immediate_danger=data.get("immediate_danger"),
        area=data.get("area"),
        reporter=ReporterDraft(role=role) if role else None,
        people=people,
        consent_to_contact=True if kind is Kind.SELF_REFERRAL else None,
    )


def load(path: Path) -> list[dict[str, Any]]:
    """Return the corpus items of ``path`` (one JSON object per line)."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def rate(items: Iterable[dict[str, Any]], analyser: Analyser) -> list[Rated]:
    """Return every item triaged, with what the corpus expected."""
    rated = []
    for item in items:
        result = triage(draft_from_corpus(item["draft"]), analyser)
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
    print(f"triage quality: {report['drafts']} held-out drafts in {report.get('seconds', 0):.1f} s")
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


def run(corpus: Path = CORPUS) -> dict[str, Any]:
    """Rate the corpus with the real analyser and return the figures."""
    started = time.perf_counter()
    table = RoutingTable.load()
    analyser = default_analyser(table.gazetteer())
    report = summarise(rate(load(corpus), analyser))
    report["seconds"] = time.perf_counter() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a JSON-lines corpus (default: held-out)")
    args = parser.parse_args(argv)
    report = run(args.corpus)
    print_report(report)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
