"""Rendezvous hashing of conversations over Rasa instances, and instances set aside."""

from __future__ import annotations

from collections import Counter

import pytest

from web.rasa_routing import Instance, Instances, rendezvous_order

NODES = [f"http://10.0.0.{n}:5005" for n in range(1, 5)]
KEYS = [f"conversation-{n:05d}" for n in range(4000)]


def first(key: str, nodes: list[str]) -> str:
    return nodes[rendezvous_order(key, nodes)[0]]


def test_the_order_is_stable_and_covers_every_instance() -> None:
    for key in KEYS[:50]:
        order = rendezvous_order(key, NODES)
        assert sorted(order) == list(range(len(NODES)))
        assert order == rendezvous_order(key, NODES)


def test_the_order_of_the_list_does_not_matter() -> None:
    reversed_nodes = list(reversed(NODES))
    for key in KEYS[:200]:
        assert first(key, NODES) == first(key, reversed_nodes)


def test_conversations_spread_evenly() -> None:
    counts = Counter(first(key, NODES) for key in KEYS)
    assert set(counts) == set(NODES)
    expected = len(KEYS) / len(NODES)
    assert all(abs(count - expected) < 0.1 * expected for count in counts.values()), counts


def test_when_an_instance_goes_only_its_conversations_move() -> None:
    gone = NODES[2]
    rest = [node for node in NODES if node != gone]
    moved = 0
    for key in KEYS:
        before, after = first(key, NODES), first(key, rest)
        if before == gone:
            moved += 1
            # They go where their own order said next: the same place a failover sends them.
            assert after == NODES[rendezvous_order(key, NODES)[1]]
        else:
            assert after == before
    assert 0.2 * len(KEYS) < moved < 0.3 * len(KEYS)


def test_an_added_instance_takes_only_its_share() -> None:
    grown = [*NODES, "http://10.0.0.9:5005"]
    moved = [key for key in KEYS if first(key, grown) != first(key, NODES)]
    assert all(first(key, grown) == grown[-1] for key in moved)
    assert 0.15 * len(KEYS) < len(moved) < 0.25 * len(KEYS)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_instance_set_aside_comes_last_until_its_time_is_up() -> None:
    clock = Clock()
    instances = Instances([Instance(url) for url in NODES], down_seconds=30, clock=clock)
    key = KEYS[7]
    usual = instances.route(key)
    instances.set_down(usual[0])
    assert instances.is_down(usual[0])
    assert instances.route(key) == [*usual[1:], usual[0]]
    clock.now += 29
    assert instances.route(key)[0] == usual[1]
    clock.now += 2
    assert instances.route(key) == usual and not instances.is_down(usual[0])
    instances.set_down(usual[0])
    instances.set_up(usual[0])
    assert instances.route(key) == usual


def test_without_a_conversation_the_listed_order_is_used() -> None:
    instances = Instances([Instance(url) for url in NODES])
    assert [i.url for i in instances.route(None)] == NODES


@pytest.mark.parametrize("urls", [[], [NODES[0], NODES[0]]])
def test_no_instances_or_one_twice_is_refused(urls: list[str]) -> None:
    with pytest.raises(ValueError):
        Instances([Instance(url) for url in urls])
