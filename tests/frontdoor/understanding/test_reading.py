"""Reading one message: what kind it is and who is writing (frontdoor/understanding/reader.py)."""

from __future__ import annotations

import pytest

from frontdoor.model import ReporterRole
from frontdoor.understanding import (
    MessageKind,
    Reader,
    Writer,
    is_gibberish,
)

# --- what kind of message --------------------------------------------------------------------
KINDS = {
    "button": ("/report_concern", MessageKind.PAYLOAD),
    "emoji-only": ("😢😢", MessageKind.EMOJI),
    "emoji-and-spaces": ("🙏 💔", MessageKind.EMOJI),
    "keyboard-mash": ("jkdfhgkjdfhgkjdhfg", MessageKind.GIBBERISH),
    "digits-only": ("0000000", MessageKind.GIBBERISH),
    "punctuation-only": ("?!?!", MessageKind.GIBBERISH),
    "bare-link": ("https://example.com/win-a-prize", MessageKind.LINK),
    "long-word-and-link": ("qwzxkjqwzxkjqwzxkjqwzxkjqwzx http://example.org/x", MessageKind.LINK),
    "polish": ("Moja córka nie wróciła wczoraj do domu", MessageKind.OTHER_LANGUAGE),
    "arabic-script": ("ابني لم يعد إلى المنزل", MessageKind.OTHER_LANGUAGE),
    "bengali-script": ("আমার ছেলে বাড়ি ফেরেনি", MessageKind.OTHER_LANGUAGE),
    "spanish": ("mi hijo tiene miedo de unos chicos mayores", MessageKind.OTHER_LANGUAGE),
    "slang-is-english": ("wagwan fam man dem keep tryna link me", MessageKind.TEXT),
    "text-speak-is-english": ("pls can u help me idk wat 2 do", MessageKind.TEXT),
    "one-word-is-english": ("nah", MessageKind.TEXT),
    "place-name-is-english": ("Sidcup", MessageKind.TEXT),
    "no-punctuation-english": ("they took my phone and said i owe them now", MessageKind.TEXT),
}


@pytest.mark.parametrize(("text", "kind"), KINDS.values(), ids=KINDS.keys())
def test_kind_of_message(reader: Reader, text: str, kind: MessageKind) -> None:
    assert reader.read(text).kind is kind


def test_another_language_says_which(reader: Reader) -> None:
    assert reader.read("Moja córka nie wróciła wczoraj do domu").language == "pl"
    assert reader.read("ابني لم يعد إلى المنزل").language == "ar"


@pytest.mark.parametrize("word", ["pls", "rn", "idk", "tbh", "gbh", "nhs"])
def test_short_words_without_vowels_are_words(word: str) -> None:
    assert not is_gibberish(f"{word} {word}")


# --- who is writing --------------------------------------------------------------------------
WRITERS = {
    "teacher-role": ("I'm a teacher at Hillside Academy and one of my Year 8s worries me", Writer.PROFESSIONAL),
    "role-here": ("social worker here, need advice about a 15 year old on my caseload", Writer.PROFESSIONAL),
    "a-pupil": ("one of our pupils has been turning up with cash", Writer.PROFESSIONAL),
    "parent-my-son": ("my son has started staying out till 3am", Writer.PARENT),
    "parent-im-his-mum": ("I'm his mum and I'm at my wits end", Writer.PARENT),
    "parent-he-didnt-come-home": ("he didn't come home again and we live in Welling", Writer.PARENT),
    "young-self-age": ("im 15 and i dont know who to tell", Writer.YOUNG_PERSON),
    "young-made-to": ("they made me take a bag to someone in Chatham", Writer.YOUNG_PERSON),
    "young-owe": ("i got robbed and now i owe them 300", Writer.YOUNG_PERSON),
    "young-threat": ("some guys said they will stab me", Writer.YOUNG_PERSON),
    "friend": ("my mate is being made to sell for some olders", Writer.FRIEND),
    "resident": ("there's lads dealing outside the chippy every night", Writer.RESIDENT),
    "health": ("A&E here, we have a patient with a stab wound to the thigh", Writer.HEALTH),
    "nobody-in-particular": ("what is county lines", Writer.UNKNOWN),
    "another-professional": ("I'm a librarian in Dalston and a lad of 13 comes in every day to wait for calls",
                             Writer.PROFESSIONAL),
    "a-shopkeeper-is-not-staff": ("I run the chip shop on the high street and there's a boy who comes in with cash",
                                  Writer.RESIDENT),
    "a-dentist": ("Dentist here. Patient aged 16 with two teeth knocked out, says he fell", Writer.HEALTH),
    "calling-an-ambulance-is-not-health-staff": ("my mate is bleeding and wont let me call an ambulance",
                                                 Writer.FRIEND),
    "a-neighbours-mum-is-not-a-parent": ("there's a young single mum next door with men in her flat all week",
                                         Writer.RESIDENT),
    "my-sons-school": ("a boy from my sons school is selling weed in the toilets", Writer.UNKNOWN),
    "my-sons-school-bag-is-his-own": ("i found a second phone in my sons school bag", Writer.PARENT),
    "a-child-in-passing-is-not-the-subject": ("there's lads selling on the corner and my kids walk past them "
                                              "every morning", Writer.RESIDENT),
    "my-sons-rugby-club": ("at my son's rugby club there's a man handing out vapes to the boys", Writer.RESIDENT),
    "not-my-son": ("some boys were beating a kid by the shops, it wasn't my son but there's video of it",
                   Writer.RESIDENT),
    "sms-shorthand-for-my-son": ("son 14 not home since last night phone off", Writer.PARENT),
    "kin-in-my-care": ("I've been raising my grandson since he was 3 and now he's 15 and out all night",
                       Writer.PARENT),
    "guardianship": ("I have special guardianship of my niece and she's been going missing", Writer.PARENT),
    "a-pensioner-is-a-resident": ("I'm a pensioner and I'm frightened of the lads who keep knocking",
                                  Writer.RESIDENT),
    "a-cab-driver-is-a-resident": ("I'm a taxi driver and I keep taking kids from the station to the same flat",
                                   Writer.RESIDENT),
    "working-for-a-contractor-is-not-safeguarding-work": ("I work for a cleaning company and there's a flat on "
                                                          "my block with kids coming and going", Writer.RESIDENT),
    "working-for-the-council": ("I work for the council's early help team and a boy I see has new phones",
                                Writer.PROFESSIONAL),
    "a-social-work-student": ("I'm a social work student on placement and a boy told me he does runs",
                              Writer.PROFESSIONAL),
    "made-me-promise-is-not-coercion": ("I help at the church hall and a lady made me promise not to tell that "
                                        "there's boys using her flat", Writer.RESIDENT),
    "comes-in-at-3am": ("He won't tell me where he goes. Comes in at 3am with cash.", Writer.PARENT),
    "not-home-again": ("shes not home again and her phone is off", Writer.PARENT),
    "sms-shorthand-after-a-plea": ("need help. daughter 15 being messaged by older men", Writer.PARENT),
    "a-mum-of-a-baby-told-a-worker": ("I'm a family support worker and a mum of a 2-year-old told me her "
                                      "brother uses her flat", Writer.PROFESSIONAL),
    "casework-words": ("Refer please: 15F, Lewisham, NRM submitted, open to CSC", Writer.PROFESSIONAL),
    "a-young-person-with-a-social-worker": ("my social worker did an NRM but they still ring me every day",
                                            Writer.YOUNG_PERSON),
    "own-a-shop": ("I own a cafe on the parade and boys keep swapping packages in the back yard",
                   Writer.RESIDENT),
    "a-neighbours-son": ("my neighbours son keeps getting picked up by older lads at night", Writer.RESIDENT),
    "a-daughter-who-heard": ("kids selling by the station, my daughter says her friend was asked to join",
                             Writer.RESIDENT),
    "been-made-to-hold": ("ive been made to hold a bag for someone and now some is missing", Writer.YOUNG_PERSON),
    "they-want-me-to-ride-out": ("they want me to ride out for them and i dont want to", Writer.YOUNG_PERSON),
    "only-a-teaching-assistant": ("I'm only a teaching assistant but a boy of 11 says he gets paid to look out",
                                  Writer.PROFESSIONAL),
    "hiding-it-from-mum": ("pls dont tell my mum but i been going missing to run for ppl", Writer.YOUNG_PERSON),
    "a-bank-account-used": ("they took my card and use my account to move money", Writer.YOUNG_PERSON),
    "a-radiographer": ("Radiographer here, x-rayed a 15 year old with a fracture and old injuries", Writer.HEALTH),
    "a-child-who-showed-me": ("lads with knives in a video filmed by the skate park, my son showed me",
                              Writer.UNKNOWN),
    "a-boy-in-my-daughters-year": ("theres a boy in my daughters year who brings a knife in, hes 14",
                                   Writer.RESIDENT),
    "a-retired-teacher": ("I'm a retired teacher and there are boys meeting a car at the bottom of our road",
                          Writer.RESIDENT),
    "a-landlords-tenants": ("I'm a landlord and one of my tenants has young men in and out all night",
                            Writer.RESIDENT),
    "a-brother-in-law-is-not-a-friend": ("older men give boys stuff at the barbers, my brother-in-law says it's "
                                         "known", Writer.UNKNOWN),
    "students-are-not-children": ("I'm a tutor at a college and my 17 year old students say one of them owes "
                                  "money", Writer.PROFESSIONAL),
    "a-role-signing-off": ("suspected cuckooing of a council tenant in Sheerness. housing officer.",
                           Writer.PROFESSIONAL),
    "not-a-role-at-the-end": ("kids dealing by the church every afternoon. every afternoon after school",
                              Writer.RESIDENT),
    "a-professionals-our-lad": ("YOS worker. Our lad, 16, has started carrying again", Writer.PROFESSIONAL),
    "our-childrens-home-is-not-a-child": ("I manage a team at our children's home and a girl of 14 goes missing",
                                          Writer.PROFESSIONAL),
    "no-injuries-is-not-an-injury": ("Paediatrician. A 10 year old says his brother keeps a shank under the bed. "
                                     "No injuries.", Writer.PROFESSIONAL),
    "a-leisure-centre": ("I work at a leisure centre and one of the regulars says he works for the olders",
                         Writer.PROFESSIONAL),
}


@pytest.mark.parametrize(("text", "writer"), WRITERS.values(), ids=WRITERS.keys())
def test_who_is_writing(reader: Reader, text: str, writer: Writer) -> None:
    assert reader.read(text).writer is writer


def test_a_resident_who_is_scared_is_not_taken_for_a_young_person(reader: Reader) -> None:
    reading = reader.read("i'm scared to walk past the dealers on our estate")
    assert reading.writer is Writer.RESIDENT


def test_the_facts_of_a_professional_opening(reader: Reader) -> None:
    reading = reader.read("I'm a youth worker at Riverside Youth Club in Dartford. A 13-year-old girl called "
                          "Mia Brown has a much older boyfriend who collects her in different cars.")
    assert reading.role is ReporterRole.YOUTH_WORKER
    assert reading.age == 13
    assert reading.places[0][0] == "Dartford"
    assert reading.subject_name == "Mia Brown"
    assert "older_associates" in reading.indicators


#: A professional telling of a move between areas: the move is not trafficking, unless exploitation is in its sentence.
PROFESSIONAL_MOVES = {
    "notification": ("Hi, I'm a YOT worker and I need to notify you of a young person being moved from Hackney "
                     "to Bexley today", False),
    "handover-words": ("Social worker here with a handover: she is being moved to Kent tonight", False),
    "with-exploitation": ("I'm a social worker in Hackney, my client is being moved between trap houses in Kent "
                          "right now", True),
    "a-parent-is-not-arranging-it": ("my son is being moved from Bexley to Margate right now", True),
}


@pytest.mark.parametrize(("text", "trafficking"), PROFESSIONAL_MOVES.values(), ids=PROFESSIONAL_MOVES.keys())
def test_a_professional_telling_of_a_move(reader: Reader, text: str, trafficking: bool) -> None:
    reading = reader.read(text)
    assert ("trafficked_now" in reading.indicators) is trafficking
    assert reading.danger_now is trafficking


#: A role said after the writer's own name; a feeling before a comma is no name.
ROLES_AFTER_A_NAME = {
    "name-comma-role": ("I'm Mr Femi Adeyemi, Head of Year 11 at Addington Heights Academy", ReporterRole.TEACHER),
    "name-here-role": ("Hi there, Nadine Forbes here, senior youth worker at Bruce Grove Youth Collective",
                       ReporterRole.YOUTH_WORKER),
    "a-feeling-is-no-name": ("I'm so worried, my son keeps going missing", None),
}


@pytest.mark.parametrize(("text", "role"), ROLES_AFTER_A_NAME.values(), ids=ROLES_AFTER_A_NAME.keys())
def test_a_role_after_the_writers_name(reader: Reader, text: str, role: ReporterRole | None) -> None:
    assert reader.read(text).role is role
