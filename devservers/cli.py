"""The command line of a local server: ``serve`` it in the foreground, or ``wait`` until one answers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence


def serve_or_wait(argv: Sequence[str] | None, *, prog: str, description: str,
                  serve_options: Callable[[argparse.ArgumentParser], None],
                  serve: Callable[[argparse.Namespace], int], wait_help: str, wait: Callable[[float], None],
                  wait_seconds: float, failures: tuple[type[Exception], ...]) -> int:
    """Run ``serve`` or ``wait`` as ``argv`` asks; return the exit status (1 after one of ``failures``, said on stderr)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_options(commands.add_parser("serve", help="run it in the foreground until SIGTERM or SIGINT"))
    commands.add_parser("wait", help=wait_help).add_argument("--timeout", type=float, default=wait_seconds)
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args)
        wait(args.timeout)
    except (*failures, TimeoutError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0
