"""The lexicon file, and the process-wide analyser built from it and the gazetteer."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from frontdoor.datafiles import read_data_file
from frontdoor.errors import ConfigurationError
from frontdoor.extraction.analyser import Analyser


def load_lexicon(path: Path | None = None) -> dict[str, Any]:
    """Return the parsed lexicon (the packaged one when ``path`` is None).

    Raises:
        ConfigurationError: the file is missing or not valid YAML.
    """
    try:
        data = yaml.safe_load(read_data_file(path, "lexicon.yaml"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError("lexicon must be a YAML mapping")
    return data


@lru_cache(maxsize=4)
def _cached(lexicon_path: str | None, places: tuple[tuple[str, str], ...]) -> Analyser:
    """Return the analyser of this lexicon file and gazetteer, built once."""
    return Analyser(load_lexicon(Path(lexicon_path) if lexicon_path else None), dict(places))


def default_analyser(places: Iterable[tuple[str, str]] = (), lexicon_path: str | None = None) -> Analyser:
    """Return a process-wide analyser for this lexicon and gazetteer (built once)."""
    return _cached(lexicon_path, tuple(sorted(places)))
