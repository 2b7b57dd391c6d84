"""Triage policy (DESIGN §4): pure rules from facts to urgency with reasons.

The policy is a table. Each :class:`Rule` says which urgency it asks for, the
reason a SPOC reads, and a predicate over :class:`Facts`. The result is the
highest urgency any rule asks for, with the reasons of every rule at that level.
Nothing here does I/O; free text is analysed by the caller-supplied
:class:`~frontdoor.extraction.Analyser`.

Principles that run through the table: being under 18 never lowers urgency; an
unknown age is treated as possibly a child; an adult with care and support needs
is protected like a child when missing or sexually exploited; a looked-after child,
or one known to children's social care, is raised one step; and a referral whose
signals conflict or whose words are too thin to judge is flagged for a person's
judgement (:func:`judgement`), never quietly left green.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdoor import taxonomy
from frontdoor.extraction import Analyser
from frontdoor.hospital import imminent_threat
from frontdoor.model import JUDGEMENT_REASON, Kind, ReferralDraft, TriageResult, Urgency
from frontdoor.taxonomy import Group

if TYPE_CHECKING:
    from frontdoor.learned import LearnedReader

_CCE = ("drug_running", "county_lines", "trap_house", "missing_episodes")
#: Violence against a person, found in a handover's risks.
_VIOLENCE = frozenset({"threats", "threat_to_life", "weapon", "firearm", "serious_injury", "violence_victim"})


@dataclass(frozen=True)
class Facts:
    """What triage reasons about, already extracted from a draft."""

    kind: Kind
    immediate_danger: bool | None
    indicators: frozenset[str]
    age: int | None = None
    when: str | None = None
    consent_to_contact: bool | None = None
    danger_in_text: bool = False
    #: The reporter said the young person is looked after or known to children's social care.
    looked_after_answer: bool | None = None
    #: How many words the description has (None: no description to judge).
    words: int | None = None
    #: A handover's court orders include a gang injunction.
    gang_injunction: bool = False
    #: Indicators in a handover's risks and orders (not its description).
    handover_risks: frozenset[str] = frozenset()
    #: Only asking for information or a service ("what is county lines?", "is there a mentor scheme?"),
    #: with nothing of concern in it beyond early signs: signposting (green). Wanting out of a gang is
    #: asking for help.
    signposting: bool = False
    #: "Wrong number, sorry": a message that is not a report at all.
    not_a_report: bool = False
    #: The description is about a particular person ("is my son in a gang?"), not only the service.
    about_someone: bool = False
    #: The description rules something out ("no weapon was seen", "marked absent"): it says something,
    #: however short.
    rules_out: bool = False

    @property
    def possibly_child(self) -> bool:
        """True unless the person is known to be 18 or over."""
        return self.age is None or self.age < 18

    @property
    def care_needs(self) -> bool:
        """An adult with care and support needs (learning disability, care leaver, ...)."""
        return "care_and_support_needs" in self.indicators

    @property
    def protected(self) -> bool:
        """Possibly a child, or an adult with care and support needs: the missing and exploitation rules apply."""
        return self.possibly_child or self.care_needs

    @property
    def looked_after(self) -> bool:
        """Looked after, or known to children's social care (said in the answers or the description)."""
        return self.possibly_child and (self.looked_after_answer is True or "looked_after" in self.indicators)

    @property
    def who(self) -> str:
        """"A child" or "An adult with care and support needs", for reasons."""
        return "A child" if self.possibly_child else "An adult with care and support needs"

    @property
    def in_past(self) -> bool:
        return (self.when or "").strip().lower() == "past"

    def has(self, *codes: str) -> bool:
        return any(code in self.indicators for code in codes)

    @property
    def early_signs(self) -> list[str]:
        return taxonomy.in_group(self.indicators, Group.EARLY_SIGN)


@dataclass(frozen=True)
class Rule:
    urgency: Urgency
    reason: Callable[[Facts], str]
    applies: Callable[[Facts], bool]
    #: The rule depends on the person possibly being a child.
    child_rule: bool = False


def _labels(codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(taxonomy.label(code).lower() for code in codes)


RULES: tuple[Rule, ...] = (
    # --- red ---------------------------------------------------------------
    Rule(Urgency.RED, lambda f: "Reporter says someone is in immediate danger",
         lambda f: f.immediate_danger is True),
    Rule(Urgency.RED, lambda f: ("The description says someone may be in danger now, although the reporter "
                                 "answered No to the danger question" if f.immediate_danger is False else
                                 "The description says someone may be in danger now"),
         lambda f: f.danger_in_text),
    Rule(Urgency.RED, lambda f: "A firearm was seen or is being carried",
         lambda f: f.has("firearm")),
    Rule(Urgency.RED, lambda f: "Weapon together with threats or intent to use it",
         lambda f: f.has("weapon") and f.has("threats", "threat_to_life")),
    Rule(Urgency.RED, lambda f: "Serious violence or injury (stabbed, shot or beaten), recent or ongoing",
         lambda f: f.has("serious_injury") and not f.in_past),
    Rule(Urgency.RED, lambda f: "A child with a stab or gunshot wound",
         lambda f: f.kind is Kind.HEALTH and f.has("serious_injury") and f.possibly_child, child_rule=True),
    Rule(Urgency.RED, lambda f: "Threat to life or of serious harm",
         lambda f: f.has("threat_to_life")),
    Rule(Urgency.RED, lambda f: f"{f.who} is missing now",
         lambda f: f.has("missing_now") and f.protected, child_rule=True),
    Rule(Urgency.RED, lambda f: "Being moved or trafficked now (county lines in progress)",
         lambda f: f.has("trafficked_now")),
    Rule(Urgency.RED, lambda f: f"Sexual exploitation of {f.who.lower()}",
         lambda f: f.has("sexual_exploitation") and f.protected, child_rule=True),
    Rule(Urgency.RED, lambda f: "Urgent relocation because of threats or violence",
         lambda f: f.kind is Kind.HANDOVER and f.has("urgent_relocation")),
    Rule(Urgency.RED, lambda f: "A handover whose risks or orders show threats: " + _labels(
             [c for c in ("threats", "weapon", "gang_association") if f.has(c)]),
         lambda f: f.kind is Kind.HANDOVER and f.has("threats")),
    # The handover's risks are the dangers the move is made around: violence there, however long ago, counts.
    Rule(Urgency.RED, lambda f: "A handover whose risks show violence against the person: " + _labels(
             sorted(f.handover_risks & _VIOLENCE)),
         lambda f: f.kind is Kind.HANDOVER and bool(f.handover_risks & _VIOLENCE)),
    Rule(Urgency.RED, lambda f: "A handover of someone under a gang injunction",
         lambda f: f.kind is Kind.HANDOVER and f.gang_injunction),
    Rule(Urgency.RED, lambda f: "Continuing threats to a patient after a violent injury",
         lambda f: f.kind is Kind.HEALTH and f.has("continuing_threats")),
    # --- amber -------------------------------------------------------------
    Rule(Urgency.AMBER,
         lambda f: ("Child criminal exploitation indicators: " if f.possibly_child
                    else "Criminal exploitation indicators: ") + _labels([c for c in _CCE if f.has(c)]),
         lambda f: f.has(*_CCE)),
    Rule(Urgency.AMBER, lambda f: "Carrying a weapon (no immediate threat reported)",
         lambda f: f.has("weapon")),
    Rule(Urgency.AMBER, lambda f: "Cuckooing or exploitation of a vulnerable adult",
         lambda f: f.has("cuckooing") or (f.has("sexual_exploitation") and not f.protected)),
    Rule(Urgency.AMBER, lambda f: "Debt bondage",
         lambda f: f.has("debt_bondage")),
    Rule(Urgency.AMBER, lambda f: "Recruitment or grooming of an under-18",
         lambda f: f.has("recruitment") and f.possibly_child, child_rule=True),
    Rule(Urgency.AMBER, lambda f: "Victim of gang violence",
         lambda f: f.has("violence_victim") or (f.has("serious_injury") and f.in_past)),
    Rule(Urgency.AMBER, lambda f: "Threats made",
         lambda f: f.has("threats", "continuing_threats")),
    Rule(Urgency.AMBER, lambda f: "Young person asking for help and agreeing to be contacted",
         lambda f: f.kind is Kind.SELF_REFERRAL and f.consent_to_contact is True and not f.signposting),
    Rule(Urgency.AMBER, lambda f: "Three or more early signs about a child: " + _labels(f.early_signs),
         lambda f: len(f.early_signs) >= 3 and f.possibly_child, child_rule=True),
)


def _green_reasons(facts: Facts) -> list[str]:
    reasons: list[str] = []
    if facts.early_signs:
        reasons.append("Early signs only: " + _labels(facts.early_signs))
    others = [c for c in taxonomy.validate_codes(sorted(facts.indicators)) if c not in facts.early_signs]
    if others:
        reasons.append("Noted, not raising urgency on their own here: " + _labels(others))
    if facts.kind is Kind.HANDOVER:
        reasons.append("Relocation handover without threats")
    elif facts.kind is Kind.SELF_REFERRAL and facts.consent_to_contact is True and facts.signposting:
        reasons.append("Signposting request: asking for information or a service, with nothing of concern")
    elif facts.kind is Kind.SELF_REFERRAL:
        reasons.append("Signposting request; no consent to be contacted")
    elif not facts.indicators:
        reasons.append("No risk indicators found: general information")
    return reasons


#: Fewer words than this, with no indicator (or only "gang" or a mood) and nothing ruled out, are too thin to judge.
THIN_WORDS = 10
#: Indicators that say nothing a SPOC can act on by themselves ("is my son in a gang", "gang stuff, ring me",
#: "I'm scared to say more").
_SAYS_NOTHING = frozenset({"gang_association", "behaviour_change"})

_RAISED = {Urgency.GREEN: Urgency.AMBER, Urgency.AMBER: Urgency.RED, Urgency.RED: Urgency.RED}


def _rules(facts: Facts) -> tuple[Urgency, list[str]]:
    for level in (Urgency.RED, Urgency.AMBER):
        fired = [rule for rule in RULES if rule.urgency is level and rule.applies(facts)]
        if fired:
            reasons = [rule.reason(facts) for rule in fired]
            if facts.age is None and any(rule.child_rule for rule in fired):
                reasons.append("Age not given, so treated as possibly a child")
            return level, reasons
    return Urgency.GREEN, _green_reasons(facts)


#: Why a referral the second reading raised, or lowered from red, needs a person's judgement.
SECOND_READING_DISAGREES = "the rule table and a second reading of the words disagree"


def judgement(facts: Facts) -> str | None:
    """Return why a person's judgement is needed (signals conflict, or too little to judge), or None."""
    if facts.immediate_danger is False and facts.danger_in_text:
        return "The reporter answered No to the danger question, but the description says otherwise"
    if facts.immediate_danger is True and not facts.indicators and not facts.danger_in_text and facts.words:
        return "The reporter says someone is in danger, but the description says nothing of it"
    if (facts.words is not None and facts.words < THIN_WORDS and not facts.danger_in_text
            and facts.immediate_danger is not True and facts.kind in (Kind.CONCERN, Kind.TIP)
            and facts.indicators <= _SAYS_NOTHING and not facts.rules_out
            and not (facts.signposting and not facts.about_someone) and not facts.not_a_report):
        return "Too little to judge"
    return None


def evaluate(facts: Facts) -> tuple[Urgency, tuple[str, ...]]:
    """Return the urgency the policy gives ``facts`` and the reasons for it.

    A looked-after child, or one known to children's social care, is raised one
    step; a referral that needs a person's judgement (:func:`judgement`) is
    never left green.
    """
    level, reasons = _rules(facts)
    if facts.looked_after and level is not Urgency.RED:
        level = _RAISED[level]
        reasons.append("Looked after or known to children's social care, so raised one step")
    why = judgement(facts)
    if why:
        if level is Urgency.GREEN:
            level = Urgency.AMBER  # never quietly green
        reasons.append(JUDGEMENT_REASON + why[0].lower() + why[1:])
    return level, tuple(reasons)



#: A question or a request for information ("what is ...?", "can you give me details", "wanna know if").
_ASKING = re.compile(r"\?|^\s*(?:is|are|can|could|do|does|how|what|where|who|why|will|would|should)\b|\b(?:what is|what's|whats|what does|how do i|how can i|is there|are there|can i get|"
                     r"can you give|details for|details of|wanna know|want to know|where can i|what's the number|"
                     r"wats the number|whats the number|number for)\b", re.I)
#: A question may name these and still be only a question ("I smoke weed sometimes, is that bad?", "is it gang
#: stuff if he listens to drill?"); not signs of someone grooming the writer (older people, gifts, lifts, cash).
_ASKING_ALLOWS = frozenset({"drug_use", "gang_association", "gang_content_online", "falling_attendance",
                            "behaviour_change", "looked_after", "care_and_support_needs"})
#: Someone in particular: "my son", "he", "a boy".
_SOMEONE = re.compile(r"\b(?:my (?:son|daughter|child|kid|kids|boy|girl|brother|sister|friend|mate|cousin|nephew|niece)|"
                      r"he|she|him|her|hes|shes|a (?:boy|girl|lad|kid|child|pupil|student)|pupil|student|patient)\b",
                      re.I)
#: Not a report at all.
_NOT_A_REPORT = re.compile(r"\bwrong (?:number|person|chat)\b|\bignore (?:this|that|me)\b|"
                           r"\bsent (?:this|that|it) by mistake\b", re.I)

#: A handover's answers that triage reads besides its description: risks and court orders.
HANDOVER_RISK_DETAILS = ("risks_to_person", "risks_from_person", "court_orders")
_INJUNCTION = re.compile(r"\bgang(?:s|-related)? injunction|\binjunction\b.{0,40}\bgang", re.I)
#: An injunction that was refused, has ended or does not exist ("application was refused", "no injunction").
_NO_INJUNCTION = re.compile(
    r"\bno (?:gang )?injunction|\binjunction\b[^.;]{0,60}\b(?:refused|declined|withdrawn|expired|lapsed|discharged|"
    r"ended|not granted|nothing in place)\b|\bnot (?:under|subject to) (?:a|an|any) (?:gang )?injunction", re.I)


def _under_injunction(text: str) -> bool:
    """Return True when a sentence of ``text`` says someone is under a gang injunction (not one refused or ended)."""
    return any(_INJUNCTION.search(sentence) and not _NO_INJUNCTION.search(sentence)
               for sentence in re.split(r"(?<=[.!?;\n])\s*", text))


def facts_from_draft(draft: ReferralDraft, analyser: Analyser) -> Facts:
    """Return the facts of ``draft``: its chosen indicators plus those in its text.

    A handover is read in its risks and court orders too (an Osman warning in its
    risks, a gang injunction in its orders), not only in the move's reason.

    Raises:
        InvalidInput: the draft names an indicator code not in the taxonomy.
    """
    chosen = taxonomy.validate_codes(draft.indicators)
    # A handover is a move: "being moved from Bexley to Kent" there is the move, not trafficking.
    moving = draft.kind is Kind.HANDOVER
    analysis = analyser.analyse(draft.description or "", moving=moving)
    extra: frozenset[str] = frozenset()
    injunction = False
    if draft.kind is Kind.HANDOVER:
        risks = "\n".join((draft.details or {}).get(key) or "" for key in HANDOVER_RISK_DETAILS)
        if risks.strip():
            extra = frozenset(analyser.analyse(risks, moving=moving).indicators)
        injunction = _under_injunction(risks) or _under_injunction(draft.description or "")
    subject = draft.subject
    looked_after = None
    if subject is not None and (subject.looked_after is not None or subject.known_to_social_care is not None):
        looked_after = bool(subject.looked_after or subject.known_to_social_care)
    return Facts(
        kind=draft.kind,
        immediate_danger=draft.immediate_danger,
        indicators=frozenset(chosen) | frozenset(analysis.indicators) | extra,
        age=draft.subject_age,
        when=draft.when,
        consent_to_contact=draft.consent_to_contact,
        # Health staff describe the injury being treated ("stabbed this morning"): for them danger
        # now is the hospital's own test (threats now, the people responsible at or coming to it).
        danger_in_text=imminent_threat(draft.description or "", analyser) if draft.kind is Kind.HEALTH
        else analysis.danger_now,
        looked_after_answer=looked_after,
        words=len((draft.description or "").split()),
        gang_injunction=injunction,
        handover_risks=extra,
        rules_out=analysis.rules_out,
        signposting=bool(_ASKING.search(draft.description or "")) and not analysis.danger_now
        and len(re.findall(r"[A-Za-z]{2,}", draft.description or "")) >= 2
        and not set(analysis.indicators) - _ASKING_ALLOWS,
        not_a_report=bool(_NOT_A_REPORT.search(draft.description or "")),
        about_someone=bool(_SOMEONE.search(draft.description or "")),
    )


def triage(draft: ReferralDraft, analyser: Analyser, reader: LearnedReader | None = None) -> TriageResult:
    """Return urgency, reasons and the indicators used for ``draft``.

    With a ``reader`` (:mod:`frontdoor.learned`), the rule table's urgency is
    checked by the second reading of the words, which may change it within
    its safety limits; the change is given as a reason and, when it raises
    to red, flagged for a person's judgement. A red from the rules stays red.

    Raises:
        InvalidInput: the draft names an indicator code not in the taxonomy.
    """
    facts = facts_from_draft(draft, analyser)
    urgency, reasons = evaluate(facts)
    indicators = taxonomy.validate_codes(sorted(facts.indicators))
    flagged = judgement(facts) is not None
    if reader is not None:
        reading = reader.read(draft, urgency, indicators, flagged)
        decision = reader.decide(reading, urgency, danger_answer=draft.immediate_danger, rules_flagged=flagged)
        if decision.reason:
            urgency = decision.urgency
            reasons = reasons + (decision.reason,)
            if decision.flagged and not flagged:
                reasons = reasons + (JUDGEMENT_REASON + SECOND_READING_DISAGREES,)
                flagged = True
    return TriageResult(urgency=urgency, reasons=reasons, indicators=indicators, needs_judgement=flagged)
