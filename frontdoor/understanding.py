"""Understanding people in their own words: every message read, a record of what was said, the journey.

Three pure pieces, used by the chat and SMS shells through the action server:

- :class:`Reader` reads one message into a :class:`Reading`: what kind of
  message it is (words, a button, emoji only, gibberish, a bare link, another
  language), the indicators and danger the core's analyser finds, the places,
  an age, a role the writer claims, schools and names said plainly, a time,
  and who seems to be writing (a young person about themselves or a friend, a
  parent, a professional, health staff, a resident).
- :class:`Record` is what a person has said so far in a conversation: the
  readings of their messages in order, each with the question it answered.
  Forms fill their questions from it, and its :meth:`Record.account` is what
  the SPOC reads as the report: the opening and every later disclosure, in order.
- :func:`choose_journey` decides which journey a message starts, from the
  intent the NLU found (and how sure it was) and the reading; when the NLU is
  unsure, or its intent contradicts what the words plainly say, the reading
  decides. The rules are a table (:data:`JOURNEY_RULES`), tested as one.

:func:`screen_answer` says what to do with an answer to a question that is not
that kind of thing, or that carries danger ("he's outside the school gates now
with a knife" typed as the area): keep it as a disclosure, give the 999 advice
when it carries risk, and ask the question again unless a clean value (a known
place, an age) can be taken from it.

Nothing here does I/O. Build a :class:`Reader` once per process.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from frontdoor import taxonomy
from frontdoor.answers import parse_reporter_role, role_named_by
from frontdoor.extraction import Analyser, normalise
from frontdoor.hospital import imminent_threat
from frontdoor.languages import LanguageScreen
from frontdoor.model import ReporterRole
from frontdoor.support import age_from_text


class MessageKind(str, enum.Enum):
    """What sort of message this is, before what it says."""

    TEXT = "text"
    PAYLOAD = "payload"  # a button's payload, "/report_concern"
    EMOJI = "emoji"  # emoji or symbols, no words
    GIBBERISH = "gibberish"
    LINK = "link"  # links and nothing readable
    OTHER_LANGUAGE = "other_language"


class Writer(str, enum.Enum):
    """Who seems to be writing, from the words alone."""

    YOUNG_PERSON = "young_person"  # about their own situation
    FRIEND = "friend"  # a young person about a friend
    PARENT = "parent"  # a parent or carer about their own child
    PROFESSIONAL = "professional"
    HEALTH = "health"
    RESIDENT = "resident"
    UNKNOWN = "unknown"


class Journey(str, enum.Enum):
    """Where a message goes (the bot's ``journey`` slot takes these values)."""

    CONCERN = "concern"  # a professional's report (concern_form)
    TIP = "tip"  # a resident's anonymous tip (tip_form)
    SUPPORT = "support"  # a young person's support (support_form)
    PARENT = "parent"  # a parent's advice: signs, what to do, who to call
    PARENT_REPORT = "parent_report"  # a parent's report (parent_form)
    SIGNPOST = "signpost"  # an adult looking for services (signpost_form)
    HEALTH = "health"  # a hospital presentation (hospital_form)
    HANDOVER = "handover"  # a relocation handover (handover_form)
    SOMEONE_ELSE = "someone_else"  # risk to someone else, writer unclear: tip or concern?
    ANSWER = "answer"  # the intent's own answer (a question, hello, thanks, ...)
    #: A question the NLU took for something else, answered by the action (``Decision.answer``).
    ANSWERED = "answered"
    COMFORT = "comfort"  # emoji only or distress without detail: a warm, safe reply
    OTHER_LANGUAGE = "other_language"
    NOT_UNDERSTOOD = "not_understood"


#: Serious-harm indicators: said in answer to a question they get the 999 advice.
RISK = frozenset(taxonomy.in_group(frozenset(taxonomy.CODES), taxonomy.Group.SERIOUS_HARM))
#: Intents that start a journey of their own, and that journey.
INTENT_JOURNEYS: dict[str, Journey] = {
    "report_concern": Journey.CONCERN,
    "report_tip": Journey.TIP,
    "young_person_help": Journey.SUPPORT,
    "parent_worried": Journey.PARENT,
    "ask_where_to_refer": Journey.SIGNPOST,
    "hospital_referral": Journey.HEALTH,
    "start_handover": Journey.HANDOVER,
}
#: Intents answered by their own response (rules in bot/data/rules).
ANSWER_INTENTS = frozenset({
    "greet", "goodbye", "thank", "bot_challenge", "help", "out_of_scope", "stop",
    "ask_what_is_gang", "ask_what_is_gang_associate", "ask_what_is_gang_nominal", "ask_what_is_county_lines",
    "ask_what_is_cuckooing", "ask_signs_to_look_for", "ask_what_happens_next", "ask_privacy",
    "ask_emergency_numbers",
})
#: Answer intents that are small talk: a message with risk in it is never just small talk.
SMALL_TALK = frozenset({"greet", "goodbye", "thank", "bot_challenge", "help", "out_of_scope", "stop"})
#: Questions about the service and its words, each answered by the response ``utter_`` + its name
#: without ``ask_`` (``ask_privacy`` → ``utter_privacy``), or "help" (what Front Door does).
QUESTIONS = (ANSWER_INTENTS - SMALL_TALK) | {"help"}
#: A question the NLU ranked at least this high is answered when the top intent is not a question's.
QUESTION_RANKED = 0.1
#: A question longer than this many words tells more than it asks: it is not answered over the intent.
QUESTION_WORDS = 30
DANGER_INTENT = "immediate_danger"
#: The question whose answer is the emergency numbers (999 first).
EMERGENCY_NUMBERS = "ask_emergency_numbers"
#: A message outside a form this long (in words) tells what is happening even without indicators.
STORY_WORDS = 25
#: A parent's message this long that is not a question tells what is happening: a report.
PARENT_STORY_WORDS = 15
#: The NLU is trusted at this confidence or above; below it the reading decides.
CONFIDENT = 0.6
#: The NLU's danger score alone gets the 999 advice at this or above: safety first, so a
#: message the NLU thinks even half likely to be about danger now gets the advice (a
#: needless 999 line costs little; a missed one may cost a life).
DANGER_CONFIDENT = 0.5


def nlu_says_danger(score: float) -> bool:
    """Return True when the NLU's ``immediate_danger`` score calls for the 999 advice."""
    return score >= DANGER_CONFIDENT


def with_danger_score(reading: Reading, score: float) -> Reading:
    """Return ``reading`` marked as danger now when the NLU is sure enough that it is (words only)."""
    if reading.readable and not reading.danger_now and nlu_says_danger(score):
        return replace(reading, danger_now=True)
    return reading

# --- words that show who is writing (lower-cased, apostrophes plain) -------------------------------
_CHILD = (r"(?:son|daughter|child|kid|kids|children|boy|girl|lad|teenager|teen|stepson|stepdaughter|"
          r"step-son|step-daughter|grandson|granddaughter|grandchild|grandkids|eldest|youngest|oldest|"
          r"foster (?:son|daughter|child|kid)|baby)")
_PARENT = re.compile(
    r"\bmy (?:\d{1,2}[- ]?(?:year|yr)s?[- ]?old |little |teenage |youngest |eldest |oldest |only |"
    r"(?:step|foster)[- ]?)?(?:son|daughter|child|kid|kids|children|teenager|stepson|stepdaughter|"
    r"grandson|granddaughter|grandchild|grandkids|foster child|foster son|foster daughter)s?\b"
    # "my daughter's school", "my son's mates": someone else's doing, told by a parent in passing
    r"(?!'?s? (?:school(?! (?:bag|uniform|blazer|shoes|trousers|report|jumper|work))|friend|friends|mate|mates|"
    r"class|classmates?|teacher|bus|college|team|club)\b)"
    r"|\bmy (?:\d{1,2}[- ]?(?:year|yr)s?[- ]?old|little) (?:boy|girl)\b"
    r"|\bmy \d{1,2} ?(?:yo|y/o|yr old|year old|yrs old|years old)\b(?! (?:students?|pupils?|clients?|patients?|"
    r"learners?|service users?|residents?|tenants?|mentees?|players?|members?|claimants?|juniors?|boys|girls)\b)"
    rf"|\bour (?:\d{{1,2}}[- ]?(?:year|yr)s?[- ]?old )?{_CHILD}\b(?!'?s (?:home|centre|center|services?|team))"
    r"|\b(?:i'?m|i am|im) (?:his|her|their|the) (?:mum|mom|mother|mam|dad|father|parent|carer|nan|nana|nanny|"
    r"gran|grandma|grandmother|grandad|grandfather|foster carer|foster mum|foster dad|guardian|step ?dad|"
    r"step ?mum|auntie|aunt|uncle)\b"
    r"|\b(?:as a|i'?m a|i am a|im a) (?:single )?(?:parent|mum|mom|mother|dad|father|carer|foster carer|"
    r"grandparent|worried mum|worried dad|worried parent)\b"
    r"|\b(?:a|as a|worried) (?:mum|mom|mother|dad|father|parent) here\b"
    r"|\b(?:as a|worried|i'?m a|im a|i am a) (?:mum|mom|mother|dad|father|parent) of\b"
    # SMS shorthand for one's own child: "son 15 missing since yesterday", "daughter 16 keeps ..."
    r"|^\W*(?:[^.!?]{0,30}[.!?,]\s*)?(?:son|daughter|stepson|stepdaughter|grandson|granddaughter)(?: \d{1,2}\b| (?:is|has|"
    r"hasnt|hasn't|keeps|wont|won't|didnt|didn't|came|comes|got|went|was|been|not|isnt|isn't|left|says)\b)"
    # Kin in the writer's care: "I've had guardianship of my brother", "looking after my granddaughter"
    r"|\b(?:special )?guardianship\b|\b(?:looking after|caring for|raising|bringing up|bringing him up|"
    r"bringing her up) (?:my|our) (?:\w+ )?(?:grand\w+|nephews?|nieces?|brothers?|sisters?|son|daughter|"
    r"kids|children)\b")
#: A parent's own child mentioned only as a bystander to what someone else is doing: "they took
#: my son's phone", "my kids see it all", "scared to let my kids use the park", "it isn't my son".
#: With a neighbour's words about other people (:data:`_RESIDENT`), the writer is tipping, not
#: reporting their own child.
_CHILD_IN_PASSING = re.compile(
    r"\b(?:let|letting|isn'?t|is not|wasn'?t|not|in front of|around|near) my (?:\w+ )?(?:son|daughter|kids|"
    r"children|child|grandkids|boy|girl)s?\b"
    r"|\bmy (?:son|daughter|kid|child)(?:'s|s'|s) (?:football|rugby|boxing|dance|swimming|cricket|basketball|"
    r"martial arts|karate|gym|drama|music|cadets|scouts|brownies|nursery|primary|training|match|matches|coach|"
    r"club|team)\b"
    r"|\bmy (?:\w+ )?(?:son|daughter|kids|children|child|grandkids)(?:'s|s'|s)? (?:\w+ )?"
    r"(?:see|sees|saw|seen|watch|watches|walk|walks|walked|play|plays|played|use|uses|used to use|pass|passes|"
    r"go past|get the bus|catch the bus|hear|heard)\b"
    r"|\b(?:took|stole|nicked|grabbed|robbed) my (?:son|daughter|kid|child)'?s\b"
    # the child as the one who heard or saw: "my daughter says her friend was asked to join", "my son showed
    # me", "a boy in my daughter's year", "my son goes to that school"
    r"|\bmy (?:son|daughter|kids|children|child)(?: \w+)? (?:says|said|told me|tells me|heard|mentioned)(?: that)? "
    r"(?:her|his|their|a|some|one of (?:her|his|the)|it'?s a|its a|there'?s|theres|there are) "
    r"(?:\w+ )?(?:friends?|mates?|classmates?|boys|girls|kids|lads|group|gang|page|video)\b"
    r"|\bmy (?:son|daughter|kids|children|child)(?: \w+)? (?:showed|sent|forwarded) (?:me|it|us)\b"
    r"|\bmy (?:son|daughter|kid|child)(?:'s|s)? (?:year|class|form|year group)\b"
    r"|\bmy (?:son|daughter|kids|children|child) (?:goes|go|went) to (?:that|the same|this) school\b"
    r"|\bmy (?:son|daughter|kids|children|child) (?:follows|follow|watches|saw) (?:it|that|the page|them)\b"
    r"|\b(?:want|wants) my (?:son|daughter|kids|children|child) (?:named|involved|mentioned)\b")
#: Weaker signs of a parent: someone else's child spoken of as family ("he didn't come home", "we live in").
_PARENT_WEAK = re.compile(
    r"\b(?:we live|we're in|our (?:house|home|flat|family)|at home|my house|in (?:his|her) (?:room|bedroom)|"
    r"(?:come|came|coming|been) home|his (?:dad|mum|father|mother) and i|(?:his|her) (?:brother|sister)s?|"
    r"(?:ground|grounded) (?:him|her))\b")
#: A child spoken of ("my 12yr old", "the boy", "he's 15"): with home words, a parent's story.
_CHILD_SAID = re.compile(rf"\b(?:\d{{1,2}} ?(?:yr|year)s?[- ]?old|{_CHILD})\b")
#: Words that put someone else's child in the writer's home ("he didn't come home", "in his room").
_FAMILY_HOME = re.compile(r"\b(?:(?:come|came|coming|been) (?:back )?home|in (?:his|her) (?:room|bedroom)|"
                          r"(?:comes|came|coming) in at|(?:not|isn'?t|isnt|never|wasn'?t|wasnt) home\b|stays? out (?:all night|late|till|until)|"
                          r"(?:won'?t|wont|doesn'?t|doesnt|will not) tell me where (?:he|she)|"
                          r"(?:ground|grounded) (?:him|her)|his (?:dad|mum|father|mother) and i)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|he's|she's|hes|shes|him|her|his)\b")
_PROFESSIONAL = re.compile(
    r"\b(?:my|our|a|one of my|one of our|one of the) (?:pupils?|students?|clients?|service users?|tenants?|"
    r"learners?|mentees?|young people i work with|young person i work with|yp|cyp|residents|young people on "
    r"(?:my|our) route)\b|\b(?:one of )?our young (?:people|person)\b"
    r"|\bi (?:manage|run|coach at|coach) (?:a|an|the) (?:\w+ )?(?:gym|boxing club|football club|sports club|club|"
    r"academy|league)\b"
    r"|\bi (?:manage|run) (?:a|an|the) (?:\w+ )?(?:children'?s home|care home|home for|team|service|project|"
    r"youth club|hostel|unit|school|nursery|refuge|supported (?:housing|accommodation))\b"
    r"|\bon (?:my|our) caseload\b|\b(?:make|making|to make) a referral\b|\brefer (?:a|an|this|one)\b"
    # "I work at a school / for the council / with young people"; not "I work for a cleaning contractor"
    r"|\bi work (?:with (?:young|children|kids|families|vulnerable|teenagers|adolescents|care leavers|the youth)|"
    r"(?:at|for|in) (?:a |an |the |our |one of the )?(?:\w+ )?(?:\w+ )?(?:schools?|academy|college|council|nhs|"
    r"hospital|police|children|youth|social|housing|probation|yot|yos|charity|pru|nursery|care home|"
    r"children'?s home|gp|surgery|clinic|local authority|trust|project|service|services|team|unit|"
    r"hostel|refuge|library|safeguarding|early help|mash|camhs|leisure centre|sports centre|youth centre|community centre))\b|\b(?:dsl|designated safeguarding|safeguarding lead|head of year|"
    r"headteacher|head teacher|senco|pastoral lead)\b|\bin (?:my|our) (?:class|school|form|tutor group)\b"
    r"|\b(?:year|yr) ?\d{1,2} (?:boy|girl|pupil|student)s?\b|\bat our (?:school|academy|college|club|service)\b")
#: Casework words parents and neighbours rarely use (a young person may: "my social worker did an NRM").
_JARGON = re.compile(
    r"\b(?:nrm|mash|mash referral|strategy meeting|strategy discussion|cin plan|cp plan|child protection plan|ehcp|"
    r"looked after child|care plan|referral order|section 17|section 47|s47|s17|social worker allocated|"
    r"allocated social worker|open to (?:csc|social care|early help|yot|yos)|known to (?:csc|yot|yos))\b")
#: Words of health staff at work (not "call an ambulance" or "took him to hospital", which anyone writes).
_HEALTH = re.compile(
    r"\b(?:patient|patients|presented|presenting|admitted|attended (?:with|today|a&e|clinic)|ward|registrar|"
    r"major trauma|resus|trauma unit|minor injuries|urgent care|walk-in centre|fracture clinic|clinic|"
    r"paramedics?|triage nurse|a&e nurse|ed nurse|on shift|discharged|emergency department)\b"
    r"|\b(?:i work|i'?m|im|i am)\b[^.]{0,60}\bat (?:a|the|our) (?:\w+ )?hospital\b")
_INJURY = re.compile(r"\b(?:stab(?:bed|bing)?|stab wound|gunshot|shot|knife wound|laceration|slash(?:ed)?|cut|cuts|"
                     r"fracture[ds]?|broken|bruis\w*|black eye|split lip|knocked out|bite|bitten|burns?|burnt|"
                     r"bleeding|head injury|"
                     r"assault(?:ed)?|beaten|injur(?:y|ies|ed)|wound)\b")
#: An injury said not to be there: "no injuries", "not injured".
_NO_INJURY = re.compile(r"\b(?:no|not|without|never) (?:any |visible |obvious |physical )?(?:injur\w*|wounds?|"
                        r"marks|bruis\w*|cuts?)\b|\buninjured\b")
_HANDOVER = re.compile(
    r"\b(?:handover|hand over|handing over|transfer|transferr?ing|transferred|bail address|"
    r"managed move|management transfer|reciprocal (?:move|transfer)|(?:fled|fleeing|flee) to|"
    r"coming (?:to|into) (?:your|the|this) area|"
    r"relocat\w*|"
    # a placement move: "being placed with foster carers in Bromley", "placing her in Folkestone"
    r"(?:being|to be|will be|is being) placed|(?:are|we're|were|we are) placing|placing (?:him|her|them|a|the)|"
    r"(?:new|out of (?:borough|area)) placement|placement move|"
    r"moving (?:to|into|in to|from|out of|there|here|boroughs?|areas?)|"
    r"moved (?:to|into|out of)|being moved to (?:a )?(?:new|another)|rehous\w*|emergency move|"
    r"(?:offered|allocated|given) (?:\w+ ){0,4}?(?:a |an )?(?:property|flat|house|tenancy|placement) in|"
    r"(?:to|into|in) (?:a |an )?(?:new|another|different) (?:borough|area|local authority)|cross[- ]borough|"
    r"transfer(?:ring)? "
    r"(?:his|her|their|the) (?:case|supervision|tenancy))\b")
#: Where someone lives now or is about to, without saying the case is moving ("now living with his nan in
#: Dartford", "temporary accommodation in Gravesend"): a move only when the NLU or two areas say so too.
_MOVE = re.compile(
    r"\b(?:exclusion zone|safe house|mov(?:ed|ing) in with|(?:now|will be|going to be) living (?:with|in)|"
    r"released (?:from (?:custody|prison|yoi|a yoi|secure) )?(?:to|into) (?:an? |the )?(?:address|hostel|"
    r"approved premises|supported)|(?:new|temporary|emergency) (?:address|accommodation) in|"
    r"(?:has been|have|just|now|recently) placed (?:in|with)|(?:gone|going) to (?:live|stay) (?:with|in)|"
    # a new home: "will live with foster carers in Bexleyheath", "accepted a studio in Maidstone"
    r"(?:will|to) live with|now staying (?:with|w)|accepted a (?:flat|studio|tenancy|property|place|room)|"
    r"new (?:council |housing association )?(?:flat|home|house|property) in|(?<!his )(?<!her )new school in|mutual exchange|decant\w*|"
    r"emergency rehoused|(?:put|placed) (?:\w+ ){0,5}?(?:in|into) (?:a |an )?(?:hostel|hotel|b&b|"
    r"bed and breakfast|temporary accommodation|refuge|children'?s home|supported)|"
    r"(?:bailed|bail) to (?!(?:his|her|their) (?:own |usual |home |family )?(?:home|address))|(?:on|out on) licence\b[^.]{0,40}\bto|approved (?:premises|address)|residence condition|"
    r"arrived (?:at|in) (?:our|the) (?:refuge|home|placement|hostel|scheme)|arriving from|"
    r"(?:we'?re|we are) taking (?:a|an) \d|placement (?:has )?changed|(?:went|gone|going) to a new placement|"
    r"stepping down (?:from|to)|step down to|"
    # a new school: "starts at a school in Gillingham next week", "in-year admission"
    r"start(?:s|ing)? at (?:a|the) (?:new |specialist |residential )?(?:school|academy|college)|on roll at|"
    r"off roll|in-year admission|given a (?:school )?place at|fair access|"
    r"(?:had|has had|have had) to (?:get out of|leave)|got (?!out\b)(?:\w+ ){1,4}out of|"
    r"(?:gone|went|going) to (?:his|her|their) (?:\w+'?s? )?(?:address|house|place|flat)|"
    r"(?:gone|went) to (?:his|her) (?:nan|nana|gran|aunt|auntie|aunty|aunties|dad|mum|sister|brother|uncle)\w*|"
    r"case (?:is )?(?:going|moving)|(?:going|goes|off) to (?:uni|university|college) in)\b")
#: Strong signs that a young person is writing about their own situation.
_SELF_STRONG = re.compile(
    r"\b(?:make|makes|making|made|force|forces|forcing|forced|pressure|pressuring|pressured|send|sends|sending|"
    r"sent|use|uses|using|used|groom|grooming|groomed) me\b(?! (?:promise|swear|laugh|smile|think|realise|"
    r"realize|wonder|a|an|tea|food|dinner)\b)"
    r"|\b(?:hurt|kill|stab|shank|nank|beat|batter|rob|robbed|jump|jumped|chase|chasing|chased|follow|following|found|"
    r"followed|threaten|threatening|threatened|threatenin|hunt|hunting|touch|merk|murk|wet|cut|slap|smack|get|"
    r"getting|finish) me\b"
    r"|\b(?:threatens|hurts|beats|robs|follows|chases|uses|drove|left|kept|locked|dropped|pays|paid) me\b"
    r"|\b(?:expect|expects|expecting|want|wants|told|tell|tells|telling) me to (?:ride|run|hold|sell|go|do|carry|"
    r"stab|shank|move|drive|deliver|stash|keep|pay|shot|cut|bag|cook|watch)\b"
    r"|\b(?:i'?ve been|ive been|i have been|i was|i been|i get|i got|i keep getting|im being|i'm being|i am being) "
    r"(?:made|forced|told|pressured|sent|asked) to (?:hold|run|sell|carry|stash|keep|move|drive|deliver|do|take|"
    r"ride|shot|cut|bag|cook|sit|watch|go)\b"
    r"|\b(?:need|needs|want|wanna) help (?:getting|to get) out\b|\bdo (?:another|one more) run\b"
    r"|\b(?:tell|telling|snitch|snitching|grass|grassing)(?: on)? (?:\w+ )?(?:about |bout |on )?(?:the|my|these|"
    r"them|dem) (?:olders|elders)\b|\b(?:will|would|wont|won't) (?:the|my) (?:olders|elders) (?:find out|know)\b"
    r"|\bmy (?:social worker|yot worker|key ?worker|youth worker|probation officer|case ?worker)\b"
    # hiding it from their own family, or their bank account used to move money
    r"|\b(?:dont|don't|do not|never) tell my (?:mum|mom|mam|dad|parents|nan|family|carer|foster carer)\b"
    r"|\b(?:using|used|use|took|take|taken|have got|got) my (?:bank )?(?:card|account|bank account|bank details)\b"
    r"|\b(?:coming|come|looking|waiting|out) for me\b|\b(?:after|behind) me\b"
    r"|\b(?:i|im|i'm|i am|ive|i've|i have|i got|i been|i was|i still)(?: still| now| kinda| bare| like)? "
    r"(?:owe|owes|in debt|robbed|taxed|jumped|stabbed|shanked|threatened|being used|being followed|"
    r"being threatened|getting threatened|running (?:for|bits|lines|a line)|selling (?:for|bits|food)|"
    r"holding (?:for|stuff|bits|food|a ting)|shotting|going country|going ot|going cunch|in too deep|marked)\b"
    r"|\bi (?:want|wanna|need|needa|tryna|am trying|im trying|i'm trying|trying)(?: to)? "
    r"(?:get out|out|leave (?:them|the gang|it)|quit|escape|get away from)\b"
    r"|\bhow (?:do|can|would) i (?:get out|leave|quit|escape|get away)\b"
    r"|\bmy (?:olders|elders|line|debt|opps)\b|\bthey (?:say|said|saying|sayin|reckon) i (?:owe|have to|gotta)\b"
    r"|\bi (?:can't|cant|cannot) (?:say no|get out|pay (?:them|it) back)\b")
#: Weaker signs: a first-person fear or plea that an adult could also write.
_SELF_WEAK = re.compile(
    r"\b(?:i|im|i'm|i am|i feel|i get|i got)(?: so| really| bare| proper| well)? (?:scared|afraid|terrified|"
    r"frightened|shook|bricking it|not safe|unsafe|stuck|trapped|worried for my life)\b"
    r"|\bhelp me\b|\bwhat (?:do|should) i do\b|\bi (?:don't|dont) want to do (?:this|it) (?:anymore|no more)\b"
    r"|\bi (?:want|wanna|need) (?:to )?(?:stop|leave|out)\b")
_FRIEND = re.compile(
    r"\bmy (?!\w+-in-law)(?:mate|mates|friend|friends|bestie|best friend|bestfriend|bredrin|bredren|bro|bruv|cousin|cuz|cuzzy|"
    r"brother|sister|boyfriend|girlfriend|bf|gf|g|homie|pal|classmate|little brother|"
    r"little sister|big brother|big sister)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|im|i'm|ive|i've|i'll|ill|i'd|me|my|mine|myself)\b")
_SELF_AGE = re.compile(r"\b(?:i'?m|i am|im) (?:only |just |about )?(1[0-9]|[5-9])\b(?! (?:mins?|minutes|hours|days|weeks|months)\b)"
                       r"|\bi(?:'m| am|m) in (?:year|yr) ?\d{1,2}\b")
_RESIDENT = re.compile(
    r"\bthere(?:'s| is| are|s| r|re)\b|\bi (?:saw|seen|see|noticed|notice|keep seeing|have seen|'ve seen|ve seen|"
    r"watched|heard)\b|\bnext door\b|\bneighbou?rs?\b|\b(?:my|our|the) (?:street|road|estate|block|close|avenue|"
    r"building|stairwell|car park|alley|corner)\b|\boutside (?:my|our) (?:house|flat|block|door|window|shop)\b"
    r"|\banonymous(?:ly)?\b|\b(?:kids|youths|lads|boys|men|guys|people|man dem|mandem|teenagers) (?:are |keep |)"
    r"(?:dealing|selling|shotting|hanging|standing|fighting|carrying|using)\b")
#: A member of the public by what they do or where they live ("I own a newsagents", "my neighbour's son").
_RESIDENT_STRONG = re.compile(
    r"\bi (?:own|run|manage|work in|work at|have) (?:a|an|the|my) (?:\w+ )?(?:shop|newsagents?|cafe|café|takeaway|"
    r"restaurant|pub|barbers?|barber shop|salon|off licen[cs]e|corner shop|garage|chippy|chip shop|launderette|"
    r"bakery|store|market stall|kebab shop|car wash|nail bar)\b"
    r"|\bmy neighbou?r'?s'? (?:son|daughter|kid|kids|boy|girl|grandson|lad|teenager)\b"
    r"|\b(?:a|the) (?:lad|boy|girl|kid|teenager) (?:who lives|from) (?:on |in )?(?:our|my) (?:road|street|estate|"
    r"block|close|building)\b")
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
_ASKS_FOR_SERVICES = re.compile(
    r"\b(?:is there|are there|is there any(?:one|thing)?|do you know (?:of )?any|what (?:support|services?|help|"
    r"provision|programmes?|mentoring|options)|which (?:services?|organisations?|charities)|who (?:do|should|can) "
    r"(?:i|we) (?:contact|refer|speak|talk|ring|call|go)|who handles|where (?:do|can|should) (?:i|we) "
    r"(?:refer|signpost|send)|"
    r"how (?:do|can|would|should) (?:i|we|schools|professionals) refer|how (?:do|can|would|should) (?:i|we) "
    r"(?:make|do|submit|send) a referral|who(?:'s| is) the (?:\w+ ){0,3}spoc|(?:what'?s|what is) the (?:pathway|"
    r"referral (?:route|pathway|process)|process|route)|referral route|any (?:services|support|mentoring|"
    r"programmes?|youth (?:clubs?|services?)))\b")
_WH_QUESTION = re.compile(r"^\W*(?:what|how|where|who|when|why|which)\b")
_QUESTION = re.compile(r"^\W*(?:(?:what|how|where|who|when|why|which)(?:'?s)?|can|could|do|does|is|are|will|would|should|am)\b")
#: A distress phrase makes a message of at most this many words distress without detail.
DISTRESS_WORDS = 12
#: A longer message of distress that speaks only of the writer's feelings, up to this many words.
DISTRESS_STORY_WORDS = 70
_OTHERS = re.compile(r"\b(?:they|them|their|theyre|they're|someone|somebody|man|men|boys|lads|gang|olders)\b")
_ASKS_TO_REPORT = re.compile(r"\b(?:report|refer|referral|tell (?:the )?(?:police|someone|you)|let (?:you|someone) "
                             r"know|pass (?:this|it) on|make a complaint)\b")
_WHEN = re.compile(
    r"\b(?:right now|rn|now|just now|tonight|today|this (?:morning|afternoon|evening)|last night|yesterday|"
    r"earlier(?: today)?|an hour ago|\d+ (?:mins?|minutes|hours) ago|every (?:day|night|evening|weekend|morning)|"
    r"most (?:days|nights|evenings|weekends)|(?:at|on) (?:the )?weekends?|all (?:day|night)|since (?:monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|last week|yesterday)|last week|for (?:weeks|months|days)|"
    r"(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: night| morning| evening)?)\b")
_SCHOOL = re.compile(
    r"\b((?:[A-Z][\w'&.-]*\s){0,4}(?:[A-Z][\w'&.-]*\s)?(?:School|Academy|College|Grammar|High|Primary|"
    r"Secondary|PRU|Pupil Referral Unit|Council|Trust|Services?|Team|Club|Centre|Center|Project|Association|"
    r"Church|Hospital|Housing|Homes|Partnership|Foundation|Charity|YOT|YOS|MASH|CSC)"
    r"(?:\s(?:School|Academy|College|Team|Service))?)\b")
#: Words that make a named organisation a school (its pupils are the writer's pupils).
_SCHOOLS = re.compile(r"\b(?:School|Academy|College|Grammar|High|Primary|Secondary|PRU|Pupil Referral Unit)\b")
_WORKS_AT = re.compile(r"\b(?:at|for|from|in)\s+$", re.I)
_SUBJECT_AT = re.compile(r"\b(?:goes to|attends|attending|pupil at|student at|studying at|year \d+ at|in year \d+ at|"
                         r"enrolled at|on roll at|at)\s+$", re.I)
_NAME_SAID = re.compile(
    r"\b(?:(?:his|her|their|the (?:boy|girl|young person|child|pupil|student|patient)'?s?) name(?: is|'s|s)|"
    r"(?:he|she|they)(?:'s| is| are) called|called|named)\s+([A-Z][a-zA-Z'-]+(?:\s[A-Z][a-zA-Z'-]+){0,2})"
    # "a Year 10 girl, Amira Khan, aged 15" / "my son, Leon (15)"
    r"|\b(?:boy|girl|pupil|student|lad|son|daughter|child|teenager|young person|client|patient|yp),\s+"
    r"([A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?)\s*(?=,|\(|\b(?:aged|age|who|is|has|was)\b)")
_OWN_NAME = re.compile(
    r"\b(?:my name is|my name's|i'?m called|this is)\s+([A-Z][a-zA-Z'-]+(?:\s[A-Z][a-zA-Z'-]+)?)"
    # "I'm Helen Price, the DSL" (two capitalised words) or a sign-off "Thanks, Helen Price"
    r"|\b(?:I'?m|I am)\s+([A-Z][a-z'-]+\s[A-Z][a-z'-]+)\b"
    r"|(?i:thanks|thank you|regards|many thanks|kind regards|cheers),?\s+([A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?)\W*$")
_ROLE_CLAIM = re.compile(
    r"\b(?:i'?m|i am|im|i work as|working as|as|i'?m [a-z]+ [a-z]+,)\s+(?:only |just |actually )?"
    r"(?:a|an|the|one of the)\s+([a-z&' -]{2,40}?)"
    r"(?=\s+(?:at|in|for|from|with|and|but|so|who|working|based|here|on|of)\b|[,.;:!?()]|$)"
    r"|^\W*([a-z&' -]{2,30}?)\s+here\b")
_PUPIL = re.compile(r"\b(?:pupil|student|learner|year ?\d{1,2}|yr ?\d{1,2}|in my class|in our school|our school|"
                    r"my form|tutor group)\b")
#: The phrase a message opens with, up to a comma, full stop, dash or "in/at/for/from/here".
_LEADING_ROLE = re.compile(r"^\W*(?:(?:hi|hello|good (?:morning|afternoon|evening))\W+)?([a-z0-9&' /]{2,40}?)"
                           r"(?=\s*(?:[,.;:(]|\s[-–]\s|$)|\s+(?:in|at|for|from|here|with|working)\b)")
#: A role signing off a message: "... Sheerness. housing officer." or "... - YOT worker".
_TRAILING_ROLE = re.compile(r"(?:[.;,!?]|\s[-–])\s*((?!(?:i|im|i'm|ive|my|we|our)\b)[a-z&'/]+(?: [a-z&'/]+){0,2})\W*$")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|co\.uk|org|org\.uk|net|io|ly|uk|info|biz|"
                  r"xyz|me|tv|gov\.uk)(?:/\S*)?\b", re.I)
_LETTERS = re.compile(r"[^\W\d_]+")
_MARKUP = re.compile(r"<[^>]{0,200}>")
#: Words this long must be known English words to count as words.
LONG_WORD = 12
_VOWEL = re.compile(r"[aeiouy]")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
_REPEAT = re.compile(r"(.)\1{3,}")
#: Short words without vowels that people really type.
_NO_VOWEL_WORDS = frozenset({"pls", "plz", "rn", "tbh", "idk", "u", "n", "r", "k", "kk", "x", "xx", "xxx", "thx",
                             "hmm", "hm", "mmm", "shh", "ppl", "txt", "msg", "cld", "wld", "shd", "nd", "b", "c",
                             "y", "bf", "gf", "st", "rd", "nhs", "gbh", "cse", "dsl", "pcso", "yot", "yos", "mr",
                             "mrs", "ms", "dr", "gp", "ft", "grr", "tv", "cctv", "smh", "sw"})


def _plain(text: str) -> str:
    return normalise(text).lower().replace("\u2019", "'").replace("`", "'")


def _is_emoji_only(text: str) -> bool:
    """True when ``text`` has symbols (emoji) but no letters or digits."""
    stripped = [ch for ch in text if not ch.isspace()]
    if not stripped or any(ch.isalnum() for ch in stripped):
        return False
    return any(unicodedata.category(ch) in ("So", "Sk", "Cs") or ord(ch) >= 0x1F000 for ch in stripped)


def _plausible(word: str) -> bool:
    """True when ``word`` (lower case letters) could be a word someone typed."""
    if word in _NO_VOWEL_WORDS or len(word) <= 2:
        return True
    if len(word) > 20 or not _VOWEL.search(word) or _CONSONANTS.search(word) or _REPEAT.search(word):
        return False
    vowels = len(_VOWEL.findall(word))
    return vowels / len(word) >= 0.15


def is_gibberish(text: str, known: Callable[[str], bool] = lambda w: False) -> bool:
    """Return True when ``text`` has letters but too few word-like words to read.

    ``known`` says whether a word is known English (known words always count
    as words, even without vowels).
    """
    words = [w.lower() for w in _LETTERS.findall(text) if not any(ch.isdigit() for ch in w)]
    latin = [w for w in words if all(unicodedata.name(ch, "").startswith("LATIN") for ch in w)]
    if not latin:
        return False
    # A long word nobody writes in English ("qwertyuiopqwertyuiop") is not a word.
    good = sum(1 for w in latin if known(w) or (_plausible(w) and len(w) < LONG_WORD))
    if good / len(latin) < 0.5:
        return True
    longest = max(len(w) for w in latin)
    return longest >= 25 and len(latin) <= 3


@dataclass(frozen=True)
class Reading:
    """What one message says, as far as rules can tell."""

    text: str
    kind: MessageKind
    language: str | None = None
    indicators: tuple[str, ...] = ()
    danger_now: bool = False
    places: tuple[tuple[str, str], ...] = ()
    age: int | None = None
    role: ReporterRole | None = None
    organisation: str | None = None
    school: str | None = None
    subject_name: str | None = None
    own_name: str | None = None
    when: str | None = None
    writer: Writer = Writer.UNKNOWN
    #: The words show plainly who is writing (a role, "my son", "they make me run").
    sure: bool = False
    distress: bool = False
    asks_to_report: bool = False
    handover: bool = False
    #: A move said less plainly (:data:`_MOVE`), or a handover.
    moves: bool = False
    #: A move (:attr:`moves`) and places in two different areas: someone going from one area to another.
    moves_between: bool = False
    injury: bool = False
    words: int = 0
    #: The message carries a link or markup besides its words (spam, a pasted page).
    has_link: bool = False
    #: The message asks which services exist or where to refer someone.
    asks_for_services: bool = False
    #: The message ends with a question.
    asks_question: bool = False

    @property
    def risk(self) -> bool:
        """True when the message says someone may be in danger, or names a serious harm."""
        return self.danger_now or bool(RISK.intersection(self.indicators))

    @property
    def relocating(self) -> bool:
        """True when the words say someone is moving: a handover, or a move between two areas."""
        return self.handover or self.moves_between

    @property
    def discloses(self) -> bool:
        """True when the message tells something about harm or exploitation (part of the account)."""
        return self.danger_now or bool(self.indicators)

    @property
    def readable(self) -> bool:
        """True for words in English (not a button, emoji, gibberish, a link or another language)."""
        return self.kind is MessageKind.TEXT


class Reader:
    """Reads messages with the core's analyser, the gazetteer and the language screen.

    Args:
        analyser: the indicator and place finder (:mod:`frontdoor.extraction`).
        languages: the language screen (:mod:`frontdoor.languages`).
    """

    def __init__(self, analyser: Analyser, languages: LanguageScreen) -> None:
        self._analyser = analyser
        self._languages = languages
        self._read = lru_cache(maxsize=4096)(self._read_uncached)

    @property
    def languages(self) -> LanguageScreen:
        return self._languages

    def read(self, text: str) -> Reading:
        """Return the reading of one message (cached: the same text is read once)."""
        return self._read(text or "")

    def _known(self, word: str) -> bool:
        return self._languages.is_english(word)

    def _read_uncached(self, text: str) -> Reading:
        stripped = text.strip()
        if stripped.startswith("/"):
            return Reading(text, MessageKind.PAYLOAD)
        if not stripped or _is_emoji_only(stripped):
            return Reading(text, MessageKind.EMOJI)
        without_links = _MARKUP.sub(" ", _URL.sub(" ", stripped))
        if without_links != stripped and len(_LETTERS.findall(without_links)) < 2:
            return Reading(text, MessageKind.LINK)
        if is_gibberish(without_links, self._known):
            return Reading(text, MessageKind.LINK if without_links != stripped else MessageKind.GIBBERISH)
        language = self._languages.detect(without_links)
        if language is not None:
            return Reading(text, MessageKind.OTHER_LANGUAGE, language=language)
        if not _LETTERS.search(without_links):
            # Digits and punctuation only ("???", "12345"): nothing to read.
            return Reading(text, MessageKind.GIBBERISH)
        return self._read_words(text, has_link=without_links != stripped)

    def _read_words(self, text: str, has_link: bool = False) -> Reading:
        analysis = self._analyser.analyse(text)
        plain = _plain(text)
        places = tuple(self._analyser.places(text))
        handover = bool(_HANDOVER.search(plain))
        injury = bool(_INJURY.search(_NO_INJURY.sub(" ", plain)))
        role = _claimed_role(plain)
        writer, sure = _writer(plain, role, injury, handover, analysis.indicators)
        organisation, school = _schools(normalise(text), writer, role)
        age = age_from_text(text)
        # Health staff describe injuries already being treated ("stabbed this morning",
        # "bleeding"): for them danger now is the hospital's own test (threats now, the
        # people responsible at or coming to the hospital).
        danger_now = imminent_threat(text, self._analyser) if writer is Writer.HEALTH else analysis.danger_now
        return Reading(
            text=text,
            kind=MessageKind.TEXT,
            indicators=analysis.indicators,
            danger_now=danger_now,
            places=places,
            age=age,
            role=role,
            organisation=organisation,
            school=school,
            subject_name=_name(_NAME_SAID, normalise(text)),
            own_name=_name(_OWN_NAME, normalise(text)),
            when=_first(_WHEN, plain),
            writer=writer,
            sure=sure,
            distress=_distressed(plain, analysis.distress),
            asks_to_report=bool(_ASKS_TO_REPORT.search(plain)),
            handover=handover,
            moves=handover or bool(_MOVE.search(plain)),
            moves_between=(handover or bool(_MOVE.search(plain))) and len({area for _, area in places}) >= 2,
            injury=injury,
            words=len(plain.split()),
            has_link=has_link,
            asks_for_services=bool(_ASKS_FOR_SERVICES.search(plain)),
            asks_question=plain.rstrip().endswith("?") or bool(_QUESTION.match(_last_sentence(plain))),
        )


def _about_someone(reading: Reading) -> bool:
    """True when a message tells of a particular person at risk (harm said, and their age or name)."""
    return reading.discloses and (reading.age is not None or reading.subject_name is not None)


def _generic(reading: Reading) -> bool:
    """True for a question about things in general: nobody in particular, and no one's own.

    "Can girls be involved in county lines too?" or "what's the difference between
    a gang nominal and an associate?" name harm but tell of nobody; "he owes them,
    what happens now?" does.
    """
    plain = _plain(reading.text)
    return (_WH_QUESTION.match(plain) is not None or _QUESTION.match(plain) is not None) and not (
        _THIRD_PERSON.search(plain) or _OWN_PEOPLE.search(plain) or reading.writer is not Writer.UNKNOWN
        or reading.danger_now)


def _particular(reading: Reading) -> bool:
    """True when a message describes a particular person (an age, a name, "a boy in my class")."""
    return reading.subject_name is not None or bool(_PARTICULAR.search(_plain(reading.text)))


def _questioning(reading: Reading) -> bool:
    """True when a message asks something anywhere in it, not only at its end."""
    return reading.asks_question or "?" in reading.text or bool(_QUESTION.match(_plain(reading.text)))


def _last_sentence(plain: str) -> str:
    parts = [p for p in re.split(r"[.!?]\s+", plain.strip()) if p.strip()]
    return parts[-1] if parts else plain


def _distressed(plain: str, phrase: bool) -> bool:
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
    return (words <= DISTRESS_STORY_WORDS and bool(_FIRST_PERSON.search(plain))
            and not _THIRD_PERSON.search(plain) and not _OTHERS.search(plain))


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def _name(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if not match:
        return None
    found = next((group for group in match.groups() if group), "")
    words = found.split()
    if any(w.lower() in _NOT_NAME_WORDS for w in words):
        return None  # "I'm Worried About My Son" names nobody
    words = [w for w in words if w.lower() not in _NOT_NAMES]
    return " ".join(words) or None


_NOT_NAMES = frozenset({"i", "he", "she", "they", "and", "but", "the", "a", "an", "not", "in", "at", "from",
                        "school", "academy", "college", "year", "on", "he's", "she's", "dsl", "head"})
#: Words written in capitals that are not names.
_NOT_NAME_WORDS = frozenset({"worried", "about", "concerned", "writing", "looking", "here", "so", "very", "really",
                             "just", "sorry", "afraid", "scared", "not", "sure", "calling", "reporting", "from",
                             "with", "at", "my", "your", "his", "her", "new", "also", "still", "trying"})
#: Roles a writer can claim for themselves that make them a professional.
_PROFESSIONAL_ROLES = frozenset({ReporterRole.TEACHER, ReporterRole.SOCIAL_WORKER, ReporterRole.HEALTH,
                                 ReporterRole.HOUSING, ReporterRole.YOUTH_WORKER, ReporterRole.POLICE,
                                 ReporterRole.PROBATION})


def _claimed_role(plain: str) -> ReporterRole | None:
    """Return a role the writer says is theirs.

    "I'm a teacher at ...", "social worker here", or a self-introduction that
    opens the message ("Social worker, Hackney CSC.", "GP in Dartford.",
    "YOT worker - ...").
    """
    for match in _ROLE_CLAIM.finditer(plain):
        words = next((g for g in match.groups() if g), "")
        if re.match(r"(?:retired|former|ex-?|off[- ]duty)\b", words):
            return ReporterRole.RESIDENT  # "I'm a retired teacher": writing as a member of the public
        role = parse_reporter_role(words) if words else None
        if role is not None:
            return role
    leading = _LEADING_ROLE.match(plain)
    trailing = _TRAILING_ROLE.search(plain)
    for phrase in (leading.group(1) if leading else None, trailing.group(1) if trailing else None):
        if phrase and not re.match(r"(?:my|our|his|her|their|a|an|the)\b", phrase):
            role = role_named_by(phrase)
            if role in _PROFESSIONAL_ROLES or role is ReporterRole.OTHER:
                return role  # a professional introducing themselves; "my mum's neighbour" is nobody's role
    return None


def _own_child_at_issue(plain: str, role: ReporterRole | None = None) -> bool:
    """True when the writer speaks of their own child other than only in passing (:data:`_CHILD_IN_PASSING`).

    A professional's "our lad" or "our 14 year old" is a child in their care at work, not their own.
    """
    passing = [(m.start(), m.end()) for m in _CHILD_IN_PASSING.finditer(plain)]
    working = role in _PROFESSIONAL_ROLES or role is ReporterRole.OTHER
    return any(not any(start <= m.start() < end for start, end in passing)
               and not (working and plain.startswith("our", m.start()))
               for m in _PARENT.finditer(plain))


def _writer(plain: str, role: ReporterRole | None, injury: bool, handover: bool,
            indicators: Sequence[str]) -> tuple[Writer, bool]:
    """Return who seems to be writing, and whether the evidence is strong; strongest evidence first."""
    if role is ReporterRole.PARENT:
        return Writer.PARENT, True
    if _own_child_at_issue(plain, role):
        return Writer.PARENT, True
    if injury and (role is ReporterRole.HEALTH or _HEALTH.search(plain)):
        return Writer.HEALTH, True
    if role in _PROFESSIONAL_ROLES or role is ReporterRole.OTHER:
        return Writer.PROFESSIONAL, True
    if role is ReporterRole.RESIDENT:
        return Writer.RESIDENT, True  # a landlord's "my tenants" or a pensioner's "my road"
    if role is ReporterRole.YOUNG_PERSON or _SELF_AGE.search(plain):
        return Writer.YOUNG_PERSON, True
    if _PROFESSIONAL.search(plain):
        return Writer.PROFESSIONAL, True
    if _RESIDENT_STRONG.search(plain):
        return Writer.RESIDENT, True
    first_person = bool(_FIRST_PERSON.search(plain))
    if first_person and _SELF_STRONG.search(plain):
        return Writer.YOUNG_PERSON, True
    if _FRIEND.search(plain) and indicators:
        return Writer.FRIEND, True
    if _JARGON.search(plain):
        return Writer.PROFESSIONAL, True
    resident = bool(_RESIDENT.search(plain))
    if _THIRD_PERSON.search(plain) and not resident and (_FAMILY_HOME.search(plain) or (
            _PARENT_WEAK.search(plain) and (_CHILD_SAID.search(plain) or age_from_text(plain) is not None))):
        return Writer.PARENT, False
    if first_person and _SELF_WEAK.search(plain) and not resident:
        return Writer.YOUNG_PERSON, False
    if resident:
        return Writer.RESIDENT, False
    if handover and role is not None:
        return Writer.PROFESSIONAL, False
    return Writer.UNKNOWN, False


def _schools(text: str, writer: Writer, role: ReporterRole | None) -> tuple[str | None, str | None]:
    """Return (the writer's own school or organisation, the young person's school) named in ``text``."""
    organisation = school = None
    for match in _SCHOOL.finditer(text):
        name = match.group(1).strip()
        if len(name.split()) < 2 or name.split()[0].lower() in ("the", "a", "at", "my", "our", "his", "her"):
            if len(name.split()) < 3:
                continue
            name = " ".join(name.split()[1:])
        before = text[: match.start(1)]
        if _SUBJECT_AT.search(before) and re.search(r"\b(?:goes|attends|attending|pupil|student|studying|enrolled|"
                                                    r"roll)\b", before[-30:], re.I):
            school = school or name
        elif _WORKS_AT.search(before) and (writer is Writer.PROFESSIONAL or role is not None):
            organisation = organisation or name
        elif writer in (Writer.PARENT, Writer.YOUNG_PERSON, Writer.FRIEND):
            school = school or name
    return organisation, school


# --- the conversation so far ----------------------------------------------------------------------
@dataclass(frozen=True)
class Said:
    """One message the person sent, the question it answered (None outside a form), and the NLU's
    ``immediate_danger`` score for it."""

    text: str
    asked: str | None = None
    danger_score: float = 0.0


@dataclass(frozen=True)
class Record:
    """What a person has said in a conversation so far, read message by message, in order."""

    said: tuple[tuple[Said, Reading], ...] = ()

    @property
    def readings(self) -> tuple[Reading, ...]:
        return tuple(reading for _, reading in self.said)

    def _first(self, get: Callable[[Reading], object | None]) -> object | None:
        for reading in self.readings:
            value = get(reading)
            if value:
                return value
        return None

    @property
    def indicators(self) -> tuple[str, ...]:
        """Every indicator found in anything said, in taxonomy order."""
        found: set[str] = set()
        for reading in self.readings:
            found.update(reading.indicators)
        return taxonomy.validate_codes(sorted(found))

    @property
    def danger_now(self) -> bool:
        return any(r.danger_now for r in self.readings)

    @property
    def age(self) -> int | None:
        value = self._first(lambda r: r.age)
        return value if isinstance(value, int) else None

    @property
    def place(self) -> str | None:
        """The first place named (as written)."""
        for reading in self.readings:
            if reading.places:
                return reading.places[0][0]
        return None

    @property
    def role(self) -> ReporterRole | None:
        value = self._first(lambda r: r.role)
        return value if isinstance(value, ReporterRole) else None

    @property
    def organisation(self) -> str | None:
        return _text(self._first(lambda r: r.organisation))

    @property
    def school(self) -> str | None:
        return _text(self._first(lambda r: r.school))

    @property
    def subject_name(self) -> str | None:
        return _text(self._first(lambda r: r.subject_name))

    @property
    def own_name(self) -> str | None:
        return _text(self._first(lambda r: r.own_name))

    @property
    def when(self) -> str | None:
        return _text(self._first(lambda r: r.when))

    @property
    def writer(self) -> Writer:
        """The strongest evidence of who is writing, from any message."""
        for writer in (Writer.HEALTH, Writer.PROFESSIONAL, Writer.PARENT, Writer.YOUNG_PERSON, Writer.FRIEND,
                       Writer.RESIDENT):
            if any(r.writer is writer for r in self.readings):
                return writer
        return Writer.UNKNOWN

    @property
    def pupil_of_writer(self) -> bool:
        """True when someone at a school speaks of the young person as their pupil ("a pupil in Year 9")."""
        at_school = self.role is ReporterRole.TEACHER or bool(self.organisation and _SCHOOLS.search(self.organisation))
        return at_school and any(_PUPIL.search(_plain(r.text)) for r in self.readings)

    def story(self) -> str | None:
        """The first message typed outside a form that tells what is happening.

        One that names harm or its signs (indicators, danger), or a long one
        (:data:`STORY_WORDS` words); "I'd like to make a referral" is not a story.
        """
        for said, reading in self.said:
            if reading.readable and said.asked is None and (reading.discloses or reading.words >= STORY_WORDS):
                return said.text.strip()
        return None

    def disclosures(self, narrative: Iterable[str] = (), labels: Mapping[str, str] | None = None) -> list[str]:
        """Return what was said about harm in answer to questions other than ``narrative``, in order."""
        wanted = frozenset(narrative)
        return [_labelled(said, labels) for said, reading in self.said
                if reading.readable and reading.discloses and said.asked is not None and said.asked not in wanted]

    def account(self, narrative: Iterable[str] = (), labels: Mapping[str, str] | None = None) -> list[str]:
        """Return what the SPOC reads as the report: the opening and every later disclosure, in order.

        A message is part of it when it was typed outside a form and tells
        something (indicators, danger, or a dozen words), when it answers a
        question in ``narrative`` (the description questions), or when it
        discloses harm whatever it answered. A disclosure typed in answer to
        another question says which ("Said when asked for their name: ...",
        with the question's label from ``labels``). Each message appears once.
        """
        wanted = frozenset(narrative)
        lines: list[str] = []
        seen: set[str] = set()
        for said, reading in self.said:
            text = re.sub(r"\s+", " ", said.text).strip()
            if not text or not reading.readable or text.lower() in seen:
                continue
            if said.asked in wanted or (said.asked is None and (reading.discloses or reading.words >= 12 or reading.distress)):
                line = text
            elif reading.discloses:
                line = _labelled(said, labels)
            else:
                continue
            seen.add(text.lower())
            lines.append(line)
        return lines


def _labelled(said: Said, labels: Mapping[str, str] | None) -> str:
    """``said`` as a line of the account, saying which question it was typed in answer to."""
    text = re.sub(r"\s+", " ", said.text).strip()
    if said.asked is None:
        return text
    label = (labels or {}).get(said.asked, said.asked.replace("_", " "))
    return f"(Said when asked about {label[:1].lower() + label[1:]}:) {text}"


def _text(value: object | None) -> str | None:
    return value if isinstance(value, str) else None


def read_conversation(reader: Reader, said: Iterable[Said]) -> Record:
    """Return the record of ``said`` (each message read once, danger as the NLU saw it too; buttons skipped)."""
    return Record(tuple((s, with_danger_score(reader.read(s.text), s.danger_score)) for s in said
                        if s.text and not s.text.lstrip().startswith("/")))


# --- which journey -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """Which journey a message starts, and what to say first."""

    journey: Journey
    danger_advice: bool = False
    #: A parent whose child is missing now: tell them to call the police at once.
    missing_now: bool = False
    language: str | None = None
    #: For :attr:`Journey.ANSWERED`: the question intent whose answer to give.
    answer: str | None = None
    reason: str = ""


#: Who is writing → the journey their words belong to.
WRITER_JOURNEYS: dict[Writer, Journey] = {
    Writer.YOUNG_PERSON: Journey.SUPPORT,
    Writer.FRIEND: Journey.SUPPORT,
    Writer.PARENT: Journey.PARENT,
    Writer.PROFESSIONAL: Journey.CONCERN,
    Writer.HEALTH: Journey.HEALTH,
    Writer.RESIDENT: Journey.TIP,
}


@dataclass(frozen=True)
class Message:
    """A message as the chooser sees it: the reading and what the NLU made of it."""

    reading: Reading
    intent: str | None = None
    confidence: float = 0.0
    entities: Mapping[str, str] = field(default_factory=dict)
    #: "web" or "sms": by text message, risk to someone else is taken as an anonymous tip.
    channel: str = "web"
    #: How sure the NLU is that the message says someone is in danger now (its ``immediate_danger``
    #: score, whether or not that is the top intent).
    danger_score: float = 0.0
    #: The NLU's other intents, best first, with their confidence.
    ranking: tuple[tuple[str, float], ...] = ()

    @property
    def confident(self) -> bool:
        return self.intent is not None and self.intent != "nlu_fallback" and self.confidence >= CONFIDENT


def _parent(message: Message, danger: bool) -> Decision:
    """A parent who tells what is happening (or asks to report) reports it; one who only asks gets advice."""
    # "I'm really worried about the girl I look after, she's been going missing ..." tells;
    # "what should I look out for with my son?" asks.
    reading = message.reading
    missing = "missing_now" in reading.indicators
    telling = reading.words >= PARENT_STORY_WORDS and not reading.asks_question
    if (missing or danger or reading.discloses or reading.asks_to_report or telling
            or message.entities.get("reporter_role") == "parent"):
        return Decision(Journey.PARENT_REPORT, danger_advice=danger, missing_now=missing, reason="a parent reporting")
    return Decision(Journey.PARENT, reason="a parent asking")


def _by_writer(message: Message, danger: bool, fallback: Journey | None) -> Decision | None:
    reading = message.reading
    writer = reading.writer
    if writer is Writer.PARENT:
        return _parent(message, danger)
    if writer is Writer.HEALTH and not reading.injury:
        writer = Writer.PROFESSIONAL
    if reading.relocating and writer in (Writer.PROFESSIONAL, Writer.UNKNOWN) and not danger:
        return Decision(Journey.HANDOVER, reason="a move between areas")
    journey = WRITER_JOURNEYS.get(writer, fallback)
    if journey is None:
        return None
    return Decision(journey, danger_advice=danger, reason=f"written by {writer.value}")


def _contradicts(journey: Journey, reading: Reading) -> bool:
    """True when the words plainly say someone else is writing than the intent's journey is for."""
    writer = reading.writer
    if writer is Writer.RESIDENT and journey is Journey.CONCERN:
        return True  # what a neighbour saw, with nothing of a professional's about it: a tip
    if writer is Writer.UNKNOWN or not reading.sure:
        return False
    if journey in (Journey.PARENT, Journey.SUPPORT) and writer is Writer.RESIDENT:
        return True  # "I'm a pensioner ... a young man keeps knocking": a neighbour's tip
    if journey in (Journey.CONCERN, Journey.TIP, Journey.SIGNPOST, Journey.PARENT):
        if writer in (Writer.YOUNG_PERSON, Writer.FRIEND):
            # a young person asking who can help them is asking for support
            return (reading.discloses or reading.distress or journey is not Journey.SIGNPOST
                    or writer is Writer.YOUNG_PERSON)
    if journey in (Journey.CONCERN, Journey.TIP, Journey.SUPPORT, Journey.HANDOVER):
        if writer is Writer.PARENT:
            return True
    if journey in (Journey.TIP, Journey.SUPPORT, Journey.PARENT) and writer is Writer.PROFESSIONAL:
        return True
    if journey is Journey.SIGNPOST and writer is Writer.PARENT and not reading.asks_for_services:
        return True
    if journey is not Journey.HEALTH and writer is Writer.HEALTH and reading.injury:
        return True  # health staff describing a patient's injury: whatever the intent, a hospital referral
    if journey is Journey.CONCERN and writer is Writer.RESIDENT:
        return True  # what a neighbour saw, with nothing of a professional's about it: a tip
    return False


def choose_journey(message: Message) -> Decision:
    """Return the journey a message outside any form starts (see :data:`JOURNEY_RULES`)."""
    for rule in JOURNEY_RULES:
        decision = rule(message)
        if decision is not None:
            return decision
    return Decision(Journey.NOT_UNDERSTOOD, reason="nothing to go on")


def _button(message: Message) -> Decision | None:
    if message.reading.kind is not MessageKind.PAYLOAD:
        return None
    if message.intent == DANGER_INTENT:
        return Decision(Journey.TIP, danger_advice=True, reason="the danger button")
    if message.intent == "parent_worried" or message.entities.get("reporter_role") == "parent":
        return _parent(message, False) if message.intent == "report_concern" else Decision(Journey.PARENT)
    journey = INTENT_JOURNEYS.get(message.intent or "")
    if journey is not None:
        return Decision(journey, reason="a button")
    return Decision(Journey.ANSWER, reason="a button")


def _not_words(message: Message) -> Decision | None:
    reading = message.reading
    if reading.kind is MessageKind.EMOJI:
        return Decision(Journey.COMFORT, reason="emoji only")
    if reading.kind is MessageKind.OTHER_LANGUAGE:
        return Decision(Journey.OTHER_LANGUAGE, language=reading.language, reason=f"written in {reading.language}")
    if reading.kind in (MessageKind.GIBBERISH, MessageKind.LINK):
        return Decision(Journey.NOT_UNDERSTOOD, reason=reading.kind.value)
    if reading.has_link and not reading.discloses and reading.writer is Writer.UNKNOWN:
        # A link with words that say nothing about anyone at risk: spam, or a pasted page.
        return Decision(Journey.NOT_UNDERSTOOD, reason="a link")
    return None


def _danger(message: Message) -> Decision | None:
    reading = message.reading
    health = reading.writer is Writer.HEALTH or (message.confident and message.intent == "hospital_referral")
    if not (reading.danger_now or (nlu_says_danger(message.danger_score) and not health)):
        return None
    if message.confident and message.intent == EMERGENCY_NUMBERS and not reading.indicators:
        return None  # "what number do I call in an emergency?": the answer gives 999 itself
    intended = INTENT_JOURNEYS.get(message.intent or "") if message.confident else None
    if intended is Journey.PARENT and not _contradicts(Journey.PARENT, reading):
        return _parent(message, True)
    if intended in (Journey.HANDOVER, Journey.HEALTH) and reading.writer in (Writer.PROFESSIONAL, Writer.HEALTH,
                                                                           Writer.UNKNOWN):
        # A professional handing over someone under threat, or a nurse whose patient is: their own journey.
        return Decision(intended, danger_advice=True, reason=f"danger, intent {message.intent}")
    if intended is Journey.SIGNPOST or intended is None:
        intended = Journey.TIP
    return _by_writer(message, True, intended) or Decision(intended, danger_advice=True)


def _question(message: Message) -> Decision | None:
    """A plain question the NLU took for a report or did not know: answered if a question ranks.

    "Does reporting here count as reporting to the police?" reads like a tip to
    the NLU; with nothing reported in it (no indicators, nobody named, no age or
    place, no distress) and a question intent among the NLU's next guesses, it
    gets that question's answer.
    """
    reading = message.reading
    if message.intent in ANSWER_INTENTS and message.confident:
        return None
    if (not _questioning(reading) or (reading.discloses and not _generic(reading)) or reading.distress
            or reading.asks_to_report
            or reading.age is not None
            or reading.places or reading.subject_name or reading.words > QUESTION_WORDS or reading.moves
            or reading.asks_for_services):
        return None
    if reading.writer is Writer.YOUNG_PERSON and reading.sure:
        return None  # "what happens if i tell u who's making me do it": a young person telling
    ranked = [(name, confidence) for name, confidence in ((message.intent or "", message.confidence),
                                                          *message.ranking)
              if name in QUESTIONS and confidence >= QUESTION_RANKED]
    if not ranked:
        return None
    name = max(ranked, key=lambda item: item[1])[0]
    return Decision(Journey.ANSWERED, answer=name, reason=f"a question: {name}")


def _intent(message: Message) -> Decision | None:
    if not message.confident:
        return None
    reading = message.reading
    journey = INTENT_JOURNEYS.get(message.intent or "")
    if journey is not None:
        if _contradicts(journey, reading):
            return _by_writer(message, False, journey)
        if journey is Journey.PARENT:
            return _parent(message, False)
        if journey is Journey.CONCERN and reading.relocating and reading.writer in (Writer.PROFESSIONAL,
                                                                                  Writer.UNKNOWN):
            return Decision(Journey.HANDOVER, reason="a move between areas")
        if (journey is Journey.SIGNPOST and reading.sure and reading.writer is not Writer.UNKNOWN and (
                (not _questioning(reading) and (reading.discloses or reading.age is not None))
                or (reading.writer is Writer.PROFESSIONAL and _about_someone(reading)
                    and not reading.asks_for_services))):
            # "Probation here. Case is 20M, wants to exit, Southwark. Looking to refer.": a referral.
            decision = _by_writer(message, False, None)
            if decision is not None:
                return decision
        if (journey is Journey.SIGNPOST and reading.relocating and reading.words >= STORY_WORDS
                and reading.writer in (Writer.PROFESSIONAL, Writer.UNKNOWN)):
            return Decision(Journey.HANDOVER, reason="a move between areas, with someone to hand over")
        if (journey is Journey.CONCERN and reading.asks_for_services and reading.asks_question
                and reading.writer is not Writer.PARENT and not _particular(reading)):
            return Decision(Journey.SIGNPOST, reason="a question about services")
        return Decision(journey, reason=f"intent {message.intent}")
    if message.intent in ANSWER_INTENTS:
        small_talk = message.intent in SMALL_TALK
        if (not _questioning(reading) and reading.sure and reading.writer is not Writer.UNKNOWN
                and (reading.discloses or reading.age is not None) and not reading.distress):
            # "Teacher in Erith. Pupil, 13, came in today with a black eye ...": a report, not a question.
            decision = _by_writer(message, False, None)
            if decision is not None:
                return decision
        if small_talk and reading.discloses and reading.writer is not Writer.UNKNOWN:
            return _by_writer(message, False, None)
        if reading.writer is Writer.YOUNG_PERSON and reading.sure:
            # "what happens if i tell u who's making me do it": a young person telling, not just asking.
            return Decision(Journey.SUPPORT, reason="a young person's question about their own situation")
        if small_talk and reading.distress:
            return Decision(Journey.COMFORT, reason="distress")
        return Decision(Journey.ANSWER, reason=f"intent {message.intent}")
    return None


#: Indicators that name a feeling: said of oneself they are distress, not a disclosure of harm.
FEELINGS = frozenset({"behaviour_change"})
#: Journeys of adults doing their job: "can you help me hand over a case" is not distress.
_WORK = frozenset({Journey.CONCERN, Journey.TIP, Journey.SIGNPOST, Journey.HEALTH, Journey.HANDOVER})


def _distress(message: Message) -> Decision | None:
    """Distress with nothing about harm in the words: a warm reply (it says to call 999 in danger too).

    Before the NLU's danger score: "can't stop crying" is not a 999 call by itself.
    """
    reading = message.reading
    working = message.confident and INTENT_JOURNEYS.get(message.intent or "") in _WORK
    # Feeling scared or anxious is the distress itself, not a sign of harm to report.
    harm = set(reading.indicators) - FEELINGS
    telling = reading.writer is Writer.YOUNG_PERSON and reading.sure  # "they make me hold stuff ... scared"
    detail = reading.age is not None or bool(reading.places)  # "need help getting out. sidcup. 17"
    if (reading.distress and not harm and not telling and not detail and not reading.danger_now
            and not reading.asks_to_report
            and reading.kind is MessageKind.TEXT and not working):
        return Decision(Journey.COMFORT, reason="distress without detail")
    return None


def _unsure(message: Message) -> Decision | None:
    reading = message.reading
    if (reading.asks_question and not reading.discloses and not reading.distress
            and message.intent in ANSWER_INTENTS and message.confidence >= 0.4):
        return Decision(Journey.ANSWER, reason=f"a question, intent {message.intent} (unsure)")
    if reading.moves and reading.writer in (Writer.PROFESSIONAL, Writer.UNKNOWN) and len(reading.places) >= 2:
        return Decision(Journey.HANDOVER, reason="a move between two areas")
    if (reading.asks_for_services and reading.writer in (Writer.PROFESSIONAL, Writer.UNKNOWN)
            and not (_about_someone(reading) and reading.writer is Writer.PROFESSIONAL)):
        return Decision(Journey.SIGNPOST, reason="a question about services")
    if reading.writer is not Writer.UNKNOWN and (reading.discloses or reading.distress or reading.asks_to_report
                                                 or reading.age is not None or reading.words >= 6):
        decision = _by_writer(message, False, None)
        if decision is not None:
            return decision
    if reading.discloses:
        if message.channel == "sms":
            return Decision(Journey.TIP, reason="risk to someone, by text message")
        return Decision(Journey.SOMEONE_ELSE, reason="risk to someone, writer unclear")
    if reading.distress:
        return Decision(Journey.COMFORT, reason="distress")
    if message.intent in ANSWER_INTENTS and message.confidence >= 0.4:
        return Decision(Journey.ANSWER, reason=f"intent {message.intent} (unsure)")
    return None


#: The journey rules, in order: the first that decides wins.
#:
#: 1. a button is what it says;
#: 2. emoji only → a warm reply; another language → a reply in it; gibberish or a bare link → no journey;
#: 3. distress with nothing about harm or danger in the words ("i can't cope") → a warm reply that
#:    asks what is happening (and says to call 999 in danger);
#: 4. danger now → the 999 advice first, then the journey of whoever is writing;
#: 5. a plain question with nothing reported in it → its answer, even if the NLU's top guess is a report;
#: 6. a confident intent, unless the words plainly say someone else is writing;
#: 7. unsure: the words decide (who is writing, else a choice when someone is at risk).
JOURNEY_RULES: tuple[Callable[[Message], Decision | None], ...] = (
    _button, _not_words, _distress, _danger, _question, _intent, _unsure)


# --- answers to questions --------------------------------------------------------------------------
class AnswerKind(str, enum.Enum):
    """What kind of thing a question asks for."""

    NAME = "name"
    PLACE = "place"
    AGE = "age"
    SCHOOL = "school"
    ORGANISATION = "organisation"
    ROLE = "role"
    CONTACT = "contact"
    WHEN = "when"
    CHOICE = "choice"
    YES_NO = "yes_no"  # also the summary's "Yes, send it" / "Change something"
    DATE = "date"
    NARRATIVE = "narrative"  # the description questions: anything said there is the account


@dataclass(frozen=True)
class Screened:
    """What to do with an answer before the question's own parser sees it."""

    #: Give the 999 advice (once this turn).
    danger_advice: bool = False
    #: The answer tells of harm: it is kept in the account whatever happens to the slot.
    disclosure: bool = False
    #: Do not store the answer; ask the question again (after saying why).
    reask: bool = False
    #: A clean value taken from an answer that also discloses (a known place, an age, a time).
    value: str | None = None


_LEADING_AGE = re.compile(r"^\W*(?:about|around|roughly|maybe|approx\.?|prob(?:ably)?|like)?\s*(\d{1,2})\b")


def screen_answer(reading: Reading, kind: AnswerKind) -> Screened:
    """Return what to do with an answer of ``kind`` whose reading is ``reading``.

    Danger or a serious harm in an answer gets the 999 advice, and such an
    answer is never stored as a name, school, organisation, role or choice;
    for a place, an age or a time the clean value is kept when one can be
    taken from it ("Sidcup", "15"), otherwise the question is asked again.
    Other disclosures (early signs, exploitation) are kept in the account and
    the question's own parser decides. Yes/no answers and descriptions are
    parsed as usual.
    """
    if kind is AnswerKind.YES_NO:
        # A yes or no to a question about risk ("continuing threats?") names the risk:
        # only danger now calls for the advice here (the question's own parser handles "yes").
        return Screened(danger_advice=reading.readable and reading.danger_now,
                        disclosure=reading.readable and reading.discloses)
    if kind in (AnswerKind.NAME, AnswerKind.ROLE, AnswerKind.ORGANISATION) and reading.readable and \
            reading.discloses and not reading.risk:
        # "he's in a gang now" is never a name: kept in the account, the question asked again.
        return Screened(disclosure=True, reask=True)
    if not reading.readable or kind is AnswerKind.NARRATIVE or not reading.risk:
        # Early signs or exploitation in an answer are kept in the account; the question's
        # own parser decides whether the answer is still usable ("not in school" is a school answer).
        return Screened(danger_advice=reading.readable and reading.risk,
                        disclosure=reading.readable and reading.discloses)
    value: str | None = None
    if kind is AnswerKind.PLACE and reading.places:
        value = reading.places[0][0]
    elif kind is AnswerKind.AGE:
        leading = _LEADING_AGE.match(_plain(reading.text))
        age = reading.age if reading.age is not None else (int(leading.group(1)) if leading else None)
        value = str(age) if age is not None and 1 <= age <= 99 else None
    elif kind in (AnswerKind.WHEN, AnswerKind.DATE):
        value = reading.when
    return Screened(danger_advice=reading.risk, disclosure=True, reask=value is None, value=value)
