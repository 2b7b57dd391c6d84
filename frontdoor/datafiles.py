"""The data files the core reads: a packaged default (``frontdoor/data``) or a file an administrator names."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_data_file(path: str | Path | None, packaged: str) -> str:
    """Return the text of ``path``, or of the packaged data file ``packaged`` when ``path`` is None.

    Raises:
        OSError: the file cannot be read.
    """
    if path is None:
        return resources.files("frontdoor.data").joinpath(packaged).read_text("utf-8")
    return Path(path).read_text("utf-8")
