"""The second reading of triage: features, fitting, saving, the decision table, and triage with it."""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontdoor.cli import main
from frontdoor.corpus import examples
from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser
from frontdoor.learned import (
    Example,
    LearnedReader,
    SecondReading,
    fit,
    reader_at,
    text_counts,
)
from frontdoor.model import Channel, Kind, ReferralDraft, Urgency
from frontdoor.model import needs_judgement as flagged_in
from frontdoor.triage import SECOND_READING_DISAGREES, triage

RED, AMBER, GREEN = Urgency.RED, Urgency.AMBER, Urgency.GREEN


def tip(text: str, danger: bool | None = None) -> ReferralDraft:
    return ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, description=text, immediate_danger=danger)


#: Three made-up kinds of message, one per urgency, each said several ways.
WORDS = {
    RED: ["zorblat at the door now", "the zorblat is here tonight", "zorblat waiting outside his house",
          "saw a zorblat with him", "zorblat again right now", "they brought the zorblat"],
    AMBER: ["quibbet money again", "he has quibbet money", "new quibbet every week", "quibbet trainers and money",
            "seen with quibbet lads", "quibbet phones"],
    GREEN: ["plinth club on tuesdays", "he loves plinth club", "the plinth team won", "plinth practice went well",
            "asked about plinth club", "plinth trials next week"],
}


def toy_examples(rules: Urgency = AMBER) -> list[Example]:
    return [Example(tip(text), rules, (), False, level) for level, texts in WORDS.items() for text in texts]


@pytest.fixture(scope="module")
def toy() -> LearnedReader:
    return fit(toy_examples(), min_df=1, trained_on={"corpora": ["toy"]})


def reading(red: float, amber: float, green: float, words: tuple[str, ...] = ("now",)) -> SecondReading:
    probs = {RED: red, AMBER: amber, GREEN: green}
    best = max(probs, key=lambda level: probs[level])
    return SecondReading(best, probs[best], probs, words)


def test_text_features_are_words_word_pairs_and_letter_sequences() -> None:
    words, letters = text_counts("He's got a BLADE, a blade!")
    assert words["blade"] == 2 and words["he's"] == 1 and words["a blade"] == 2
    assert letters[" bl"] == 2 and letters["ade "] == 2 and letters["blade"] == 2


def test_a_fitted_reader_reads_what_it_was_fitted_on(toy: LearnedReader) -> None:
    assert toy.read(tip("the zorblat came back"), AMBER, (), False).urgency is RED
    assert toy.read(tip("more quibbet stuff"), AMBER, (), False).urgency is AMBER
    assert toy.read(tip("plinth club"), AMBER, (), False).urgency is GREEN
    red = toy.read(tip("the zorblat came back"), AMBER, (), False)
    assert "zorblat" in " ".join(red.words)
    assert abs(sum(red.probabilities.values()) - 1) < 1e-9


def test_saving_and_loading_keeps_every_probability(toy: LearnedReader, tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "reader.json.gz"
    toy.save(path)
    loaded = LearnedReader.load(path)
    assert loaded.trained_on == {"corpora": ["toy"], "drafts": 18}
    for text in ("zorblat now", "quibbet", "plinth", "nothing known at all"):
        before = toy.read(tip(text), GREEN, ("weapon",), True).probabilities
        after = loaded.read(tip(text), GREEN, ("weapon",), True).probabilities
        assert all(abs(before[k] - after[k]) < 1e-4 for k in before)


def test_fitting_needs_every_urgency() -> None:
    with pytest.raises(ConfigurationError, match="red, amber and green"):
        fit([e for e in toy_examples() if e.urgency is not GREEN], min_df=1)


@pytest.mark.parametrize(
    ("probs", "rules", "danger", "rules_flagged", "urgency", "flagged"),
    [
        ((0.6, 0.3, 0.1), AMBER, None, False, RED, True),        # raised to red: a person checks
        ((0.5, 0.3, 0.2), GREEN, None, False, RED, True),        # red at the threshold
        ((0.45, 0.5, 0.05), GREEN, None, False, AMBER, False),   # raised to amber: amber is looked at anyway
        ((0.2, 0.7, 0.1), RED, None, False, RED, False),         # a rules red stays red (its alert stands)
        ((0.05, 0.05, 0.9), RED, None, False, RED, False),
        ((0.05, 0.05, 0.9), AMBER, None, False, GREEN, False),   # sure it is green
        ((0.25, 0.3, 0.45), AMBER, None, False, AMBER, False),   # green, but not sure enough: stays amber
        ((0.05, 0.05, 0.9), AMBER, None, True, AMBER, False),    # flagged by the rules: never green
        ((0.05, 0.05, 0.9), RED, True, False, RED, False),       # Yes to danger is red whatever the words
        ((0.05, 0.05, 0.9), GREEN, True, False, RED, True),
        ((0.1, 0.8, 0.1), AMBER, None, False, AMBER, False),     # agreement changes nothing
    ],
)
def test_the_decision_table(toy: LearnedReader, probs: tuple[float, float, float], rules: Urgency,
                            danger: bool | None, rules_flagged: bool, urgency: Urgency, flagged: bool) -> None:
    reader = dataclasses.replace(toy, red_threshold=0.5, green_threshold=0.5)
    decision = reader.decide(reading(*probs), rules, danger_answer=danger, rules_flagged=rules_flagged)
    assert decision.urgency is urgency
    assert decision.flagged is flagged
    assert (decision.reason is None) is (urgency is rules)
    if decision.reason:
        assert "second reading of the words" in decision.reason
        assert "now" not in decision.reason  # no words of the description: reasons are stored unsealed


def test_triage_with_the_second_reading(analyser: Analyser, toy: LearnedReader) -> None:
    draft = tip("the zorblat is outside the house tonight and my neighbour has seen it twice this week")
    alone = triage(draft, analyser)
    both = triage(draft, analyser, toy)
    assert alone.urgency is not RED
    assert both.urgency is RED
    assert both.reasons[: len(alone.reasons)] == alone.reasons
    assert any(reason.startswith("Raised to red on a second reading") for reason in both.reasons)
    assert both.needs_judgement and flagged_in(both.reasons)
    assert any(reason.endswith(SECOND_READING_DISAGREES) for reason in both.reasons)


def test_reader_at(toy: LearnedReader, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert reader_at(None) is None
    with caplog.at_level(logging.WARNING):
        assert reader_at(tmp_path / "missing.json.gz") is None
    assert "rule table alone" in caplog.text
    path = tmp_path / "reader.json.gz"
    toy.save(path)
    assert reader_at(path) is reader_at(path)  # read once per version of the file
    (tmp_path / "broken.json.gz").write_bytes(b"not gzip at all")
    with pytest.raises(ConfigurationError, match="cannot read"):
        reader_at(tmp_path / "broken.json.gz")
    with gzip.open(tmp_path / "old.json.gz", "wt") as out:
        json.dump({"format": 1}, out)
    with pytest.raises(ConfigurationError, match="another format"):
        reader_at(tmp_path / "old.json.gz")


def corpus_line(n: int, urgency: str, text: str) -> str:
    return json.dumps({"id": f"t-{n}", "tags": [], "urgency": urgency, "indicators": [], "needs_judgement": False,
                       "draft": {"kind": "tip", "channel": "sms", "immediate_danger": None, "subject_age": None,
                                 "area": None, "reporter_role": "resident", "looked_after": None,
                                 "description": text}})


def write_corpus(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [corpus_line(n, level.value, text)
             for n, (level, text) in enumerate((lv, t) for lv, ts in WORDS.items() for t in ts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_held_out_corpus_is_never_fitted_on(analyser: Analyser, tmp_path: Path) -> None:
    held_out = write_corpus(tmp_path / "data" / "eval" / "triage.jsonl")
    with pytest.raises(ConfigurationError, match="held-out"):
        examples([held_out], analyser)
    dev = write_corpus(tmp_path / "data" / "dev" / "triage.jsonl")
    assert len(examples([dev], analyser)) == 18


def test_the_fit_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTDOOR_TRIAGE_MODEL", raising=False)
    dev = write_corpus(tmp_path / "data" / "dev" / "triage.jsonl")
    out = tmp_path / "reader.json.gz"
    result = CliRunner().invoke(main, ["triage-model", "fit", "--corpus", str(dev), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "fitted on 18 drafts from 1 corpora" in result.output
    assert LearnedReader.load(out).trained_on["corpora"] == ["dev"]
    held_out = write_corpus(tmp_path / "data" / "eval" / "triage.jsonl")
    result = CliRunner().invoke(main, ["triage-model", "fit", "--corpus", str(held_out), "--out", str(out)])
    assert result.exit_code == 2 and "held-out" in result.output


def test_a_damaged_model_is_refused_not_half_read(toy: LearnedReader, tmp_path: Path) -> None:
    path = tmp_path / "reader.json.gz"
    toy.save(path)
    with gzip.open(path, "rt") as src:
        body = json.load(src)
    body["intercept"] = body["intercept"][:2]
    with gzip.open(path, "wt") as out:
        json.dump(body, out)
    with pytest.raises(ConfigurationError, match="damaged"):
        LearnedReader.load(path)
