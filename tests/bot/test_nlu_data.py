"""Checks on the NLU training data (data/nlu) and the FAQ answers (bot/domain/faq.yml).

These read the YAML directly, so they run in the app environment without Rasa.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from frontdoor import safety
from frontdoor.model import ReporterRole

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "data" / "nlu"
FAQ_DOMAIN = ROOT / "bot" / "domain" / "faq.yml"
ROUTING_TABLE = ROOT / "frontdoor" / "data" / "routing.yaml"

MIN_EXAMPLES = 20

INTENTS = {
    "greet", "goodbye", "affirm", "deny", "thank", "bot_challenge", "help",
    "report_concern", "immediate_danger", "stop", "inform", "out_of_scope",
}
FAQ_SUB_INTENTS = {
    "what_is_gang", "what_is_gang_associate", "what_is_gang_nominal", "what_is_county_lines",
    "what_is_cuckooing", "signs_to_look_for", "what_happens_next", "privacy", "emergency_numbers",
}
# Journeys rather than questions answered from the FAQ (bot/domain/support.yml).
SUPPORT_INTENTS = {"young_person_help", "ask_where_to_refer", "parent_worried"}
# Professional journeys with their own forms (bot/domain/handover.yml, bot/domain/hospital.yml).
PROFESSIONAL_INTENTS = {"start_handover", "hospital_referral"}
ALL_INTENTS = (INTENTS | {"report_tip"} | {f"ask_{name}" for name in FAQ_SUB_INTENTS} | SUPPORT_INTENTS
               | PROFESSIONAL_INTENTS)
ENTITIES = {"place", "reporter_role"}

SAFETY_LINE = "If anyone is in immediate danger, call 999."
MAX_ANSWER_WORDS = 90

# [text](entity) and [text]{"entity": "...", ...}
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<name>[^)]+)\)|(?P<json>\{[^}]*\}))")


# --- loading ---------------------------------------------------------------------------------------------


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{path.name}: not a YAML mapping"
    return data


def _items(block: str) -> list[str]:
    """Return the entries of an `examples: |` block."""
    entries = []
    for line in block.splitlines():
        line = line.strip()
        if not line:
            continue
        assert line.startswith("- "), f"example line does not start with '- ': {line!r}"
        entries.append(line[2:].strip())
    return entries


def _annotations(example: str) -> list[tuple[str, str]]:
    """Return ``(text, entity)`` for each entity annotated in ``example``."""
    found = []
    for match in _ANNOTATION.finditer(example):
        if match.group("name"):
            found.append((match.group("text"), match.group("name")))
        else:
            found.append((match.group("text"), json.loads(match.group("json"))["entity"]))
    return found


def _plain(example: str) -> str:
    """Return ``example`` as a user would type it: annotations removed."""
    return _ANNOTATION.sub(lambda m: m.group("text"), example)


def _key(example: str) -> str:
    """Comparison key for duplicates: plain text, case and spacing and end punctuation ignored."""
    text = re.sub(r"\s+", " ", _plain(example).lower()).strip()
    return text.rstrip("?!. ") or text


def _nlu_files() -> list[Path]:
    return sorted(NLU_DIR.glob("*.yml"))


def _nlu_sections(kind: str) -> list[tuple[Path, dict]]:
    return [(path, item) for path in _nlu_files() for item in _load(path).get("nlu") or [] if kind in item]


@pytest.fixture(scope="module")
def examples() -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for _, item in _nlu_sections("intent"):
        by_intent[item["intent"]].extend(_items(item["examples"]))
    return dict(by_intent)


@pytest.fixture(scope="module")
def place_lookup() -> list[str]:
    lookups = [item for _, item in _nlu_sections("lookup") if item["lookup"] == "place"]
    assert len(lookups) == 1, "expected exactly one `lookup: place` table"
    return _items(lookups[0]["examples"])


@pytest.fixture(scope="module")
def synonyms() -> dict[str, str]:
    mapping = {}
    for _, item in _nlu_sections("synonym"):
        for example in _items(item["examples"]):
            assert example.lower() not in mapping, f"synonym {example!r} listed twice"
            mapping[example.lower()] = item["synonym"]
    return mapping


@pytest.fixture(scope="module")
def faq_responses() -> dict[str, list[dict]]:
    data = _load(FAQ_DOMAIN)
    assert str(data.get("version")) == "3.1"
    # As Rasa says them: the numbers and the safety line are slots filled from frontdoor/safety.py.
    for variants in data["responses"].values():
        for variant in variants:
            variant["text"] = variant["text"].format(**safety.slots())
    return data["responses"]


# --- files -----------------------------------------------------------------------------------------------


def test_nlu_files_are_rasa_3_training_data():
    files = _nlu_files()
    assert files, "no NLU files in data/nlu"
    for path in files:
        data = _load(path)
        assert str(data.get("version")) == "3.1", f"{path.name}: version must be \"3.1\""
        assert set(data) <= {"version", "nlu"}, f"{path.name}: unexpected keys {sorted(set(data))}"
        for item in data["nlu"]:
            kinds = {"intent", "synonym", "lookup", "regex"} & set(item)
            assert len(kinds) == 1, f"{path.name}: bad entry {item}"
            assert isinstance(item.get("examples"), str), f"{path.name}: {item} needs an `examples: |` block"


def test_intent_names_are_the_ones_the_domain_uses(examples):
    assert set(examples) == ALL_INTENTS


# --- examples --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("intent", sorted(ALL_INTENTS))
def test_every_intent_has_enough_examples(examples, intent):
    assert len(examples.get(intent, [])) >= MIN_EXAMPLES, (
        f"{intent} has {len(examples.get(intent, []))} examples; at least {MIN_EXAMPLES} needed"
    )


def test_no_example_is_repeated_within_an_intent(examples):
    for intent, items in examples.items():
        seen: set[str] = set()
        for example in items:
            key = _key(example)
            assert key not in seen, f"{intent}: {example!r} appears twice"
            seen.add(key)


def test_no_example_appears_under_two_intents(examples):
    owners: dict[str, set[str]] = defaultdict(set)
    for intent, items in examples.items():
        for example in items:
            owners[_key(example)].add(intent)
    clashes = {text: sorted(intents) for text, intents in owners.items() if len(intents) > 1}
    assert not clashes, f"examples under more than one intent: {clashes}"


def test_annotations_are_well_formed(examples):
    for intent, items in examples.items():
        for example in items:
            plain = _plain(example)
            assert "[" not in plain and "](" not in plain, f"{intent}: broken annotation in {example!r}"
            assert plain.strip(), f"{intent}: empty example"


def test_only_known_entities_are_annotated(examples):
    used = {name for items in examples.values() for example in items for _, name in _annotations(example)}
    assert used <= ENTITIES, f"unknown entities: {sorted(used - ENTITIES)}"
    assert used == ENTITIES, f"entities never annotated: {sorted(ENTITIES - used)}"


def test_annotated_places_are_in_the_lookup(examples, place_lookup):
    known = {place.lower() for place in place_lookup}
    for intent, items in examples.items():
        for example in items:
            for text, name in _annotations(example):
                if name == "place":
                    assert text.lower() in known, f"{intent}: place {text!r} is not in the lookup table"


def test_reporter_roles_map_to_role_codes(examples, synonyms):
    codes = {role.value for role in ReporterRole}
    assert set(synonyms.values()) <= codes, f"synonyms to unknown roles: {set(synonyms.values()) - codes}"
    for intent, items in examples.items():
        for example in items:
            for text, name in _annotations(example):
                if name == "reporter_role":
                    assert synonyms.get(text.lower(), text.lower()) in codes, (
                        f"{intent}: role {text!r} has no synonym to a role code"
                    )


def test_role_lookup_entries_map_to_role_codes(synonyms):
    codes = {role.value for role in ReporterRole}
    for _, item in _nlu_sections("lookup"):
        if item["lookup"] == "reporter_role":
            for entry in _items(item["examples"]):
                assert synonyms.get(entry.lower(), entry.lower()) in codes, f"role lookup {entry!r} has no synonym"


def test_reporter_role_is_annotated_in_many_concern_reports(examples):
    annotated = [e for e in examples["report_concern"] if any(n == "reporter_role" for _, n in _annotations(e))]
    assert len(annotated) >= 20


def test_place_answers_are_annotated(examples):
    annotated = [e for e in examples["inform"] if any(n == "place" for _, n in _annotations(e))]
    assert len(annotated) >= 20


# --- place lookup ----------------------------------------------------------------------------------------


def _routing_place_names() -> set[str]:
    """Every place in the routing table ("=Name" without the "=") and every area name.

    An area name's bracketed note is dropped: "Kent (district not known)" -> "Kent".
    """
    table = _load(ROUTING_TABLE)
    names = set()
    for area in table["areas"].values():
        names.add(re.sub(r"\s*\([^)]*\)", "", area["name"]).strip())
        names.update(str(place).lstrip("=") for place in area.get("places") or [])
    return names


def test_place_lookup_matches_the_routing_table(place_lookup):
    lookup = set(place_lookup)
    assert len(lookup) == len(place_lookup), "place lookup has repeated entries"
    routing = _routing_place_names()
    missing = sorted(routing - lookup)
    extra = sorted(lookup - routing)
    assert not missing, f"in routing.yaml but not in data/nlu/lookup_places.yml: {missing}"
    assert not extra, f"in data/nlu/lookup_places.yml but not in routing.yaml: {extra}"


# --- FAQ answers -----------------------------------------------------------------------------------------


def test_every_faq_sub_intent_has_an_answer_and_vice_versa(examples, faq_responses):
    trained = {intent.removeprefix("ask_") for intent in examples
               if intent.startswith("ask_") and intent not in SUPPORT_INTENTS}
    answered = {key.removeprefix("utter_") for key in faq_responses}
    assert set(faq_responses) == {f"utter_{name}" for name in answered}, "faq.yml holds other responses"
    assert trained == FAQ_SUB_INTENTS
    assert answered == trained


def _text(faq_responses, name: str) -> str:
    variants = faq_responses[f"utter_{name}"]
    assert isinstance(variants, list) and variants, f"utter_{name} has no variants"
    return variants[0]["text"]


@pytest.mark.parametrize("name", sorted(FAQ_SUB_INTENTS))
def test_faq_answers_are_short_and_end_with_the_safety_line(faq_responses, name):
    for variant in faq_responses[f"utter_{name}"]:
        text = variant["text"]
        assert len(text.split()) <= MAX_ANSWER_WORDS, f"utter_{name} is {len(text.split())} words"
        sms = any(c.get("name") == "channel" and c.get("value") == "sms" for c in variant.get("condition", []))
        line = safety.slots()["safety_line_sms"] if sms else SAFETY_LINE
        assert text.rstrip().endswith(line), f"utter_{name} must end with the safety line of its channel"


def test_emergency_numbers_are_all_listed(faq_responses):
    text = _text(faq_responses, "emergency_numbers")
    for number in ("999", "101", "0800 555 111", "0800 11 11", "0800 032 9538"):
        assert number in text
    assert "anonymous" in text.lower()


def test_definitions_quote_the_source_documents(faq_responses):
    assert "relatively durable, predominantly street-based group of young people" in _text(faq_responses, "what_is_gang")
    assert "specific desire or intent to become a member of a gang" in _text(faq_responses, "what_is_gang_associate")
    assert "corroborated by intelligence from more than one source" in _text(faq_responses, "what_is_gang_nominal")
    assert "extend their drug dealing from their 'home' areas" in _text(faq_responses, "what_is_county_lines")
    assert "homes of vulnerable adults as a base" in _text(faq_responses, "what_is_cuckooing")


def test_what_happens_next_gives_the_response_targets(faq_responses):
    text = _text(faq_responses, "what_happens_next")
    for phrase in ("red", "amber", "green", "1 hour", "1 working day", "5 working days", "SPOC", "reference"):
        assert phrase.lower() in text.lower(), phrase
