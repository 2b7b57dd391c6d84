"""SMS webhook latency with Rasa up and down, and 1,000 messages with Rasa down, all captured.

Starts the real system (Rasa, action server, web app under gunicorn) on a
temporary database and posts Twilio-signed requests (signed with the twilio
library) to ``/sms/twilio``:

1. Rasa up: short tip conversations (three texts each) from distinct senders;
2. Rasa stopped: ``--down`` messages (default 1,000) from distinct senders,
   ``--concurrency`` at a time; then checks every one was stored and became a
   captured tip referral.

Prints p50/p95/p99 per phase and writes reports/bench/sms_webhook.json.

    .venv/app/bin/python -m bench.sms_webhook [--conversations 30] [--down 1000] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bench.stats import percentile
from frontdoor.store.models import InboundMessage, Referral
from tests.support.stack import ROOT, TWILIO_TOKEN, Stack, start_stack

TURNS = ["there's lads dealing from a flat above the shops in Penge", "most evenings", "no"]


def post(client: httpx.Client, stack: Stack, sender: str, body: str) -> float:
    fields = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32, "From": sender,
              "To": "+447700900999", "Body": body, "NumMedia": "0"}
    url = f"{stack.web_url}/sms/twilio"
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, fields)
    started = time.perf_counter()
    response = client.post(url, data=fields, headers={"X-Twilio-Signature": signature})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def figures(values: list[float]) -> dict[str, float]:
    return {"messages": len(values), "p50_ms": percentile(values, 50) * 1000,
            "p95_ms": percentile(values, 95) * 1000, "p99_ms": percentile(values, 99) * 1000,
            "max_ms": max(values) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=30)
    parser.add_argument("--down", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as home:
        print("starting Rasa, the action server and the web app ...", flush=True)
        stack = start_stack(Path(home))
        try:
            with httpx.Client(timeout=30) as client:
                post(client, stack, "+447700900000", "hello")  # warm up
                up: list[float] = []
                for index in range(args.conversations):
                    sender = f"+4477009{index:05d}"
                    up += [post(client, stack, sender, text) for text in TURNS]
            results["rasa_up"] = figures(up)

            stack.stop("rasa")
            core = stack.core()
            with core.db.session() as session:
                before_messages = session.scalar(select(func.count()).select_from(InboundMessage)) or 0
                before_referrals = session.scalar(select(func.count()).select_from(Referral)) or 0

            def one(index: int) -> float:
                with httpx.Client(timeout=30) as client:
                    return post(client, stack, f"+4477001{index:05d}",
                                f"message {index}: kids dealing by the station in Erith")

            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                down = list(pool.map(one, range(args.down)))
            wall = time.perf_counter() - started
            with core.db.session() as session:
                stored = (session.scalar(select(func.count()).select_from(InboundMessage)) or 0) - before_messages
                captured = (session.scalar(select(func.count()).select_from(Referral)) or 0) - before_referrals
                pending = session.scalar(select(func.count()).select_from(InboundMessage)
                                         .where(InboundMessage.status != "processed")) or 0
            results["rasa_down"] = {**figures(down), "concurrency": args.concurrency,
                                    "wall_s": wall, "stored": stored, "captured_referrals": captured,
                                    "unprocessed": pending}
        finally:
            stack.shutdown()

    out = ROOT / "reports" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "sms_webhook.json").write_text(json.dumps(results, indent=2))
    print(f"{'phase':12} {'messages':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for phase in ("rasa_up", "rasa_down"):
        row = results[phase]
        print(f"{phase:12} {row['messages']:>8} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "  # type: ignore[index]
              f"{row['p99_ms']:>8.1f} {row['max_ms']:>8.1f}")  # type: ignore[index]
    down_row = results["rasa_down"]
    print(f"Rasa down: {down_row['stored']} of {args.down} stored, {down_row['captured_referrals']} captured "  # type: ignore[index]
          f"as tip referrals, {down_row['unprocessed']} unprocessed, "  # type: ignore[index]
          f"{down_row['wall_s']:.1f} s at concurrency {args.concurrency}")  # type: ignore[index]


if __name__ == "__main__":
    main()
