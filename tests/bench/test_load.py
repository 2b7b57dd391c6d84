"""The load test's own parts, without servers: think times, percentiles, the ramp, CPU from /proc text, the users."""

from __future__ import annotations

import asyncio
import math
import os
import random
import statistics

import httpx
import pytest

from bench import load
from bench.cpu import OTHERS
from bench.scripts import SCRIPTS

# --- think times, percentiles, the ramp -----------------------------------------------------------------------------


def test_think_times_centre_on_the_mean_are_positive_bounded_and_repeatable() -> None:
    draws = [load.think_time(random.Random(7), 5.0) for _ in range(3)]
    assert draws[0] == draws[1] == draws[2]
    rng = random.Random(16)
    many = [load.think_time(rng, 5.0) for _ in range(20000)]
    assert all(0 < each <= 15.0 for each in many)
    assert statistics.fmean(many) == pytest.approx(5.0, rel=0.03)
    assert statistics.pstdev(many) == pytest.approx(2.5, rel=0.1)
    assert load.think_time(rng, 0.0) == 0.0


def step(conversations: int, p95: float) -> load.Step:
    return load.Step(conversations=conversations, seconds=30.0, turns=10, failed=0, p50_s=p95 / 2, p95_s=p95,
                     turns_per_s=1.0, cores={})


def test_a_step_counts_the_servers_cpu_per_answered_turn_but_not_the_load_generator_or_other_work() -> None:
    cores = {"rasa": 0.45, "actions": 0.1, "web": 0.05, load.GENERATOR: 0.2, OTHERS: 1.0}
    measured = load.Step(conversations=30, seconds=30.0, turns=180, failed=0, p50_s=0.2, p95_s=0.6,
                         turns_per_s=6.0, cores=cores)
    assert measured.cpu_ms_per_turn == pytest.approx(100.0)
    assert "    100   cores: rasa 0.45" in measured.row()
    idle = load.Step(conversations=1, seconds=30.0, turns=0, failed=0, p50_s=math.nan, p95_s=math.nan,
                     turns_per_s=0.0, cores=cores)
    assert math.isnan(idle.cpu_ms_per_turn)


def test_the_ramp_adds_a_step_at_a_time_up_to_the_maximum() -> None:
    assert load.next_level(10, 10, 400) == 20
    assert load.next_level(390, 10, 400) == 400
    assert load.next_level(400, 10, 400) is None


def test_capacity_is_the_last_step_before_the_first_that_passes_the_limit() -> None:
    steps = [step(10, 0.3), step(20, 0.6), step(30, 1.2), step(40, 0.9)]
    best = load.capacity(steps, 1.0)
    assert best is not None and best.conversations == 20
    assert load.capacity([step(10, 1.0)], 1.0) == step(10, 1.0)  # exactly at the limit is within
    assert load.capacity([step(10, 1.01)], 1.0) is None
    assert load.capacity([step(10, math.nan)], 1.0) is None  # a step without turns is not within
    assert load.capacity([], 1.0) is None


def test_verdicts_say_whether_each_target_is_met() -> None:
    def result(instances: int, conversations: int | None) -> dict[str, object]:
        return {"instances": instances, "capacity": None if conversations is None else {"conversations": conversations}}

    met = load.verdicts([result(1, 60), result(2, 110)])
    assert met[0].startswith("met:") and "best 110" in met[0]
    assert met[1] == "met: capacity with 2 instances at least 1.7x that of 1 (110 / 60 = 1.83x)"
    missed = load.verdicts([result(1, 40), result(2, 50), result(3, None)])
    assert missed[0] == "NOT met: at least 100 concurrent conversations within p95 (best 50)"
    assert missed[1].startswith("NOT met:") and "(50 / 40 = 1.25x)" in missed[1]
    assert len(load.verdicts([result(1, 40)])) == 1  # no 2-instance run, no scaling verdict
    # A repeated count is judged on its least favourable run.
    again = load.verdicts([result(1, 20), result(2, 40), result(3, 30), result(1, 30), result(2, 60)])
    assert again[0] == "NOT met: at least 100 concurrent conversations within p95 (best 40)"
    assert again[1] == "NOT met: capacity with 2 instances at least 1.7x that of 1 (40 / 30 = 1.33x)"


# --- the users ------------------------------------------------------------------------------------------------------


def fake_web(fail: set[str]) -> httpx.AsyncClient:
    """A web app answering /api/chat at once: a reference at each script's last message, 503 for ``fail``."""
    last = {script[-1] for script in SCRIPTS.values()}

    def answer(request: httpx.Request) -> httpx.Response:
        body = httpx.Response(200, content=request.content).json()
        if body["message"] in fail:
            return httpx.Response(503, json={"session": "s" * 16, "messages": [{"text": "unavailable"}]})
        text = "Your reference is FD-K7M4-Q9XC." if body["message"] in last else "And then?"
        return httpx.Response(200, json={"session": body["session"] or "s" * 16, "messages": [{"text": text}]})

    return httpx.AsyncClient(base_url="http://web.test", transport=httpx.MockTransport(answer))


def test_users_follow_the_scripts_start_again_when_done_and_hold_the_level() -> None:
    async def play() -> load.Load:
        async with fake_web(set()) as client:
            users = load.Load(client, seed=16, think=0.0)
            users.grow(3)
            assert users.level == 3
            await asyncio.sleep(0.2)
            await users.stop()
            return users

    users = asyncio.run(play())
    assert users.turns and all(turn.error is None for turn in users.turns)
    assert {turn.script for turn in users.turns} == set(SCRIPTS)
    for turn in users.turns:
        assert 0 <= turn.index < len(SCRIPTS[turn.script])
    assert sum(count for name, count in users.conversations.items() if name.endswith("finished")) > 3
    assert not [name for name in users.conversations if name.endswith(("no reference", "broken off"))]
    assert users.level == 0 and not users.in_flight


def test_a_step_measures_its_window_and_names_the_turns_that_failed() -> None:
    broken = {SCRIPTS["tip"][0], SCRIPTS["young_person"][0]}

    async def one_step() -> load.Step:
        async with fake_web(broken) as client:
            users = load.Load(client, seed=16, think=0.0)
            try:
                return await load.measure(users, 4, {load.GENERATOR: os.getpid()}, warmup=0.05, window=0.3)
            finally:
                await users.stop()

    measured = asyncio.run(one_step())
    assert measured.conversations == 4 and measured.turns > measured.failed > 0
    assert measured.p95_s == math.inf and measured.p50_s < 1  # about 2 turns in 17 fail: more than 5%
    assert measured.turns_per_s == pytest.approx((measured.turns - measured.failed) / measured.seconds)
    assert set(measured.cores) == {load.GENERATOR, OTHERS}
    assert set(measured.failures) == {f'tip turn 1 ("{SCRIPTS["tip"][0][:40]}"): HTTP 503',
                                      f'young_person turn 1 ("{SCRIPTS["young_person"][0]}"): HTTP 503'}
    assert "inf" in measured.row()


def test_json_has_no_infinities() -> None:
    assert load.finite({"p95": math.inf, "steps": [{"p50": math.nan, "n": 3, "x": 0.5}]}) == {
        "p95": None, "steps": [{"p50": None, "n": 3, "x": 0.5}]}
