"""The Rasa project itself, checked with Rasa's own tools in the bot environment.

- ``rasa data validate`` is clean: no warnings at all.
- The test stories in bot/tests pass with ``--fail-on-prediction-errors``.

How well the trained model understands people is judged on the held-out corpus
(tests/e2e/test_understanding.py); NLU cross-validation of the training data is
its own make target (``make nlu-cv``, bench/nlu_cross_validation.py).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv" / "bot" / "bin" / "rasa"
MODEL = ROOT / "models" / "frontdoor.tar.gz"
REPORTS = ROOT / "reports"
DATA = ["--domain", "bot/domain", "--data", "bot/data", "data/nlu", "--config", "bot/config.yml"]


def rasa(*args: str, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    if not RASA.exists():
        pytest.fail(f"the bot environment is missing ({RASA}); run `make bot`")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    return subprocess.run([str(RASA), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_data_validate_is_clean() -> None:
    result = rasa("data", "validate", *DATA, "--fail-on-warnings")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    # Rasa's own findings are UserWarnings raised from rasa/shared/utils/io.py.
    findings = [line for line in output.splitlines() if "UserWarning" in line]
    assert findings == [], "\n".join(findings)
    assert "No story structure conflicts found" in output


def test_test_stories_pass() -> None:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make model`")
    out = REPORTS / "core"
    result = rasa("test", "core", "--stories", "bot/tests", "--model", str(MODEL),
                  "--fail-on-prediction-errors", "--out", str(out))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert "None of the test stories failed" in (out / "failed_test_stories.yml").read_text()
