"""The core stays pure: importing every module of ``frontdoor`` pulls in no shell framework."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "werkzeug", "twilio", "rasa", "rasa_sdk", "sanic", "web", "actions", "outbound")

PROBE = """
import importlib, json, pkgutil, sys
import frontdoor
names = [m.name for m in pkgutil.walk_packages(frontdoor.__path__, "frontdoor.")
         if ".migrations" not in m.name]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def test_the_core_imports_no_framework_or_shell() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(report["modules"]) > 20
    assert sorted(set(FORBIDDEN) & set(report["loaded"])) == []
