"""Match keys: normalising names and places, and which details make a key (pure, no database)."""

from __future__ import annotations

from datetime import date

from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.services.related.keys import Subject, match_keys, match_values, name_key, normalise, place_key

KEYS = Pseudonymiser(bytes.fromhex("44" * 32))
TODAY = date(2026, 3, 11)


def keys_of(*subjects: Subject, place: str | None = None, sender: str | None = None) -> set[str]:
    return set(match_keys(KEYS, match_values(subjects, place, sender, TODAY, frozenset({"erith"}))))


def test_case_accents_punctuation_and_spaces_do_not_matter() -> None:
    assert normalise("  Zoë   O'Brien-Smith ") == "zoe o brien smith"
    assert name_key("Zoë  O'Brien") == name_key("zoe o-brien") == "zoe brien"
    assert name_key("Sam Alex Jones") == name_key("sam jones")


def test_a_first_name_alone_makes_no_key() -> None:
    assert name_key("Sam") is None
    assert keys_of(Subject("Sam", age=14)) == set()


def test_street_words_are_shortened_and_area_names_make_no_place_key() -> None:
    assert place_key("12 Acacia Road") == place_key("12 acacia rd.") == "12 acacia rd"
    assert place_key("Erith", frozenset({"erith"})) is None
    assert keys_of(place="Erith") == set()


def test_ages_a_year_apart_meet_and_two_years_apart_do_not() -> None:
    fourteen = keys_of(Subject("Sam Jones", age=14))
    assert fourteen & keys_of(Subject("Sam Jones", age=15))
    assert not fourteen & keys_of(Subject("Sam Jones", age=16))


def test_a_date_of_birth_meets_the_age_it_gives() -> None:
    born = keys_of(Subject("Sam Jones", born=date(2011, 5, 3)))  # 14 on TODAY
    assert born & keys_of(Subject("Sam Jones", age=14))


def test_keys_are_keyed_hashes_that_depend_on_the_key() -> None:
    values = match_values([Subject("Sam Jones", age=14, school="Erith Academy")], "12 Acacia Road", "ab" * 32,
                          TODAY)
    keys = match_keys(KEYS, values)
    other = match_keys(Pseudonymiser(bytes.fromhex("55" * 32)), values)
    assert len(keys) == len(values) == 5 and not set(keys) & set(other)
    assert all(len(k) == 64 and int(k, 16) >= 0 for k in keys)
    assert "ab" * 32 not in keys  # not the sender's pseudonym itself
    assert sorted(keys.values()) == ["name_age", "name_age", "name_school", "place", "sender"]
