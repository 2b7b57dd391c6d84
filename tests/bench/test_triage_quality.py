"""The held-out triage corpus rated by the real analyser, rule table and second reading, with regression floors.

The floors are the figures measured on 2026-12-07 with the second reading fitted on the nineteen
development corpora (README, "Triage quality: measured on held-out drafts"), not the targets (red
recall 100%, exact agreement 90%, false red at most 5%), which are not yet met. The rule table
alone is held to its own floors too, so a change to the rules cannot hide behind the model.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import triage_quality
from frontdoor import corpus

FLOOR_RED_RECALL = 0.885
FLOOR_EXACT = 0.82
CEILING_FALSE_RED = 0.099
#: The rule table alone (the second reading's input).
RULES_FLOOR_RED_RECALL = 0.755
RULES_FLOOR_EXACT = 0.715
#: Two careful people labelling the same drafts blind (data/eval/triage_second_labeller.jsonl).
SECOND_LABELLER_FLOOR_EXACT = 0.95
#: The issue's minimums for the corpus.
MINIMUM_TAGS = {"negation": 40, "false_friend": 30, "missing": 30, "firearm": 20, "vulnerable_adult": 20}


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return triage_quality.load(triage_quality.CORPUS)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return triage_quality.run()


def test_the_corpus_is_big_enough_and_well_formed(items: list[dict[str, Any]]) -> None:
    assert len(items) >= 300
    tags = [tag for item in items for tag in item["tags"]]
    for tag, minimum in MINIMUM_TAGS.items():
        assert tags.count(tag) >= minimum, tag
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert item["urgency"] in ("red", "amber", "green")
        assert item["draft"]["kind"] in corpus.KINDS
        corpus.draft_from_corpus(item["draft"])


def test_triage_is_no_worse_than_measured(report: dict[str, Any]) -> None:
    assert report["reading"].startswith("rule table and second reading"), "the second reading was not used"
    assert report["red_recall"] >= FLOOR_RED_RECALL
    assert report["exact_agreement"] >= FLOOR_EXACT
    assert report["false_red_rate"] <= CEILING_FALSE_RED
    assert report["rules_alone"]["red_recall"] >= RULES_FLOOR_RED_RECALL
    assert report["rules_alone"]["exact_agreement"] >= RULES_FLOOR_EXACT


def test_two_people_agree_far_more_than_triage_does(report: dict[str, Any]) -> None:
    """The targets are within what careful people reach on these drafts: the corpus's labels are sound."""
    assert report["second_labeller"]["exact_agreement"] >= SECOND_LABELLER_FLOOR_EXACT


def test_a_draft_that_needs_judgement_is_never_left_green(report: dict[str, Any]) -> None:
    assert report["needs_judgement"]["flagged_green"] == 0
