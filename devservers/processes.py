"""Stopping the local servers started for development and the tests."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """Stop ``process`` (asked first, killed after ten seconds); nothing when it is None."""
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
