"""Chat turn latency: through the web app versus bare Rasa REST, in one run.

Starts the real system (Rasa with the trained model, the action server, the
web app under gunicorn) on a temporary database, then plays the same teacher
conversation alternately

- through ``POST /api/chat`` (browser path: Flask → Rasa → actions → database), and
- straight to Rasa's REST channel (``/webhooks/rest/webhook``, same model,
  same action server),

and prints p50/p95/p99 per turn for each path and their ratio, the memory
(RSS) of each server, the model's training time (from the last ``make
model``, or measured now with ``--train``), and optionally p95 under N
concurrent conversations. Figures are also written to reports/bench/chat_turn.json.

The floor is a bare ``rasa init`` bot with one trivial custom action
(``bench/floor_bot.py``, made and trained once into ``var/floor-bot``), started
with its own action server; its conversations take turns with the other two,
so all three see the same machine, and the bare Rasa path is given as a
multiple of it. Then the stack is restarted for profiling and a few more
teacher conversations on the bare Rasa path show where a turn goes: NLU, each
call to the action server (through a timing proxy), the actions' own work, the
tracker store's reads and writes, and the rest (``bench/turn_profile.py``).

    .venv/app/bin/python -m bench.chat_turn [--conversations 20] [--concurrency 24] [--train]
                                            [--profile 5] [--no-floor]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench import floor_bot, turn_profile
from bench.scripts import TEACHER
from bench.stats import percentile
from tests.support.stack import ROOT, Stack, start_stack


def web_conversation(client: httpx.Client) -> list[float]:
    session = None
    times = []
    for text in TEACHER:
        started = time.perf_counter()
        response = client.post("/api/chat", json={"session": session, "message": text})
        times.append(time.perf_counter() - started)
        response.raise_for_status()
        session = response.json()["session"]
    return times


def rasa_conversation(client: httpx.Client, each: Callable[[int, float], None] | None = None,
                      texts: list[str] = TEACHER) -> list[float]:
    """Play ``texts`` (the teacher's) to Rasa's REST channel; return each turn's time (``each`` is told too)."""
    sender = uuid.uuid4().hex
    times = []
    for position, text in enumerate(texts):
        started = time.perf_counter()
        response = client.post("/webhooks/rest/webhook",
                               json={"sender": sender, "message": text, "input_channel": "web"})
        times.append(time.perf_counter() - started)
        response.raise_for_status()
        if each:
            each(position, times[-1])
    return times


def profile(stack: Stack, conversations: int) -> dict[str, Any]:
    """Restart Rasa and the action server with the timing proxy and logs on; return the breakdown of a turn."""
    proxy = turn_profile.ActionProxy(target=f"{stack.action_url}/webhook")
    stack.env.update({**turn_profile.TIMING_ENV, "ACTION_SERVER_URL": proxy.url})
    try:
        stack.restart("actions")
        stack.restart("rasa")
        logs = {name: stack.log(name) for name in ("rasa", "actions")}
        with httpx.Client(base_url=stack.rasa_url, timeout=60) as rasa:
            rasa_conversation(rasa)  # warm up
            offsets = {name: path.stat().st_size for name, path in logs.items()}
            proxy.calls.clear()
            found = turn_profile.Profile()
            seen = [0]

            def each(position: int, seconds: float) -> None:
                found.turn(position, seconds, len(proxy.calls) - seen[0])
                seen[0] = len(proxy.calls)

            for _ in range(conversations):
                rasa_conversation(rasa, each)
            calls = list(proxy.calls)
            for _ in range(conversations):
                for text in TEACHER:
                    started = time.perf_counter()
                    rasa.post("/model/parse", params={"token": stack.env["RASA_TOKEN"]},
                              json={"text": text}).raise_for_status()
                    found.nlu.append(time.perf_counter() - started)
        tracker, _, events = turn_profile.read_log(logs["rasa"], offsets["rasa"])
        _, runs, _ = turn_profile.read_log(logs["actions"], offsets["actions"])
        return turn_profile.breakdown(found, calls, tracker, runs, events)
    finally:
        proxy.close()


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def summary(name: str, values: list[float]) -> dict[str, float]:
    return {
        "turns": len(values),
        "p50_ms": percentile(values, 50) * 1000,
        "p95_ms": percentile(values, 95) * 1000,
        "p99_ms": percentile(values, 99) * 1000,
        "mean_ms": statistics.fmean(values) * 1000,
    }


def concurrent(stack: Stack, conversations: int, play: Callable[[httpx.Client], list[float]],
               base_url: str) -> list[float]:
    def one(_: int) -> list[float]:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            return play(client)

    with ThreadPoolExecutor(max_workers=conversations) as pool:
        return [t for times in pool.map(one, range(conversations)) for t in times]


def train_time(measure: bool) -> float | None:
    if measure:
        with tempfile.TemporaryDirectory() as out:
            started = time.monotonic()
            subprocess.run([str(ROOT / ".venv/bot/bin/rasa"), "train", "--config", "bot/config.yml",
                            "--domain", "bot/domain", "--data", "bot/data", "data/nlu", "--out", out,
                            "--quiet"], cwd=ROOT, check=True, capture_output=True)
            return time.monotonic() - started
    recorded = ROOT / "models" / "train-time.txt"
    if recorded.exists():
        digits = "".join(ch for ch in recorded.read_text() if ch.isdigit())
        return float(digits) if digits else None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=20, help="conversations per path (default 20)")
    parser.add_argument("--concurrency", type=int, default=0, help="also run N concurrent web conversations")
    parser.add_argument("--train", action="store_true", help="measure `rasa train` now (takes minutes)")
    parser.add_argument("--profile", type=int, default=5,
                        help="teacher conversations to profile on the bare Rasa path (default 5; 0: none)")
    parser.add_argument("--no-floor", action="store_true", help="leave out the bare `rasa init` floor bot")
    args = parser.parse_args()

    trained = train_time(args.train)
    floor = None if args.no_floor else floor_bot.FloorBot()
    with tempfile.TemporaryDirectory() as home:
        print("starting Rasa, the action server and the web app ...", flush=True)
        started = time.monotonic()
        stack = start_stack(Path(home))
        startup = time.monotonic() - started
        try:
            if floor:
                print("starting the floor bot (made and trained once into var/floor-bot) ...", flush=True)
                floor.start()
            web = httpx.Client(base_url=stack.web_url, timeout=60)
            rasa = httpx.Client(base_url=stack.rasa_url, timeout=60)
            bare = httpx.Client(base_url=floor.rasa_url, timeout=60) if floor else None
            web_conversation(web)  # warm up every path
            rasa_conversation(rasa)
            if bare:
                rasa_conversation(bare, texts=floor_bot.CONVERSATION)
            web_times: list[float] = []
            rasa_times: list[float] = []
            floor_times: list[float] = []
            for _ in range(args.conversations):  # take turns, so drift hits every path alike
                web_times += web_conversation(web)
                rasa_times += rasa_conversation(rasa)
                if bare:
                    floor_times += rasa_conversation(bare, texts=floor_bot.CONVERSATION)
            memory = {name: rss_mb(process.pid) for name, process in stack.processes.items()}
            if floor:
                memory.update({f"floor {name}": rss_mb(p.pid) for name, p in floor.processes.items()})
                floor.stop()
            results: dict[str, object] = {
                "machine": f"{platform.machine()}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, Python {platform.python_version()}",
                "startup_s": startup,
                "train_s": trained,
                "web_api_chat": summary("web", web_times),
                "bare_rasa_rest": summary("rasa", rasa_times),
                "memory_rss_mb": memory,
            }
            results["ratio_p50"] = results["web_api_chat"]["p50_ms"] / results["bare_rasa_rest"]["p50_ms"]  # type: ignore[index]
            results["ratio_p95"] = results["web_api_chat"]["p95_ms"] / results["bare_rasa_rest"]["p95_ms"]  # type: ignore[index]
            if floor_times:
                results["floor_rasa_init"] = summary("floor", floor_times)
                for q in ("p50", "p95"):
                    results[f"floor_ratio_{q}"] = (results["bare_rasa_rest"][f"{q}_ms"]  # type: ignore[index]
                                                   / results["floor_rasa_init"][f"{q}_ms"])  # type: ignore[index]
            if args.concurrency:
                times = concurrent(stack, args.concurrency, web_conversation, stack.web_url)
                results[f"web_api_chat_{args.concurrency}_concurrent"] = summary("concurrent", times)
            if args.profile:
                print("restarting Rasa and the action server to profile ...", flush=True)
                results["profile"] = profile(stack, args.profile)
        finally:
            stack.shutdown()
            if floor:
                floor.stop()

    out = ROOT / "reports" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "chat_turn.json").write_text(json.dumps(results, indent=2))
    print(f"\nmachine: {results['machine']}; stack start-up {startup:.0f} s")
    print(f"rasa train: {trained:.0f} s" if trained else "rasa train: not recorded (run with --train)")
    print(f"{'path':28} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for key in [k for k in results if k.startswith(("web_api_chat", "bare_rasa_rest", "floor_rasa_init"))]:
        row = results[key]
        print(f"{key:28} {row['turns']:>6} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f}")  # type: ignore[index]
    print(f"web / bare ratio: p50 {results['ratio_p50']:.2f}x, p95 {results['ratio_p95']:.2f}x (target <= 1.25x)")
    if "floor_ratio_p50" in results:
        print(f"bare / floor ratio: p50 {results['floor_ratio_p50']:.2f}x, p95 {results['floor_ratio_p95']:.2f}x "
              f"(target: bare p50 <= 60 ms)")
    print("memory (RSS): " + ", ".join(f"{k} {v:.0f} MB" for k, v in results["memory_rss_mb"].items()))  # type: ignore[union-attr]
    if "profile" in results:
        turn_profile.show(results["profile"])  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
