"""Tap-to-call links for the helpline numbers in the page's own wording (served without JavaScript)."""

from __future__ import annotations

import re
from functools import cache

from markupsafe import Markup, escape

from frontdoor import safety


@cache
def _numbers() -> re.Pattern[str]:
    """Return a pattern of the helpline numbers as written, longest first (so "0800 11 11" wins over "11")."""
    written = sorted(set(safety.numbers().values()), key=len, reverse=True)
    return re.compile(r"(?<![\w/])(" + "|".join(re.escape(n) for n in written) + r")(?![\w/])")


def tel_links(text: str) -> Markup:
    """Return ``text`` escaped, with each helpline number from :mod:`frontdoor.safety` a ``tel:`` link."""
    escaped = str(escape(text))
    return Markup(_numbers().sub(
        lambda m: f'<a class="tel" href="tel:{re.sub(r"[^0-9+]", "", m.group(1))}">{m.group(1)}</a>', escaped))
