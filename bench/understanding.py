"""Understanding people: the held-out corpus played against the real model and action server.

Starts the real system (Rasa with the trained model, the action server, the
web app) on a temporary database, then

1. sends every first message of ``data/eval/first_messages.yaml`` as the
   opening of a new conversation (web messages through ``POST /api/chat``,
   text messages to Rasa's REST channel as the SMS shell sends them), reads
   which journey it reached from the conversation's tracker, and prints the
   journey accuracy per user group with a confusion table. A danger message is
   right when the first message of the reply is the 999 advice;
2. plays every scripted conversation of ``data/eval/conversations.yaml``:
   it answers each question the bot asks (the form's ``requested_slot``) with
   the script's next answer for it, or a plain default, until a referral is
   stored or the journey ends, then reads the referral and checks the slots
   filled, disclosures kept, indicators and urgency.

The corpus is held out: it is never used for training or for writing lexicon
entries (tests/bot/test_eval_data.py checks it does not overlap the training
data). Figures go to reports/bench/understanding.json.

    .venv/app/bin/python -m bench.understanding [--limit N] [--workers 4] [--no-conversations]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.support.stack import ROOT, Stack, start_stack

EVAL = ROOT / "data" / "eval"
GROUPS = ("young_person", "parent", "professional", "resident", "danger", "health", "handover", "question",
          "other_language", "gibberish", "emoji_distress")
#: The journey slot's values as the corpus names journeys.
SLOT_JOURNEYS = {"parent_report": "parent", "someone_else": "someone_else", "answered": "answer"}
#: The form that a journey runs, for conversations.
FORM_JOURNEYS = {"concern_form": "concern", "tip_form": "tip", "support_form": "support",
                 "parent_form": "parent", "signpost_form": "signpost", "hospital_form": "health",
                 "handover_form": "handover"}
URGENCY_RANK = {"red": 0, "amber": 1, "green": 2}

#: Plain answers for questions a script does not answer itself.
DEFAULTS: dict[str, str] = {
    "reporter_role": "Teacher", "reporter_organisation": "Hill View School", "reporter_name": "Sam Taylor",
    "reporter_contact": "sam.taylor@school.example", "subject_name": "rather not say", "subject_age": "14",
    "subject_school": "don't know", "subject_area": "Erith",
    "concern_description": "He has been seen with older boys and has new clothes he can't explain.",
    "immediate_danger": "no", "known_to_social_care": "not sure", "parent_aware": "not sure",
    "concern_confirmed": "Yes, send it",
    "tip_description": "People dealing drugs from a flat.", "tip_place": "Erith", "tip_when": "most evenings",
    "tip_danger": "no",
    "support_age": "15", "support_area": "Hackney", "support_choice": "Just information",
    "support_contact": "text me on 07700 900111", "support_safe": "yes", "support_when": "after school",
    "support_consent": "yes", "reporter_feedback": "no",
    "signpost_age": "14", "signpost_area": "Bexley", "signpost_needs": "not sure",
    "parent_missing": "no", "parent_child_age": "14", "parent_area": "Erith",
    "parent_concern": "He has new older friends and money I can't explain.", "parent_child_name": "rather not say",
    "parent_name": "Alex Morgan", "parent_contact": "07700 900222", "parent_confirmed": "Yes, send it",
    "hospital_injury": "stab", "hospital_age": "16", "hospital_area": "Erith", "hospital_police_aware": "yes",
    "hospital_consent": "yes", "hospital_threats": "no", "hospital_discharge": "none",
    "hospital_patient_name": "rather not say", "hospital_workplace": "Queen Elizabeth Hospital, A&E",
    "hospital_reporter_name": "Sam Patel", "hospital_reporter_contact": "020 7946 0123",
    "hospital_confirmed": "Yes, send it",
    "handover_referrer_role": "Probation", "handover_referrer_agency": "London Probation Service",
    "handover_referrer_name": "Jo Smith", "handover_referrer_contact": "jo.smith@probation.example",
    "handover_person_name": "Daniel Reid", "handover_person_age": "19", "handover_person_role": "at risk",
    "handover_consent": "yes", "handover_consent_reason": "to protect him", "handover_from_area": "Hackney",
    "handover_to_area": "Bexley", "handover_move": "planned", "handover_urgent_because": "no",
    "handover_move_date": "not known", "handover_move_reason": "a new tenancy", "handover_agencies": "none",
    "handover_court_orders": "none", "handover_positive_requirements": "none", "handover_risks_to": "none",
    "handover_risks_from": "none", "handover_aspirations": "to find work", "handover_confirmed": "Yes, send it",
}
MAX_TURNS = 30


def load_first_messages(path: Path | None = None) -> list[dict[str, Any]]:
    """Return the held-out first messages (or those of another corpus of the same shape)."""
    return list(yaml.safe_load((path or EVAL / "first_messages.yaml").read_text("utf-8")))


def load_conversations(path: Path | None = None) -> list[dict[str, Any]]:
    """Return the scripted conversations at ``path`` (default: the held-out ones)."""
    return list(yaml.safe_load((path or EVAL / "conversations.yaml").read_text("utf-8")))


@dataclass
class Reply:
    """One turn's reply: the messages' texts and kinds."""

    texts: list[str]
    kinds: list[str]

    @property
    def safety(self) -> int:
        return self.kinds.count("safety")


class Player:
    """Talks to the running system as a person would, and reads the conversation's tracker."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.web = httpx.Client(base_url=stack.web_url, timeout=60)
        self.rasa = httpx.Client(base_url=stack.rasa_url, timeout=60)

    def send(self, session: str | None, text: str, channel: str) -> tuple[str, Reply]:
        """Send one message; return the conversation id and the reply."""
        if channel == "sms":
            session = session or f"sms-{uuid.uuid4().hex}"
            response = self.rasa.post("/webhooks/rest/webhook", json={
                "sender": session, "message": text, "input_channel": "sms", "metadata": {"channel": "sms"}})
            response.raise_for_status()
            texts, kinds = [], []
            for item in response.json():
                custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
                if custom and "text" in custom:
                    texts.append(str(custom["text"]))
                    kinds.append(str(custom.get("kind") or "text"))
                elif item.get("text"):
                    texts.append(str(item["text"]))
                    kinds.append("text")
            return session, Reply(texts, kinds)
        response = self.web.post("/api/chat", json={"session": session, "message": text})
        response.raise_for_status()
        data = response.json()
        return data["session"], Reply([m["text"] for m in data["messages"]],
                                      [m.get("kind", "text") for m in data["messages"]])

    def tracker(self, session: str) -> dict[str, Any]:
        response = self.rasa.get(f"/conversations/{session}/tracker",
                                 params={"token": self.stack.env["RASA_TOKEN"]})
        response.raise_for_status()
        return dict(response.json())

    def close(self) -> None:
        self.web.close()
        self.rasa.close()


def journey_of(tracker: dict[str, Any]) -> str:
    """Return the journey a conversation is on, as the corpus names journeys."""
    loop = (tracker.get("active_loop") or {}).get("name")
    if loop in FORM_JOURNEYS:
        return FORM_JOURNEYS[loop]
    value = (tracker.get("slots") or {}).get("journey")
    if not value:
        return "none"
    return SLOT_JOURNEYS.get(str(value), str(value))


# --- first messages ----------------------------------------------------------------------------
@dataclass
class FirstResult:
    text: str
    group: str
    expected: str
    accept: list[str]
    reached: str
    danger_first: bool
    danger_twice: bool
    other_language_reply: bool
    seconds: float
    intent: str = ""
    confidence: float = 0.0

    @property
    def correct(self) -> bool:
        if self.expected == "danger":
            return self.danger_first
        return self.reached == self.expected or self.reached in self.accept


def play_first(player: Player, example: dict[str, Any], greet: bool = True) -> FirstResult:
    """Open a conversation as the web chat does (its greeting), then send the example's first message."""
    channel = str(example.get("channel") or "web")
    session = None
    if greet and channel == "web":
        session, _ = player.send(None, "/greet", channel)
    started = time.perf_counter()
    session, reply = player.send(session, str(example["text"]), channel)
    seconds = time.perf_counter() - started
    tracker = player.tracker(session)
    reached = journey_of(tracker)
    latest = (tracker.get("latest_message") or {}).get("intent") or {}
    return FirstResult(
        text=str(example["text"]), group=str(example["group"]), expected=str(example["journey"]),
        accept=[str(a) for a in example.get("accept") or []], reached=reached,
        danger_first=bool(reply.kinds) and reply.kinds[0] == "safety", danger_twice=reply.safety > 1,
        other_language_reply=reached == "other_language", seconds=seconds,
        intent=str(latest.get("name") or ""), confidence=float(latest.get("confidence") or 0.0))


def score_first(results: list[FirstResult]) -> dict[str, Any]:
    """Accuracy overall and per group, the confusion table and the safety counts."""
    by_group: dict[str, list[FirstResult]] = defaultdict(list)
    for result in results:
        by_group[result.group].append(result)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for result in results:
        reached = "danger" if result.expected == "danger" and result.danger_first else result.reached
        confusion[result.expected][reached] += 1
    english = [r for r in results if r.group != "other_language"]
    return {
        "messages": len(results),
        "accuracy": sum(r.correct for r in results) / len(results) if results else 0.0,
        "groups": {group: {"n": len(items), "accuracy": sum(r.correct for r in items) / len(items)}
                   for group, items in sorted(by_group.items(), key=lambda kv: GROUPS.index(kv[0])
                                              if kv[0] in GROUPS else 99)},
        "confusion": {expected: dict(counts) for expected, counts in sorted(confusion.items())},
        "danger_advice_twice_in_one_reply": sum(r.danger_twice for r in results),
        "english_answered_as_another_language": sum(r.other_language_reply for r in english),
        "danger_advice_on_non_danger": sum(r.danger_first for r in results if r.expected != "danger"),
        # By the journey the message should reach: many are threats or injuries that are not
        # happening now, where the advice first is cautious rather than wrong.
        "danger_advice_on_non_danger_by_journey": dict(Counter(
            r.expected for r in results if r.expected != "danger" and r.danger_first).most_common()),
        "danger_advice_on_non_danger_examples": [
            {"text": r.text, "group": r.group, "expected": r.expected}
            for r in results if r.expected != "danger" and r.danger_first],
        "p50_reply_ms": sorted(r.seconds for r in results)[len(results) // 2] * 1000 if results else 0.0,
        "wrong": [{"text": r.text, "group": r.group, "expected": r.expected, "reached": r.reached,
                   "intent": f"{r.intent} {r.confidence:.2f}"} for r in results if not r.correct],
    }


# --- scripted conversations --------------------------------------------------------------------
@dataclass
class ConversationResult:
    id: str
    journey: str
    opened: str
    submitted: bool
    reference: str | None
    asked: list[str]
    #: Every message sent, the opening first: a statement the script gave as the answer to a question that was
    #: never asked was never said, so it cannot have been lost.
    said: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    urgency: str | None = None
    indicators: list[str] = field(default_factory=list)
    danger_lost: bool = False
    danger_stored_as_field: bool = False

    @property
    def passed(self) -> bool:
        return not self.failures


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _structured(detail: Any) -> list[str]:
    """Every structured value a SPOC sees apart from the account: names, ages, schools, areas, places."""
    values = [detail.area_text, detail.place, detail.when]
    for person in detail.people:
        values += [person.name, str(person.age) if person.age is not None else None, person.school,
                   person.home_area, person.organisation]
    return [str(v) for v in values if v]


def play_conversation(player: Player, script: dict[str, Any], reader: Any = None) -> ConversationResult:
    """Play one scripted conversation and check the referral it produces against the script."""
    channel = str(script.get("channel") or "web")
    answers = {slot: list(values if isinstance(values, list) else [values])
               for slot, values in (script.get("answers") or {}).items()}
    expect = script.get("expect") or {}
    session = None
    if channel == "web":
        session, _ = player.send(None, "/greet", channel)
    session, reply = player.send(session, str(script["opening"]), channel)
    replies = [reply]
    said = [str(script["opening"])]
    tracker = player.tracker(session)
    opened = journey_of(tracker)
    asked: list[str] = []
    for _turn in range(MAX_TURNS):
        if (tracker.get("slots") or {}).get("referral_reference") and not (tracker.get("active_loop") or {}).get(
                "name"):
            break
        loop = (tracker.get("active_loop") or {}).get("name")
        requested = (tracker.get("slots") or {}).get("requested_slot")
        if not loop or not requested:
            break
        asked.append(str(requested))
        queue = answers.get(requested) or []
        text = queue.pop(0) if queue else DEFAULTS.get(str(requested), "not sure")
        session, reply = player.send(session, str(text), channel)
        replies.append(reply)
        said.append(str(text))
        tracker = player.tracker(session)
    reference = (tracker.get("slots") or {}).get("referral_reference")
    result = ConversationResult(id=str(script["id"]), journey=str(script.get("journey")), opened=opened,
                                submitted=bool(reference), reference=reference, asked=asked, said=said)
    check(result, script, expect, replies, player)
    return result


def read_referral(stack: Stack, reference: str) -> Any:
    """Return referral ``reference`` as any SPOC sees it (read with access to every inbox)."""
    from frontdoor.views import Principal

    core = stack.core()
    try:
        principal = Principal(id=0, email="bench@frontdoor.example", name=None, is_admin=False,
                              inboxes=frozenset(core.table.inboxes))
        return core.queries.get(principal, reference)
    finally:
        core.db.dispose()


def check(result: ConversationResult, script: dict[str, Any], expect: dict[str, Any], replies: list[Reply],
          player: Player) -> None:
    """Record in ``result`` every way the conversation differs from the script's expectations."""
    fail = result.failures.append
    if script.get("journey") and result.opened != script["journey"]:
        fail(f"opened the {result.opened} journey, not {script['journey']}")
    if any(r.safety > 1 for r in replies):
        fail("the 999 advice twice in one reply")
    advised = any(r.safety for r in replies)
    typed = _plain(" ".join(result.said))
    statements = expect.get("account_includes") or []
    # The 999 advice is owed once the danger was said (a script may give it as the answer to a question the
    # bot, having understood more, never asks).
    owed = bool(expect.get("danger_advice")) and (not statements or any(_plain(p) in typed for p in statements))
    if owed and not advised:
        fail("no 999 advice")
    for slot in expect.get("not_asked") or []:
        if slot in result.asked:
            fail(f"asked again for {slot}")
    wanted = expect.get("submitted", True)
    if bool(wanted) != result.submitted:
        fail("no referral stored" if wanted else "a referral was stored")
    played = not script.get("journey") or result.opened == script["journey"]
    if not result.submitted or not result.reference:
        if owed and not advised and played:
            result.danger_lost = True
        return
    detail = read_referral(player.stack, result.reference)
    result.urgency = detail.urgency
    result.indicators = list(detail.indicators)
    if expect.get("kind") and detail.kind != expect["kind"]:
        fail(f"kind {detail.kind}, not {expect['kind']}")
    floor = expect.get("urgency_at_least")
    if floor and URGENCY_RANK[detail.urgency] > URGENCY_RANK[floor]:
        fail(f"urgency {detail.urgency}, expected at least {floor}")
    missing = [code for code in expect.get("indicators") or [] if code not in detail.indicators]
    if missing:
        fail(f"indicators missing: {', '.join(missing)}")
    account = _plain(detail.description)
    lost = [phrase for phrase in expect.get("account_includes") or [] if _plain(phrase) not in account]
    unsaid = [phrase for phrase in lost if _plain(phrase) not in typed]
    if unsaid:
        fail(f"never said (the question it answers was not asked): {unsaid}")
    if lost := [phrase for phrase in lost if phrase not in unsaid]:
        fail(f"not in the account: {lost}")
        result.danger_lost = bool(expect.get("danger_advice")) and played
    structured = [_plain(v) for v in _structured(detail)]
    leaked = [word for word in expect.get("not_stored") or [] if any(_plain(word) in v for v in structured)]
    if leaked:
        fail(f"stored as a name, age, school or place: {leaked}")
        result.danger_stored_as_field = bool(expect.get("danger_advice")) and played
    # A phone number is stored without its spaces ("07700 900123" as 07700900123).
    contacts = [_plain(v).replace(" ", "") for person in detail.people for v in (person.email, person.phone) if v]
    absent = [f"{slot}={value}" for slot, value in (expect.get("stored") or {}).items()
              if not any(_plain(str(value)) in v for v in structured + [account])
              and not any(_plain(str(value)).replace(" ", "") in v for v in contacts)]
    if absent:
        fail(f"not stored: {absent}")


def score_conversations(results: list[ConversationResult]) -> dict[str, Any]:
    return {
        "conversations": len(results),
        "passed": sum(r.passed for r in results),
        "danger_lost": sum(r.danger_lost for r in results),
        "opened_elsewhere": sum(bool(r.journey) and r.opened != r.journey for r in results),
        "danger_stored_as_field": sum(r.danger_stored_as_field for r in results),
        "results": [{**asdict(r), "passed": r.passed} for r in results],
    }


# --- running and printing ----------------------------------------------------------------------
def run(stack: Stack, *, limit: int | None = None, workers: int = 4, conversations: bool = True,
        examples: Iterable[dict[str, Any]] | None = None,
        scripts: Iterable[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Play the corpus against ``stack`` (``examples`` and ``scripts`` instead of the held-out ones); return the figures.

    With ``scripts`` given and ``examples`` empty, only the conversations are played.
    """
    firsts = list(examples if examples is not None else load_first_messages())[:limit]
    player = Player(stack)
    try:
        started = time.monotonic()
        report: dict[str, Any] = {}
        if firsts:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                first = list(pool.map(lambda example: play_first(player, example), firsts))
            report.update(first_messages=score_first(first), first_messages_s=time.monotonic() - started)
        if conversations:
            started = time.monotonic()
            scripts = list(scripts) if scripts is not None else load_conversations()
            with ThreadPoolExecutor(max_workers=workers) as pool:
                played = list(pool.map(lambda script: play_conversation(player, script), scripts))
            report["conversations"] = score_conversations(played)
            report["conversations_s"] = time.monotonic() - started
    finally:
        player.close()
    return report


def print_first_messages(first: dict[str, Any], seconds: float) -> None:
    """Print the accuracy per group, the confusion table and the safety counts of the first messages."""
    print(f"\nfirst messages: {first['messages']} in {seconds:.0f} s; journey accuracy "
          f"{first['accuracy']:.1%} (target >= 95%)")
    print(f"{'group':18} {'n':>4} {'accuracy':>9}")
    for group, row in first["groups"].items():
        print(f"{group:18} {row['n']:>4} {row['accuracy']:>9.1%}")
    journeys = sorted({j for row in first["confusion"].values() for j in row} | set(first["confusion"]))
    print("\nconfusion (rows: expected journey, columns: journey reached)")
    short = {j: j[:7] for j in journeys}
    print(f"{'':15}" + "".join(f"{short[j]:>8}" for j in journeys))
    for expected, row in first["confusion"].items():
        print(f"{expected:15}" + "".join(f"{row.get(j, 0) or '.':>8}" for j in journeys))
    print(f"\n999 advice twice in one reply: {first['danger_advice_twice_in_one_reply']}; "
          f"English answered as another language: {first['english_answered_as_another_language']}; "
          f"999 advice first on a message not about danger: {first['danger_advice_on_non_danger']} "
          f"(by the journey it should reach: {first['danger_advice_on_non_danger_by_journey']})")


def print_report(report: dict[str, Any]) -> None:
    if "first_messages" in report:
        print_first_messages(report["first_messages"], report["first_messages_s"])
    if "conversations" in report:
        conv = report["conversations"]
        print(f"\nscripted conversations: {conv['passed']}/{conv['conversations']} as scripted, in "
              f"{report['conversations_s']:.0f} s; {conv['opened_elsewhere']} opened another journey (their "
              f"script could not be played); of the rest, danger statements lost: {conv['danger_lost']}, stored "
              f"as a name, place or age: {conv['danger_stored_as_field']} (target 0 and 0)")
        for row in conv["results"]:
            status = "ok  " if row["passed"] else "FAIL"
            print(f"  {status} {row['id']:44} {row['journey']:9} {row['urgency']!s:6} "
                  f"{','.join(row['indicators'])[:60]}")
            for failure in row["failures"]:
                print(f"         - {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N first messages")
    parser.add_argument("--workers", type=int, default=4, help="conversations at once (default 4)")
    parser.add_argument("--no-conversations", action="store_true", help="first messages only")
    parser.add_argument("--show-wrong", action="store_true", help="list the first messages that went wrong")
    parser.add_argument("--first-messages", type=Path, default=None,
                        help="another corpus of first messages, e.g. data/dev/first_messages.yaml (the development "
                             "corpus for error analysis); the figures are then written to understanding-dev.json")
    parser.add_argument("--conversations", type=Path, default=None,
                        help="another corpus of scripted conversations, e.g. data/dev20/conversations.yaml (played "
                             "alone, unless --first-messages is given too); figures to understanding-dev.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        print("starting Rasa, the action server and the web app ...", flush=True)
        stack = start_stack(Path(home))
        try:
            development = bool(args.first_messages or args.conversations)
            examples = (load_first_messages(args.first_messages) if args.first_messages
                        else [] if args.conversations else None)
            scripts = load_conversations(args.conversations) if args.conversations else None
            report = run(stack, limit=args.limit, workers=args.workers, examples=examples, scripts=scripts,
                         conversations=not args.no_conversations and (scripts is not None or not development))
        finally:
            stack.shutdown()
    out = ROOT / "reports" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    name = "understanding-dev.json" if development else "understanding.json"
    (out / name).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_report(report)
    if args.show_wrong and "first_messages" in report:
        for row in report["first_messages"]["wrong"]:
            print(f"  [{row['group']}] expected {row['expected']}, reached {row['reached']} ({row['intent']}): "
                  f"{row['text'][:100]}")


if __name__ == "__main__":
    main()
