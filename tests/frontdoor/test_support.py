"""Needs, age and gender from what young people and adults write."""

from __future__ import annotations

import pytest

from frontdoor.directory import NEEDS
from frontdoor.support import (
    INTENT_NEEDS,
    age_from_text,
    details_from_text,
    gender_from_text,
    needs_for,
    needs_from_text,
)


@pytest.mark.parametrize(
    ("intent", "text", "needs"),
    [
        ("young_person_help", "i want out but i owe them", ("exit_support", "debt_or_threats")),
        ("young_person_help", "how do i leave", ("exit_support",)),
        ("young_person_help", "wanna get out", ("exit_support",)),
        ("young_person_help", "they robbed me and now say i owe", ("debt_or_threats",)),
        ("young_person_help", "they sayin i owe them", ("debt_or_threats",)),
        ("young_person_help", "i'm scared of them", ("violence",)),
        ("young_person_help", "bare scared they got a blade", ("violence",)),
        ("young_person_help", "someone is threatening me", ("debt_or_threats", "violence")),
        ("young_person_help", "my friend is being made to sell", ("exit_support", "debt_or_threats")),
        ("young_person_help", "ma mate is going country", ("exit_support",)),
        ("young_person_help", "im scared and cant cope anymore", ("violence", "mental_health")),
        ("young_person_help", "i want out, i got excluded from school", ("exit_support", "education_employment")),
        ("ask_where_to_refer", "a 14-year-old girl being groomed in Medway", ("sexual_exploitation",)),
        ("parent_worried", "I think my son is involved in a gang", ("family_support", "exit_support")),
        (None, "hello", ()),
        ("greet", "i owe them", ("debt_or_threats",)),
    ],
)
def test_needs_come_from_the_intent_then_the_words(intent, text, needs):
    assert needs_for(intent, text) == needs


def test_needs_are_vocabulary_terms_each_once():
    for intent, own in INTENT_NEEDS.items():
        assert set(own) <= set(NEEDS)
        found = needs_for(intent, "i want out i owe them im scared and they threaten me, my mum knows")
        assert len(found) == len(set(found)) and set(found) <= set(NEEDS)
    assert needs_for("parent_worried", "", extra=["not_a_need", "violence"]) == ("family_support", "violence")


def test_words_alone_give_needs_in_vocabulary_order():
    assert needs_from_text("they threatened me over money I owe, I'm scared") == ("debt_or_threats", "violence")
    assert needs_from_text("nothing to see here") == ()


@pytest.mark.parametrize(
    ("text", "age"),
    [("a 14-year-old girl", 14), ("my son is 15 years old", 15), ("aged 16", 16), ("im 15 and i want out", 15),
     ("a pupil in year 10", 14), ("where can I refer a pupil", None), ("i owe them 500", None),
     ("he's 13", 13), ("my son Callum who's 15", 15), ("My son Deshawn is 13 and hasn't come home", 13),
     ("my daughter, Amy, is 14", 14), ("my sons 17 n says he owes some boys", 17),
     ("my son is worried, he was 5 minutes late", None)],
)
def test_age_from_text(text, age):
    assert age_from_text(text) == age


@pytest.mark.parametrize(
    ("text", "gender"),
    [("a 14-year-old girl being groomed", "female"), ("my son is in a gang", "male"),
     ("a pupil who wants to leave", None), ("my son and my daughter", None)],
)
def test_gender_from_text(text, gender):
    assert gender_from_text(text) == gender


def test_details_from_an_adults_question():
    details = details_from_text("is there anything for a 14-year-old girl being groomed in Medway?",
                                "ask_where_to_refer")
    assert (details.age, details.gender, details.needs) == (14, "female", ("sexual_exploitation",))
