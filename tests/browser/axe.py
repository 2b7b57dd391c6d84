"""Run axe-core (MPL-2.0; the copy shipped in the ``axe-playwright-python`` test dependency) on a page
and return its violations.

``violations(page)`` checks the page as it is against the WCAG 2.0, 2.1 and 2.2
A and AA rules (axe's ``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa`` and
``wcag22aa`` tags) and axe's best practices; ``describe`` turns them into
lines a failing assertion can show.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from playwright.sync_api import Page

#: axe-core's script, from the installed test dependency (a locked, hashed wheel), not a copy in this tree.
AXE = resources.files("axe_playwright_python").joinpath("axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page: Page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Return axe's violations on ``page`` for ``tags`` (every WCAG A/AA rule and the best practices)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated by the browser's debugger, so the page's Content-Security-Policy (no inline scripts) stays.
        page.evaluate(AXE.read_text("utf-8"))
    result: dict[str, Any] = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags or TAGS)
    return list(result["violations"])


def describe(found: list[dict[str, Any]]) -> list[str]:
    """Return one line per violation: its rule, impact, help and the first elements it was found on."""
    return [f"{v['id']} ({v.get('impact')}): {v['help']} at "
            + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3]) for v in found]
