"""The reader every test of :mod:`frontdoor.understanding` reads with."""

from __future__ import annotations

import pytest

from frontdoor.extraction import Analyser
from frontdoor.languages import default_screen
from frontdoor.understanding import Reader


@pytest.fixture(scope="module")
def reader(analyser: Analyser) -> Reader:
    return Reader(analyser, default_screen(tuple(sorted(analyser.vocabulary))))
