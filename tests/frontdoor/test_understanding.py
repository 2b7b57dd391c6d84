"""Reading people's messages, the record of a conversation, and the choice of journey (frontdoor/understanding.py)."""

from __future__ import annotations

import pytest

from frontdoor.extraction import Analyser
from frontdoor.languages import default_screen
from frontdoor.model import ReporterRole
from frontdoor.understanding import (
    AnswerKind,
    Journey,
    Message,
    MessageKind,
    Reader,
    Said,
    Writer,
    choose_journey,
    is_gibberish,
    read_conversation,
    screen_answer,
)


@pytest.fixture(scope="module")
def reader(analyser: Analyser) -> Reader:
    return Reader(analyser, default_screen(tuple(sorted(analyser.vocabulary))))


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


# --- which journey ---------------------------------------------------------------------------
def message(reader: Reader, text: str, intent: str | None = None, confidence: float = 0.9,
            channel: str = "web", **entities: str) -> Message:
    danger = confidence if intent == "immediate_danger" else 0.0
    return Message(reader.read(text), intent, confidence, entities, channel, danger)


JOURNEYS = {
    # A confident intent that the words agree with.
    "concern": ("I need to make a referral about a pupil", "report_concern", 0.95, Journey.CONCERN, False),
    "tip": ("kids dealing from a car by the station every night", "report_tip", 0.9, Journey.TIP, False),
    "support": ("i want out", "young_person_help", 0.9, Journey.SUPPORT, False),
    "faq": ("what is cuckooing", "ask_what_is_cuckooing", 0.95, Journey.ANSWER, False),
    "greeting": ("hello", "greet", 0.99, Journey.ANSWER, False),
    "handover": ("my client is moving from Hackney to Bexley next week", "start_handover", 0.9,
                 Journey.HANDOVER, False),
    # The words say someone else is writing than the intent is for.
    "young-person-not-a-professional": ("my olders make me run food to kent n i cant say no", "report_concern",
                                        0.8, Journey.SUPPORT, False),
    "young-person-not-a-tip": ("some guys said they will stab me if i dont pay", "report_tip", 0.7,
                               Journey.SUPPORT, False),
    "parent-not-a-professional": ("my daughter has a new older boyfriend who buys her everything",
                                  "report_concern", 0.9, Journey.PARENT_REPORT, False),
    "parent-asking": ("what should I look out for with my son", "parent_worried", 0.9, Journey.PARENT, False),
    "young-person-not-stopping": ("i dont want to do this anymore but im scared of what they will do", "stop",
                                  0.85, Journey.SUPPORT, False),
    # Unsure: the words decide.
    "unsure-young-person": ("these boys keep making me hold stuff for them", "nlu_fallback", 0.3,
                            Journey.SUPPORT, False),
    "unsure-parent": ("hes 14 and we live in Orpington, what do i do", "inform", 0.5, Journey.PARENT, False),
    "unsure-someone-else": ("a boy keeps getting into a car with older men and has loads of cash",
                            "nlu_fallback", 0.3, Journey.SOMEONE_ELSE, False),
    "unsure-someone-else-by-sms": ("a boy keeps getting into a car with older men and has loads of cash",
                                   "nlu_fallback", 0.3, Journey.TIP, False),
    "unsure-nothing": ("hmm ok", "nlu_fallback", 0.2, Journey.NOT_UNDERSTOOD, False),
    # Danger first, then the writer's journey.
    "danger-young-person": ("they're outside my house right now with knives, im 15", "young_person_help", 0.6,
                            Journey.SUPPORT, True),
    "danger-parent-missing": ("my son is missing right now and someone sent him a threat", "parent_worried",
                              0.8, Journey.PARENT_REPORT, True),
    "danger-resident": ("a man is being stabbed outside the shop now", "immediate_danger", 0.95,
                        Journey.TIP, True),
    "danger-only-the-nlu-sees": ("they found me im hiding in the toilets", "immediate_danger", 0.6,
                                 Journey.SUPPORT, True),
    "a-nurse-describing-an-injury-is-not-danger": ("A&E nurse here, 16 year old stabbed this morning, bleeding "
                                                   "badly", "immediate_danger", 0.7, Journey.HEALTH, False),
    "a-nurse-with-the-attackers-outside": ("A&E nurse, patient with a stab wound and the people who did it are "
                                           "outside A&E now", "hospital_referral", 0.9, Journey.HEALTH, True),
    # Not words.
    "emoji": ("😭😭😭", "greet", 0.6, Journey.COMFORT, False),
    "distress": ("please help me", "help", 0.7, Journey.COMFORT, False),
    "other-language-not-a-goodbye": ("میں بہت پریشان ہوں میرا بیٹا", "goodbye", 0.9, Journey.OTHER_LANGUAGE,
                                     False),
    "gibberish": ("sdfkjhsdkjfhskdjfh", "report_tip", 0.5, Journey.NOT_UNDERSTOOD, False),
    "low-mood-at-length": ("i dont even know why im writing this. i feel so low all the time and i just want to "
                           "disappear, i cant talk to anyone at home about how i feel", "young_person_help", 0.9,
                           Journey.COMFORT, False),
    "a-report-to-an-answer-intent": ("Teacher in Welling. Pupil, 12, came in with a cut lip and says he owes "
                                     "someone", "ask_what_happens_next", 0.8, Journey.CONCERN, False),
    "a-referral-to-a-signpost-intent": ("Probation here. 19M, Woolwich, wants to exit gang life and is being "
                                        "threatened. Looking to refer.", "ask_where_to_refer", 0.9,
                                        Journey.CONCERN, False),
    "a-question-about-services-stays-one": ("What support is there for parents in Bexley? I'm a family support "
                                            "worker.", "ask_where_to_refer", 0.9, Journey.SIGNPOST, False),
    "a-new-home-in-another-area-is-a-handover": ("YOT worker. 15yo now living with his nan in Dartford, was in "
                                                 "Lewisham, known to older boys there", "report_concern", 0.9,
                                                 Journey.HANDOVER, False),
    "county-lines-trips-are-not-a-move": ("Teacher. Year 10 boy keeps going from Lewisham to Margate with older "
                                          "lads and comes back with cash", "report_concern", 0.9, Journey.CONCERN,
                                          False),
    "bailed-home-is-not-a-move": ("Police. Boy stopped in Sheerness with a knife and bailed to his home address in "
                                  "Gillingham", "report_concern", 0.9, Journey.CONCERN, False),
    "a-placement-move-is-a-handover": ("Looked after child, 16, is being placed in semi-independent "
                                       "accommodation in Gravesend from Monday, known gang associate",
                                       "start_handover", 0.9, Journey.HANDOVER, False),
    "emergency-numbers-is-a-question": ("which number do I ring in an emergency?", "ask_emergency_numbers", 0.95,
                                        Journey.ANSWER, False),
    "unsure-question-is-answered": ("how long do you keep what I tell you?", "ask_privacy", 0.45, Journey.ANSWER,
                                    False),
    "a-young-person-asking-who-can-help": ("is there anyone i can talk to thats not police, im 16 and they make "
                                           "me sell", "ask_where_to_refer", 0.8, Journey.SUPPORT, False),
    "a-young-person-telling-is-not-comfort": ("they use me to move stuff and im too scared to say no, help",
                                              "young_person_help", 1.0, Journey.SUPPORT, False),
    "health-staff-not-a-signpost": ("GP here. A 15 year old patient attended with a healing slash to his arm "
                                    "from a fight with 'the other lot'", "ask_where_to_refer", 0.8,
                                    Journey.HEALTH, False),
    "detail-is-not-distress-without-detail": ("need help getting out. erith. 16", "young_person_help", 0.9,
                                              Journey.SUPPORT, False),
    "a-professional-in-danger-is-not-a-parent": ("I'm a driving instructor and one of my pupils, 17, says men are "
                                                 "waiting for him at his house right now with a knife",
                                                 "parent_worried", 0.8, Journey.CONCERN, True),
    "a-move-between-two-areas-before-services": ("SPOC in Bexley. Need to transfer a young person who moved to "
                                                 "Lewisham last month, whats the route?", "nlu_fallback", 0.4,
                                                 Journey.HANDOVER, False),
    "boys-from-another-area-is-not-a-move": ("YOT worker. 15M carries a knife because boys from another area "
                                             "put money on his head", "report_concern", 1.0, Journey.CONCERN,
                                             False),
    "a-professional-asking-how-to-refer-a-child": ("School counsellor. A Year 11 boy says he is forced to sell and "
                                                   "owes 900. How do I refer?", "report_concern", 1.0,
                                                   Journey.CONCERN, False),
    "a-managed-move-is-a-handover": ("Managed move for a Year 9 pupil from a Bromley school to a Croydon academy "
                                     "because of gang conflict", "report_concern", 0.9, Journey.HANDOVER, False),
    "a-teacher-asking-who-to-tell-about-a-pupil": ("hi im a teacher. a boy in my class told me hes going to his "
                                                   "cousins in margate this weekend to work. who do i talk to?",
                                                   "report_concern", 0.9, Journey.CONCERN, False),
    "a-teacher-asking-about-services-in-general": ("I'm a teacher in Erith, who do I talk to about gang awareness "
                                                   "sessions for Year 8?", "report_concern", 0.9, Journey.SIGNPOST,
                                                   False),
    "a-resident-not-a-parent": ("I'm a pensioner living alone and a lad keeps asking to leave a bag in my shed",
                                "parent_worried", 0.9, Journey.TIP, False),
    "a-transfer-asked-about-at-length": ("I'm the SPOC in Bromley and need to transfer a 16 year old who moved "
                                         "to Greenwich with his mum last month, what is the route for that?",
                                         "ask_where_to_refer", 0.8, Journey.HANDOVER, False),
}


@pytest.mark.parametrize(("text", "intent", "confidence", "journey", "danger"), JOURNEYS.values(),
                         ids=JOURNEYS.keys())
def test_journey(reader: Reader, text: str, intent: str, confidence: float, journey: Journey,
                 danger: bool) -> None:
    channel = "sms" if journey is Journey.TIP and intent == "nlu_fallback" else "web"
    decision = choose_journey(message(reader, text, intent, confidence, channel))
    assert (decision.journey, decision.danger_advice) == (journey, danger), decision.reason


def test_buttons_are_what_they_say(reader: Reader) -> None:
    assert choose_journey(message(reader, "/report_tip", "report_tip", 1.0)).journey is Journey.TIP
    parent = message(reader, '/report_concern{"reporter_role": "parent"}', "report_concern", 1.0,
                     reporter_role="parent")
    assert choose_journey(parent).journey is Journey.PARENT_REPORT
    danger = choose_journey(message(reader, "/immediate_danger", "immediate_danger", 1.0))
    assert danger.danger_advice and danger.journey is Journey.TIP


def test_a_parent_whose_child_is_missing_now_reports_at_once(reader: Reader) -> None:
    decision = choose_journey(message(reader, "my son hasn't come home since Friday, can't find him",
                                      "parent_worried", 0.9))
    assert decision.journey is Journey.PARENT_REPORT and decision.missing_now


# --- answers to questions --------------------------------------------------------------------
SCREENED = {
    "knife-as-area": ("he's outside the school gates now with a knife", AnswerKind.PLACE, True, True, None),
    "knife-as-name": ("he's outside the school gates now with a knife", AnswerKind.NAME, True, True, None),
    "place-with-danger": ("Sidcup, and he's got a knife on him right now", AnswerKind.PLACE, True, False,
                          "Sidcup"),
    "age-with-danger": ("15 - he's being driven to Margate right now", AnswerKind.AGE, True, False, "15"),
    "exploitation-as-school": ("they make him sell drugs after school", AnswerKind.SCHOOL, False, False, None),
    "plain-name": ("Jordan Ellis", AnswerKind.NAME, False, False, None),
    "description-with-knife": ("he showed a knife to another pupil", AnswerKind.NARRATIVE, True, False, None),
    "yes-with-threat": ("yes they said they'll kill him", AnswerKind.YES_NO, False, False, None),
    "yes-with-danger-now": ("yes they're outside his house right now with a knife", AnswerKind.YES_NO, True, False,
                            None),
}


@pytest.mark.parametrize(("text", "kind", "advice", "reask", "value"), SCREENED.values(), ids=SCREENED.keys())
def test_screen_answer(reader: Reader, text: str, kind: AnswerKind, advice: bool, reask: bool,
                       value: str | None) -> None:
    screened = screen_answer(reader.read(text), kind)
    assert (screened.danger_advice, screened.reask, screened.value) == (advice, reask, value)


# --- the record of a conversation ------------------------------------------------------------
def test_the_record_fills_and_the_account_keeps_every_disclosure(reader: Reader) -> None:
    record = read_conversation(reader, [
        Said("I'm a teacher at Hillside Academy in Welling, worried about a 14 year old pupil who has two phones "
             "and new trainers"),
        Said("/report_concern"),
        Said("Sam Okoro", "reporter_name"),
        Said("he's outside the school gates now with a knife", "subject_area"),
        Said("Welling", "subject_area"),
        Said("older lads collect him after school", "concern_description"),
    ])
    assert record.role is ReporterRole.TEACHER
    assert record.organisation == "Hillside Academy"
    assert record.age == 14 and record.place == "Welling" and record.pupil_of_writer
    assert record.danger_now and "weapon" in record.indicators
    account = record.account(["concern_description"], {"subject_area": "Area"})
    assert account == [
        "I'm a teacher at Hillside Academy in Welling, worried about a 14 year old pupil who has two phones and "
        "new trainers",
        "(Said when asked about area:) he's outside the school gates now with a knife",
        "older lads collect him after school",
    ]
    assert record.disclosures(["concern_description"], {"subject_area": "Area"}) == [account[1]]


QUESTIONS_TAKEN_FOR_REPORTS = {
    # (text, top intent, ranking, journey, answer)
    "answered-from-the-ranking": ("does writing here count as telling the police?", "report_tip",
                                  (("ask_what_happens_next", 0.3),), Journey.ANSWERED, "ask_what_happens_next"),
    "unsure-answered-from-the-ranking": ("who actually reads these?", "nlu_fallback",
                                         (("ask_privacy", 0.25), ("greet", 0.2)), Journey.ANSWERED, "ask_privacy"),
    "no-question-ranked": ("does writing here count as telling the police?", "report_tip",
                           (("report_concern", 0.05),), Journey.TIP, None),
    "a-question-that-reports": ("is it normal that lads are dealing from the flat next door?", "report_tip",
                                (("ask_signs_to_look_for", 0.3),), Journey.TIP, None),
    "asking-to-report": ("can I report something that happened at the park?", "report_tip",
                         (("ask_privacy", 0.3),), Journey.TIP, None),
    "a-question-about-things-in-general": ("can girls be made to carry drugs too or is it mostly boys?",
                                           "nlu_fallback", (("ask_what_is_county_lines", 0.3),), Journey.ANSWERED,
                                           "ask_what_is_county_lines"),
    "a-question-about-someone-is-about-them": ("can my son be made to carry drugs for them?", "nlu_fallback",
                                               (("ask_what_is_county_lines", 0.3),), Journey.PARENT_REPORT, None),
    "a-young-person-telling": ("what happens if i tell u they make me sell?", "young_person_help",
                               (("ask_what_happens_next", 0.3),), Journey.SUPPORT, None),
}


@pytest.mark.parametrize(("text", "intent", "ranking", "journey", "answer"), QUESTIONS_TAKEN_FOR_REPORTS.values(),
                         ids=QUESTIONS_TAKEN_FOR_REPORTS.keys())
def test_a_plain_question_is_answered_whatever_the_nlu_guessed(reader: Reader, text: str, intent: str,
                                                                ranking: tuple[tuple[str, float], ...],
                                                                journey: Journey, answer: str | None) -> None:
    confidence = 0.4 if intent == "nlu_fallback" else 0.9
    decision = choose_journey(Message(reader.read(text), intent, confidence, {}, "sms", 0.0, ranking))
    assert (decision.journey, decision.answer) == (journey, answer), decision.reason
