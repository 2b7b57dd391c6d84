"""Which journey a message starts (frontdoor/understanding/choosing.py)."""

from __future__ import annotations

import pytest

from frontdoor.understanding import (
    Journey,
    Message,
    Reader,
    choose_journey,
)


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
