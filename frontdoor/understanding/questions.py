"""Questions and distress: what a message asks, whether about someone in particular, and pleas."""

from __future__ import annotations

import re

from frontdoor.understanding.reading import Reading, Writer, plain_text
from frontdoor.understanding.writer_words import FIRST_PERSON, THIRD_PERSON

#: A particular young person a professional knows: "a boy in my class", "the lad I work with", "one of ours".
_PARTICULAR = re.compile(
    r"\b(?:a|the|one) (?:boy|girl|lad|pupil|student|young person|child|kid|client|young man|young woman)"
    r"(?: \w+){0,2} (?:in my|in our|i work|i'?m working|i support|i see|i mentor|on my|we support|we look after)\b"
    r"|\bone of (?:my|our) (?:\w+ )?(?:pupils|students|boys|girls|lads|young people|clients|kids|learners)\b"
    r"|\b(?:my|our) (?:client|young person|mentee|service user)\b"
    r"|\ban? (?:year|yr) ?\d{1,2} (?:boy|girl|pupil|student|lad)\b"
    # someone's own age: "16, Dartford", "a boy (14)", "aged 15", "he's 13", "15yo", "16M"
    r"|(?:^|[,(:]\s?)\d{1,2}(?:\s?[mf])?\s?[,)]|\baged? \d{1,2}\b|\b(?:he|she)'?s \d{1,2}\b|\bis \d{1,2}\b"
    r"|\b\d{1,2} ?(?:yo|y/o|yrs? old|years? old|year-old)\b|\b\d{1,2}[mf]\b")
#: Someone of the writer's own ("my son", "our neighbour", "my mate"): a question about them is about someone.
_OWN_PEOPLE = re.compile(r"\b(?:my|our) (?:\w+ )?(?:son|daughter|child|kids?|children|boy|girl|friend|mate|"
                         r"neighbou?r|brother|sister|cousin|pupil|student|client|patient|nephew|niece|grandson|"
                         r"granddaughter)s?\b")
#: A plea that is the whole message ("help", "pls", "what do i do"); longer distress is in the
#: lexicon's ``distress`` phrases.
_PLEA = re.compile(r"^\W*(?:help|help pls|help please|pls|plz|please|sos|i can'?t|what do i do|"
                   r"(?:i'?m |im |i am )?(?:so |really |proper )?(?:scared|frightened)|"
                   r"are you there|is anyone there)\W*$")
#: A question about which services exist or where to refer (an adult looking for services).
ASKS_FOR_SERVICES = re.compile(
    r"\b(?:is there|are there|is there any(?:one|thing)?|do you know (?:of )?any|what (?:support|services?|help|"
    r"provision|programmes?|mentoring|options)|which (?:services?|organisations?|charities)|who (?:do|should|can) "
    r"(?:i|we) (?:contact|refer|speak|talk|ring|call|go)|who handles|where (?:do|can|should) (?:i|we) "
    r"(?:refer|signpost|send)|"
    r"how (?:do|can|would|should) (?:i|we|schools|professionals) refer|how (?:do|can|would|should) (?:i|we) "
    r"(?:make|do|submit|send) a referral|who(?:'s| is) the (?:\w+ ){0,3}spoc|(?:what'?s|what is) the (?:pathway|"
    r"referral (?:route|pathway|process)|process|route)|referral route|any (?:services|support|mentoring|"
    r"programmes?|youth (?:clubs?|services?)))\b")
_WH_QUESTION = re.compile(r"^\W*(?:what|how|where|who|when|why|which)\b")
QUESTION = re.compile(r"^\W*(?:(?:what|how|where|who|when|why|which)(?:'?s)?|can|could|do|does|is|are|will|would|should|am)\b")
#: A distress phrase makes a message of at most this many words distress without detail.
DISTRESS_WORDS = 12
#: A longer message of distress that speaks only of the writer's feelings, up to this many words.
DISTRESS_STORY_WORDS = 70
_OTHERS = re.compile(r"\b(?:they|them|their|theyre|they're|someone|somebody|man|men|boys|lads|gang|olders)\b")


def about_someone(reading: Reading) -> bool:
    """True when a message tells of a particular person at risk (harm said, and their age or name)."""
    return reading.discloses and (reading.age is not None or reading.subject_name is not None)


def generic_question(reading: Reading) -> bool:
    """True for a question about things in general: nobody in particular, and no one's own.

    "Can girls be involved in county lines too?" or "what's the difference between
    a gang nominal and an associate?" name harm but tell of nobody; "he owes them,
    what happens now?" does.
    """
    plain = plain_text(reading.text)
    return (_WH_QUESTION.match(plain) is not None or QUESTION.match(plain) is not None) and not (
        THIRD_PERSON.search(plain) or _OWN_PEOPLE.search(plain) or reading.writer is not Writer.UNKNOWN
        or reading.danger_now)


def particular(reading: Reading) -> bool:
    """True when a message describes a particular person (an age, a name, "a boy in my class")."""
    return reading.subject_name is not None or bool(_PARTICULAR.search(plain_text(reading.text)))


def questioning(reading: Reading) -> bool:
    """True when a message asks something anywhere in it, not only at its end."""
    return reading.asks_question or "?" in reading.text or bool(QUESTION.match(plain_text(reading.text)))


def last_sentence(plain: str) -> str:
    """Return the last sentence of ``plain``."""
    parts = [p for p in re.split(r"[.!?]\s+", plain.strip()) if p.strip()]
    return parts[-1] if parts else plain


def distressed(plain: str, phrase: bool) -> bool:
    """True for a plea, or a message of distress that is not a question.

    Short, or longer but only about the writer's own feelings: in the first
    person, and speaking of nobody else (no he, she or they).
    """
    if _PLEA.search(plain):
        return True
    if not phrase or _WH_QUESTION.match(plain) or plain.rstrip().endswith("?"):
        return False
    words = len(plain.split())
    if words <= DISTRESS_WORDS:
        return True
    return (words <= DISTRESS_STORY_WORDS and bool(FIRST_PERSON.search(plain))
            and not THIRD_PERSON.search(plain) and not _OTHERS.search(plain))
