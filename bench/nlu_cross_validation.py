"""NLU cross-validation of the training data, with its report (``make nlu-cv``).

Runs ``rasa test nlu --cross-validation`` (three folds by default) in the bot
environment on data/nlu with bot/config.yml, writes Rasa's reports to
reports/nlu-cross-validation/ and a one-page summary (weighted F1, and F1 per
intent, weakest first) to reports/nlu-cross-validation/summary.txt.

Cross-validation says how well the training data separates its own intents.
It takes several times as long as training and is not part of the test
command: there the trained model is judged on the held-out corpus in
data/eval instead (tests/e2e/test_understanding.py, bench/understanding.py).

    .venv/app/bin/python -m bench.nlu_cross_validation [--folds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bot" / "bin" / "rasa"
OUT = ROOT / "reports" / "nlu-cross-validation"


def summarise(out: Path, elapsed: float, folds: int) -> list[str]:
    """Return the summary lines of the reports in ``out``."""
    report = json.loads((out / "intent_report.json").read_text())
    weighted = report["weighted avg"]
    intents = {name: scores for name, scores in report.items()
               if isinstance(scores, dict) and "support" in scores and not name.endswith("avg")}
    lines = [f"NLU cross-validation ({folds} folds) in {elapsed:.0f} s",
             f"intent weighted F1 {weighted['f1-score']:.3f}, precision {weighted['precision']:.3f}, "
             f"recall {weighted['recall']:.3f}",
             *(f"  {name:32} F1 {scores['f1-score']:.3f} (n={scores['support']})"
               for name, scores in sorted(intents.items(), key=lambda kv: kv[1]["f1-score"]))]
    entity = out / "DIETClassifier_report.json"
    if entity.exists():
        entities = json.loads(entity.read_text())
        if "weighted avg" in entities:
            lines.insert(2, f"entity weighted F1 {entities['weighted avg']['f1-score']:.3f}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    if not RASA.exists():
        print(f"the bot environment is missing ({RASA}); run `make bot`", file=sys.stderr)
        return 2
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    started = time.monotonic()
    result = subprocess.run([str(RASA), "test", "nlu", "--nlu", "data/nlu", "--config", "bot/config.yml",
                             "--cross-validation", "--folds", str(args.folds), "--out", str(OUT)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print((result.stdout + result.stderr)[-5000:], file=sys.stderr)
        return result.returncode
    lines = summarise(OUT, time.monotonic() - started, args.folds)
    (OUT / "summary.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
