"""Stopping the local servers started for development and the tests."""

from __future__ import annotations

import os
import signal
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


def stop_group(process: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    """Stop ``process`` and every process of its group (started with ``start_new_session``).

    The group is asked first (SIGTERM) and killed (SIGKILL) after ``grace`` seconds; nothing
    happens when the process has already ended.
    """
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
