"""Indicators, negation, danger now and places found by the analyser (frontdoor/extraction/)."""

from __future__ import annotations

import pytest

from frontdoor import taxonomy
from frontdoor.extraction import Analyser, normalise

# --- slang and plain words from DESIGN §4 -----------------------------------------------
FOUND = {
    "going-country": ("He's going country most weekends", "county_lines"),
    "gone-country": ("she has gone country again", "county_lines"),
    "OT-capitals": ("He went OT with the olders", "county_lines"),
    "O.T": ("been O.T for a week", "county_lines"),
    "cunch": ("they send him cunch", "county_lines"),
    "going-cunch": ("he's going cunch tomorrow", "county_lines"),
    "running-a-line": ("his cousin is running a line", "county_lines"),
    "deal-line": ("he holds the deal line phone", "county_lines"),
    "trap-house": ("there's a trap house on Mill Road", "trap_house"),
    "traphouse": ("he stays at a traphouse", "trap_house"),
    "bando": ("they use the bando", "trap_house"),
    "shotting": ("he's been shotting", "drug_running"),
    "plug": ("he works for a plug", "drug_running"),
    "selling-food": ("he's selling food round the estate", "drug_running"),
    "nank": ("he had a nank in his bag", "weapon"),
    "shank": ("he showed me a shank", "weapon"),
    "blade": ("carrying a blade", "weapon"),
    "strap": ("he's got a strap", "firearm"),
    "strapped": ("he's strapped", "firearm"),
    "zombie-knife": ("a zombie knife", "weapon"),
    "cuckooed": ("her flat got cuckooed", "cuckooing"),
    "cuckooing": ("I think it's cuckooing", "cuckooing"),
    "owes": ("he owes them", "debt_bondage"),
    "debt": ("he's in debt to them", "debt_bondage"),
    "lost-the-package": ("he lost the package and now has to work it off", "debt_bondage"),
    "stabbed": ("he was stabbed", "serious_injury"),
    "wet-up": ("they wet him up last night", "serious_injury"),
    "missing-now": ("my son is missing", "missing_now"),
    "missing-now-contraction": ("he's missing.", "missing_now"),
    "still-missing-since": ("she is still missing since Friday", "missing_now"),
    "hasnt-come-home": ("he hasn't come home", "missing_now"),
    "keeps-going-missing": ("he keeps going missing", "missing_episodes"),
    "missing-from-home": ("he is missing from home", "missing_now"),
    "groomed": ("he is being groomed", "recruitment"),
    "pimped": ("she is being pimped out", "sexual_exploitation"),
    "drill-videos": ("he's in drill videos", "gang_content_online"),
    "older-boys": ("hanging around with older boys", "older_associates"),
    "burner": ("he has a burner phone", "multiple_phones"),
    "wants-out": ("I want out", "wants_exit"),
    # One slip in a long word: a letter left out, or two letters swapped.
    "typo-stabed": ("my mate got stabed", "serious_injury"),
    "typo-cukooed": ("his flat was cukooed", "cuckooing"),
    "typo-threatend": ("he was threatend", "threats"),
    "typo-traficked": ("she is being traficked", "trafficked_now"),
    "typo-stabbde": ("he got stabbde", "serious_injury"),
    "typo-shoting": ("he is shoting", "drug_running"),
    "capitals-and-curly-quotes": ("He’s GOING COUNTRY", "county_lines"),
}


@pytest.mark.parametrize(("text", "code"), FOUND.values(), ids=FOUND.keys())
def test_finds_indicator(analyser: Analyser, text: str, code: str) -> None:
    assert code in analyser.indicators(text)


# --- negation ----------------------------------------------------------------------------
NEGATED = {
    "no-weapon-was-seen": ("No weapon was seen", "weapon"),
    "there-was-no-knife": ("there was no knife", "weapon"),
    "doesnt-carry-a-knife": ("he doesn't carry a knife", "weapon"),
    "curly-apostrophe": ("he doesn’t carry a knife", "weapon"),
    "isnt-missing": ("he isn't missing", "missing_now"),
    "is-not-missing": ("he is not missing, he is at his nan's", "missing_now"),
    "never-threatened": ("he was never threatened", "threats"),
    "not-in-a-gang": ("he's not in a gang", "gang_association"),
    "without-a-blade": ("he left without a blade", "weapon"),
    "no-apostrophe": ("he doesnt carry a knife", "weapon"),
    "wont-without-apostrophe": ("he wont carry a knife again", "weapon"),
    "a-list-joined-by-or": ("I'm not worried about weapons or gangs with him", "gang_association"),
    "false-friend-marked-absent": ("he was marked absent twice", "threat_to_life"),
    "false-friend-stock-phrase": ("he is at risk of serious harm", "threat_to_life"),
    "false-friend-nerf-gun": ("he brought a nerf gun to the party", "firearm"),
    "false-friend-killing-it": ("he is killing it in PE", "threat_to_life"),
    "false-friend-water-pistol": ("a kid got soaked with a water pistol", "firearm"),
    "false-friend-calling-shotgun": ("the lads were calling shotgun for the front seat", "firearm"),
}


#: Negations that do not govern the indicator after them.
NOT_GOVERNED = {
    "two-negations": ("He won't go anywhere without a blade now", "weapon"),
    "never-without": ("never seen without his shank", "weapon"),
    "negated-feeling": ("he's not scared to use his knife", "weapon"),
    "didnt-hesitate": ("he didn't hesitate to pull a knife", "weapon"),
    "cant-stop": ("he can't stop carrying a blade", "weapon"),
}


@pytest.mark.parametrize(("text", "code"), NOT_GOVERNED.values(), ids=NOT_GOVERNED.keys())
def test_a_negation_that_does_not_govern_the_indicator_leaves_it(analyser: Analyser, text: str, code: str) -> None:
    assert code in analyser.indicators(text)


@pytest.mark.parametrize(("text", "code"), NEGATED.values(), ids=NEGATED.keys())
def test_negation(analyser: Analyser, text: str, code: str) -> None:
    analysis = analyser.analyse(text)
    assert code not in analysis.indicators
    # Where the phrase itself matched, the match is kept and marked negated.
    for match in analysis.matches:
        if match.code == code:
            assert match.negated


NEGATION_ENDS = {
    "full-stop": ("Nobody told us. He had a knife.", "weapon"),
    "but": ("He has no phone but he carries a knife", "weapon"),
    "beyond-the-window": ("no idea why but later that day he showed a knife", "weapon"),
    "far-away": ("No, I think he has always had a knife", "weapon"),
}


@pytest.mark.parametrize(("text", "code"), NEGATION_ENDS.values(), ids=NEGATION_ENDS.keys())
def test_negation_does_not_reach_past_a_clause(analyser: Analyser, text: str, code: str) -> None:
    assert code in analyser.indicators(text)


# --- danger now ------------------------------------------------------------------------------
DANGER = {
    "knife-outside-now": ("They're outside his house with a knife right now", True),
    "in-danger": ("I think he is in danger", True),
    "being-attacked": ("he is being attacked", True),
    "is-bleeding": ("my friend is bleeding", True),
    "theyre-coming": ("they're coming for him", True),
    "threats-tonight": ("they threatened to get him tonight", True),
    "stab-me-tonight": ("they said theyll stab me tonight", True),
    "shank-him-now": ("man said he's gonna shank him rn", True),
    "stab-me-no-time": ("they said they'll stab me if i stop", False),
    "missing-right-now": ("he hasn't come home and it's 2am right now", True),
    "knife-last-year": ("he carried a knife last year", False),
    "outside-alone": ("he waits outside the shop", False),
    "today-alone": ("I saw him at school today", False),
    "not-in-danger": ("he is not in danger", False),
    "parked-outside": ("the car was parked outside", False),
    "early-signs-today": ("he had new trainers today", False),
}


@pytest.mark.parametrize(("text", "expected"), DANGER.values(), ids=DANGER.keys())
def test_danger_now(analyser: Analyser, text: str, expected: bool) -> None:
    assert analyser.danger_now(text) is expected


# --- places ------------------------------------------------------------------------------------
PLACES = {
    "penge": ("he hangs about in Penge", [("Penge", "bromley")]),
    "margate": ("sent to Margate", [("Margate", "thanet")]),
    "erith": ("outside Erith station", [("Erith", "bexley")]),
    "lower-case": ("down in erith", [("erith", "bexley")]),
    "in-Deal": ("they took him to a flat in Deal", [("Deal", "dover")]),
    "drug-deal": ("there was a drug deal by the shops", []),
    "DEAL-shouted": ("BIG DEAL", []),
    "welling-place": ("a flat in Welling", [("Welling", "bexley")]),
    "welling-word": ("his eyes were welling up", []),
    "stone-word": ("someone threw a stone", []),
    "Stone-place": ("near the station at Stone", [("Stone", "dartford")]),
    "multi-word": ("at Stoke Newington", [("Stoke Newington", "hackney")]),
    "longest-wins": ("near St Paul's Cray", [("St Paul's Cray", "bromley")]),
    "postcode": ("the DA8 area", [("DA8", "bexley")]),
    "hyphenated": ("in Westgate-on-Sea", [("Westgate-on-Sea", "thanet")]),
    "in-order": ("from Hackney to Margate via Chatham",
                 [("Hackney", "hackney"), ("Margate", "thanet"), ("Chatham", "medway")]),
    "nothing": ("somewhere in Manchester", []),
}


@pytest.mark.parametrize(("text", "expected"), PLACES.values(), ids=PLACES.keys())
def test_places(analyser: Analyser, text: str, expected: list[tuple[str, str]]) -> None:
    assert analyser.places(text) == expected


# --- ordinary words that must not fire ----------------------------------------------------------
QUIET = {
    "fire-drill": "We had a fire drill this morning",
    "dealing-with-behaviour": "I am dealing with his behaviour in class",
    "high-school": "He goes to the high school",
    "drug-deal-word": "it is no big deal",
    "thanks": "Thanks for your help",
    "glasses": "He wears glasses",
    "limping": "he was limping after football",
    "parked": "the car was parked by the market",
    "naked-eye": "you could see it with the naked eye",
    "treat": "he gave the dog a treat",
    "tapping": "he kept tapping his foot",
    "shorter": "he is shorter than his brother",
    "see-attached": "please see attached",
    "rapper": "he wants to be a rapper",
    "trapped-feeling": "he feels trapped at home",
    "line-manager": "I told my line manager",
    "online": "he is online a lot",
    "missing-his-dad": "he is missing his dad",
    "plain": "He is a lovely boy who is doing well",
    # everyday senses of words that are slang elsewhere
    "grade-nine": "He got a 9 in maths and a nine in English",
    "bored-in-the-lesson": "he got bored in the lesson",
    "in-the-country": "the best school in the country",
    "bags-on-the-bus": "she put her bags on the bus",
    "took-over-assembly": "they took over the class assembly",
    "window": "the sun came through our window",
    "we-are-here": "we are here now if you need us",
    "bag-strap": "his bag strap broke",
    "dipped-in-and-out": "he dipped in and out of lessons",
    "tackle": "she was brought down by a tackle",
    "piece-of-cake": "he got a piece of cake",
    "working-for-uncle": "my son is working in Norwich this summer at his uncles",
    "hotel-with-mum": "she went to a hotel with her mum",
    "club": "the youth club is still going on",
    "voucher": "Congratulations! You have won a £500 Amazon voucher",
    "mum-would-kill-him": "his mum would kill him if he was late home",
    "kitchen-knife-cooking": "small cut from a kitchen knife while helping cook at home",
    "asked-about": "what does county lines mean? we had an assembly about it",
    "stabbing-pains": "he has stabbing pains in his chest",
    "explained-away": "Reports of gunshots last night were fireworks",
    "turned-out": "the knife another student reported turned out to be a vape",
    "replica": "he bought a toy that looks exactly like a real pistol",
    "training-topic": "Can you send training materials on spotting CCE and CSE for our staff?",
    "exasperation": "im gonna kill my son he left the back door open again lol",
}


@pytest.mark.parametrize("text", QUIET.values(), ids=QUIET.keys())
def test_no_false_positives(analyser: Analyser, text: str) -> None:
    analysis = analyser.analyse(text)
    assert analysis.indicators == ()
    assert analysis.danger_now is False


def test_missing_school_is_attendance_not_missing_now(analyser: Analyser) -> None:
    assert analyser.indicators("He is missing school") == ("falling_attendance",)
    assert analyser.indicators("he's been missing lessons") == ("falling_attendance",)


@pytest.mark.parametrize("text", [
    "my son is missing",
    "He’s going country with a nank — right now!",
    "they said theyd hurt him\n\n",
    "no weapon was seen",
])
def test_matches_point_into_the_normalised_text(analyser: Analyser, text: str) -> None:
    analysis = analyser.analyse(text)
    cleaned = normalise(text)
    assert analysis.matches
    for match in analysis.matches:
        assert cleaned[match.start_char:match.end_char] == match.text
        assert match.text == match.text.strip()
    assert [m.start_char for m in analysis.matches] == sorted(m.start_char for m in analysis.matches)


def test_indicators_come_in_taxonomy_order(analyser: Analyser) -> None:
    found = analyser.indicators("he went country, owes them money and carries a blade")
    assert found == taxonomy.validate_codes(list(found))
    assert set(found) == {"weapon", "county_lines", "debt_bondage"}
