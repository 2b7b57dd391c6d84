"""What a message tells besides who writes it: an injury, a move, a time, schools and names."""

from __future__ import annotations

import re

from frontdoor.model import ReporterRole
from frontdoor.understanding.reading import Writer

INJURY = re.compile(r"\b(?:stab(?:bed|bing)?|stab wound|gunshot|shot|knife wound|laceration|slash(?:ed)?|cut|cuts|"
                     r"fracture[ds]?|broken|bruis\w*|black eye|split lip|knocked out|bite|bitten|burns?|burnt|"
                     r"bleeding|head injury|"
                     r"assault(?:ed)?|beaten|injur(?:y|ies|ed)|wound)\b")
#: An injury said not to be there: "no injuries", "not injured".
NO_INJURY = re.compile(r"\b(?:no|not|without|never) (?:any |visible |obvious |physical )?(?:injur\w*|wounds?|"
                        r"marks|bruis\w*|cuts?)\b|\buninjured\b")
HANDOVER = re.compile(
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
MOVE = re.compile(
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


ASKS_TO_REPORT = re.compile(r"\b(?:report|refer|referral|tell (?:the )?(?:police|someone|you)|let (?:you|someone) "
                             r"know|pass (?:this|it) on|make a complaint)\b")
WHEN = re.compile(
    r"\b(?:right now|rn|now|just now|tonight|today|this (?:morning|afternoon|evening)|last night|yesterday|"
    r"earlier(?: today)?|an hour ago|\d+ (?:mins?|minutes|hours) ago|every (?:day|night|evening|weekend|morning)|"
    r"most (?:days|nights|evenings|weekends)|(?:at|on) (?:the )?weekends?|all (?:day|night)|since (?:monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|last week|yesterday)|last week|for (?:weeks|months|days)|"
    r"(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: night| morning| evening)?)\b")
_SCHOOL = re.compile(
    r"\b((?:[A-Z][\w'&.-]*\s){0,4}(?:[A-Z][\w'&.-]*\s)?(?:School|Academy|College|Grammar|High|Primary|"
    r"Secondary|PRU|Pupil Referral Unit|Council|Trust|Services?|Team|Club|Centre|Center|Project|Association|"
    r"Church|Hospital|Housing|Homes|Partnership|Foundation|Charity|YOT|YOS|MASH|CSC|Hub|Collective|Surgery|"
    r"Practice|Unit|Network|Agency)"
    r"(?:\s(?:School|Academy|College|Team|Service))?)\b")
#: Words that make a named organisation a school (its pupils are the writer's pupils).
SCHOOLS = re.compile(r"\b(?:School|Academy|College|Grammar|High|Primary|Secondary|PRU|Pupil Referral Unit)\b")
_WORKS_AT = re.compile(r"\b(?:at|for|from|in|with)\s+$", re.I)
_SUBJECT_AT = re.compile(r"\b(?:goes to|attends|attending|pupil at|student at|studying at|year \d+ at|in year \d+ at|"
                         r"enrolled at|on roll at|at)\s+$", re.I)


NAME_SAID = re.compile(
    r"\b(?:(?:his|her|their|the (?:boy|girl|young person|child|pupil|student|patient)'?s?) name(?: is|'s|s)|"
    r"(?:he|she|they)(?:'s| is| are) called|called|named)\s+([A-Z][a-zA-Z'-]+(?:\s[A-Z][a-zA-Z'-]+){0,2})"
    # "a Year 10 girl, Amira Khan, aged 15" / "my son, Leon (15)" / "one of my students, Shanice Clarke, 16" /
    # "a young person on my caseload, Aaliyah Brennan, aged 16"
    r"|\b(?:boy|girl|pupil|student|lad|son|daughter|child|teenager|young person|client|patient|yp|pupils|students|"
    r"learners?|caseload|tutee|mentee|year[- ]old|yr[- ]old|yo|y/o),\s+"
    r"([A-Z][a-zA-Z'-]+(?:\s[A-Z][a-zA-Z'-]+)?)\s*(?=,|\(|\b(?:aged|age|who|is|has|was)\b)"
    # a parent's own child: "my son Callum who's 15", "My son Deshawn is 13", "my daughter Amy hasn't come home"
    r"|\b(?i:my|our)\s+(?i:son|daughter|boy|girl|grandson|granddaughter|stepson|stepdaughter|nephew|niece|"
    r"foster son|foster daughter)\s+([A-Z][a-zA-Z'-]+)"
    r"(?=\s*[,.(]|\s+(?:who|is|was|has|hasn't|hasnt|isn't|isnt|keeps|aged|age|\d))"
    # "one of my young people (Marcus, 16)"
    r"|\b(?:young people|young person|boys|girls|lads|students|pupils|clients|kids|yp|lad|boy|girl|son|daughter)\s+"
    r"\(([A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?),?\s*(?:aged\s*)?\d{1,2}\)"
    # a form's label: "Child: Bradley Fenwick, aged 13", "Name of young person: ..."
    r"|\b(?i:child|young person|yp|pupil|student|patient|name of (?:the )?(?:child|young person|pupil|student))"
    r"\s*:\s*([A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+){0,2})"
    # "I want to raise Dante Okafor, 15", "referring Kai Lewis (14)"
    r"|\b(?:raise|raising|refer|referring|flag|flagging)\s+([A-Z][a-z'-]+\s[A-Z][a-z'-]+)(?=\s*(?:,|\())")
OWN_NAME = re.compile(
    r"\b(?i:my name is|my name's|i'?m called|this is)\s+(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?"
    r"([A-Z][a-zA-Z'-]+(?:\s[A-Z][a-zA-Z'-]+)?)"
    # "I'm Helen Price, the DSL" (two capitalised words) or a sign-off "Thanks, Helen Price"
    r"|\b(?:I'?m|I am)\s+([A-Z][a-z'-]+\s[A-Z][a-z'-]+)\b"
    r"|(?i:thanks|thank you|regards|many thanks|kind regards|cheers),?\s+([A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?)\W*$")


PUPIL = re.compile(r"\b(?:pupil|student|learner|year ?\d{1,2}|yr ?\d{1,2}|in my class|in our school|our school|"
                    r"my form|tutor group)\b")


def first_match(pattern: re.Pattern[str], text: str) -> str | None:
    """Return the first text ``pattern`` matches, or None."""
    match = pattern.search(text)
    return match.group(0) if match else None


def name_said(pattern: re.Pattern[str], text: str) -> str | None:
    """Return the name ``pattern`` captures, without words that are not names (None if it names nobody)."""
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


#: A council named as one: "London Borough of Lewisham", "Royal Borough of Greenwich".
_COUNCIL = re.compile(r"\b((?:London|Royal) Borough of [A-Z][\w-]+(?: (?:and|&) [A-Z][\w-]+)?)")
#: Where the writer works, in their own words and any case: "i work at northdown learning centre", "a youth
#: worker at Clapton Common youth hub", "a social worker in Tower Hamlets children's social care", "I'm Sam
#: Adeyinka, a YOT caseworker with Hackney Youth Justice".
_OWN_PLACE = re.compile(
    r"\b(?:i work (?:at|for|in)|i'?m based (?:at|in)|working (?:at|for)|i volunteer at|"
    r"(?:i'?m|i am)(?: [\w'-]+){0,3},? (?:a|an|the) (?:[\w-]+ ){1,4}?(?:at|for|with|in))\s+"
    r"(?:the |a )?((?:[\w'&-]+ ){0,5}?(?:school|academy|college|centre|center|hub|project|club|team|service|"
    r"services|unit|surgery|practice|pru|trust|council|charity|social care|youth offending service|youth justice|"
    r"yos|yot|csc|pdu))\b", re.I)


def schools_named(text: str, writer: Writer, role: ReporterRole | None) -> tuple[str | None, str | None]:
    """Return (the writer's own school or organisation, the young person's school) named in ``text``.

    The writer's organisation is looked for where they say where they work; a
    council ("London Borough of Lewisham") or their own words in any case ("i
    work at northdown learning centre") when no capitalised name is found.
    """
    organisation, school = _capitalised(text, writer, role)
    if organisation is None and (writer is Writer.PROFESSIONAL or role is not None):
        council, own = _COUNCIL.search(text), _OWN_PLACE.search(text)
        found = council.group(1) if council else own.group(1) if own else None
        if found and found != school:
            organisation = found
    return organisation, school


def _capitalised(text: str, writer: Writer, role: ReporterRole | None) -> tuple[str | None, str | None]:
    """Return (the writer's organisation, the young person's school) among the capitalised names in ``text``."""
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
