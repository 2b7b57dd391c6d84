"""Building the analyser from the lexicon (frontdoor/extraction/lexicon.py, analyser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdoor import taxonomy
from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser, default_analyser, load_lexicon


# --- building the analyser -------------------------------------------------------------------------
@pytest.mark.parametrize(("lexicon", "message"), [
    ({"indicators": {"laser_eyes": {"phrases": ["zap"]}}}, "unknown indicator code 'laser_eyes'"),
    ({"indicators": ["weapon"]}, "'indicators' must be a mapping"),
    ({}, "'indicators' must be a mapping"),
    ({"indicators": {"weapon": {"patterns": [{"LOWER": "gun"}]}}}, "must be a list of tokens"),
], ids=["unknown-code", "indicators-not-mapping", "no-indicators", "pattern-not-list"])
def test_bad_lexicon_is_a_configuration_error(lexicon: dict, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Analyser(lexicon)


def test_small_lexicon_and_gazetteer() -> None:
    analyser = Analyser({"indicators": {"weapon": {"phrases": ["spoon"]}}, "negations": ["no"]},
                        {"Springfield": "springfield", "=Hope": "hope"})
    assert analyser.indicators("he had a spoon") == ("weapon",)
    assert analyser.indicators("he had no spoon") == ()
    assert analyser.places("in springfield with Hope") == [("springfield", "springfield"), ("Hope", "hope")]
    assert analyser.places("there is hope") == []


def test_load_lexicon_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot read lexicon"):
        load_lexicon(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="cannot read lexicon"):
        load_lexicon(bad)
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just text", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="must be a YAML mapping"):
        load_lexicon(scalar)


def test_lexicon_file_can_be_chosen(tmp_path: Path, routing_table) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text("indicators:\n  weapon:\n    phrases: [spork]\n", encoding="utf-8")
    analyser = default_analyser(routing_table.gazetteer(), str(path))
    assert analyser.indicators("a spork") == ("weapon",)
    assert analyser.indicators("a knife") == ()


def test_default_analyser_is_built_once(routing_table, analyser: Analyser) -> None:
    assert default_analyser(routing_table.gazetteer()) is analyser
    assert default_analyser(list(reversed(routing_table.gazetteer()))) is analyser


def test_packaged_lexicon_codes_are_all_in_the_taxonomy() -> None:
    lexicon = load_lexicon()
    assert set(lexicon["indicators"]) <= taxonomy.CODES
    # Every indicator has some way to be found in text.
    assert set(lexicon["indicators"]) == taxonomy.CODES


def test_a_not_typo_word_can_still_be_a_lexicon_word() -> None:
    analyser = Analyser({"fuzzy_min_length": 5, "not_typos": ["naked", "treats"],
                         "indicators": {"weapon": {"phrases": ["nanked", "treats"]}}})
    assert analyser.indicators("treats") == ("weapon",)
    assert analyser.indicators("naked") == ()
    assert analyser.indicators("anked") == ()  # first letter dropped: not a slip
    assert analyser.indicators("naned") == ("weapon",)


IN_CONTEXT = {
    # (text, indicators that must be found, indicators that must not)
    "quoted-words-count": ("they said they'll 'find him' and 'do him in'", ("threats", "threat_to_life"), ()),
    "threat-to-kill-is-a-threat": ("they said they would kill him", ("threats", "threat_to_life"), ()),
    "a-new-subject-ends-a-negation": ("cant talk now theyre here", (), ()),
    "doubt-is-not-denial": ("I dont know if it was a knife", ("weapon",), ()),
    "denied-belief-negates": ("I dont think they had a knife", (), ("weapon",)),
    "gonna-is-one-word": ("nobody's gonna stab me", (), ("threat_to_life",)),
    "injury-long-past": ("he was stabbed in 2022", ("violence_victim",), ("serious_injury",)),
    "injury-now": ("he was stabbed last night", ("serious_injury",), ()),
    "bb-gun-is-a-weapon": ("found a BB gun in his wardrobe", ("weapon",), ("firearm",)),
    "older-by-age": ("she gets into cars with men in their twenties", ("older_associates", "lifts_in_cars"), ()),
    "boyfriend-aged": ("her boyfriend who is 22", ("older_associates",), ()),
    "sum-of-money": ("he had £1,200 under his mattress", ("unexplained_money",), ()),
    "not-bought": ("a phone I didn't buy him", ("unexplained_items",), ()),
    "gave-up-boxing": ("he has stopped going to boxing", ("behaviour_change",), ("falling_attendance",)),
    "stint-away": ("they said i gotta do 2 weeks in norwich", ("county_lines",), ()),
    "looks-like-a-gun-still-counts": ("a photo of what looks like a handgun on a bed", ("firearm",), ()),
    "could-have-been-fireworks": ("heard 2 loud bangs, could of been fireworks idk", ("firearm",), ()),
    "took-over-is-cuckooing": ("the bloke that lives there got took over", ("cuckooing",), ("trafficked_now",)),
    "got-took-is-taken": ("his mates sayin he got took", ("trafficked_now",), ()),
    "not-aware-of-threats": ("Not aware of any specific threats against him", (), ("threats",)),
    "county-lines-in-progress": ("he has gone country and is down in Margate right now",
                                 ("county_lines", "trafficked_now"), ()),
    "county-lines-past": ("he went country last summer", ("county_lines",), ("trafficked_now",)),
    "people-staying-at-his-flat": ("young people have been staying at his flat", ("cuckooing",), ()),
    "own-kids-at-home": ("my kids are in the house", (), ("cuckooing",)),
    "a-fear-is-not-a-report": ("dad is worried he might get drawn into county lines", (), ("county_lines",)),
    "a-what-if-is-not-a-report": ("If I got asked to hold something for someone, what should I say?", (),
                                  ("recruitment",)),
    "a-conditional-threat-is-a-threat": ("if they see him on Mare St they'll stab him", ("threat_to_life",), ()),
    "explained-in-a-later-sentence": ("Call about a boy with a gun at the playground. Attended: it was a plastic "
                                      "water pistol.", (), ("firearm",)),
    "used-to-carry": ("He used to carry a knife when he was 16 after being threatened.", (), ("weapon", "threats")),
    "trap-music-next-door": ("the trap music from next door is so loud every night", (), ("trap_house",)),
    "a-slang-threat-to-stab": ("if I leave he's gonna wet me", ("threat_to_life", "threats"), ()),
    "a-slang-threat-said": ("some yutes said theyll cheff me on sight", ("threat_to_life",), ()),
    "a-slang-threat-denied": ("nobody's gonna juke him", (), ("threat_to_life",)),
    "a-game-is-not-a-threat": ("im gonna smoke him at fortnite", (), ("threat_to_life", "threats")),
}

#: Being taken, driven or moved somewhere: trafficking unless its sentence shows an ordinary move and no exploitation.
MOVES = {
    "olders-taking-him": ("the olders are taking him down to Margate", True),
    "they-moved-me": ("they moved me to another house they taking my phone", True),
    "between-traps": ("my mate keeps getting moved between different traps", True),
    "kept-till-sold": ("they won't let me leave till the bag's done", True),
    "cant-come-home-till": ("he says he can't come home till it's sold", True),
    "moved-by-olders-with-placement": ("he is being moved from his placement by his olders", True),
    "new-school": ("my son is being moved to a new school next term", False),
    "class-move": ("being moved from 9T to 9R next week", False),
    "maths-set": ("she's been moved to a different tutor group and maths set", False),
    "council-flat": ("we're being moved to a new flat by the council", False),
    "ambulance": ("he was being taken to hospital by ambulance", False),
    "mum-taking-me": ("my mum is taking me to school tomorrow", False),
    "for-his-safety": ("he is being moved out of the borough for his own safety", False),
    "trip-that-is-over": ("some boys took me to a flat yesterday", False),
    "trafficked-in-the-past": ("he was trafficked to Margate in 2023", False),
}


@pytest.mark.parametrize(("text", "trafficking"), MOVES.values(), ids=MOVES.keys())
def test_a_move_is_trafficking_unless_it_is_ordinary(analyser: Analyser, text: str, trafficking: bool) -> None:
    assert ("trafficked_now" in analyser.analyse(text).indicators) is trafficking


#: Going where county lines are run: county lines travel unless it is an ordinary move.
DESTINATIONS = {
    "with-olders": ("he keeps going to Margate with the olders", True),
    "out-of-london": ("they send kids out of London every weekend", True),
    "family-moving": ("We're moving to Margate next month", False),
    "placement-move": ("a placement move to Margate for her own safety", False),
    "another-verb": ("he stopped going to college and they drive him out to Kent", True),
}


@pytest.mark.parametrize(("text", "county_lines"), DESTINATIONS.values(), ids=DESTINATIONS.keys())
def test_a_destination_is_county_lines_unless_the_move_is_ordinary(analyser: Analyser, text: str,
                                                                    county_lines: bool) -> None:
    assert ("county_lines" in analyser.analyse(text).indicators) is county_lines


def test_a_handover_move_is_the_move_itself(analyser: Analyser) -> None:
    text = "he is being moved from Bexley to Kent next week"
    assert "trafficked_now" in analyser.analyse(text).indicators
    assert "trafficked_now" not in analyser.analyse(text, moving=True).indicators
    # what is plainly trafficking still is, and so is a move with exploitation in its sentence
    assert "trafficked_now" in analyser.analyse("they put him on a train to Margate", moving=True).indicators
    assert "trafficked_now" in analyser.analyse("he keeps getting moved between trap houses", moving=True).indicators


@pytest.mark.parametrize(("text", "found", "absent"), IN_CONTEXT.values(), ids=IN_CONTEXT.keys())
def test_words_read_in_context(analyser: Analyser, text: str, found: tuple[str, ...],
                               absent: tuple[str, ...]) -> None:
    indicators = set(analyser.analyse(text).indicators)
    assert set(found) <= indicators, indicators
    assert not set(absent) & indicators, indicators


def test_a_new_subject_ends_a_negation_and_danger_is_read(analyser: Analyser) -> None:
    assert analyser.analyse("cant talk now theyre here").danger_now is True
    assert analyser.analyse("I dont think theyre coming").danger_now is False
