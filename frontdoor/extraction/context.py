"""What a match's sentence says about it: over, explained away, hypothetical, or happening now.

The lexicon's markers (``missing_repeated``, ``injury_in_the_past``, ``explained_away``,
``hypothetical``) recast the indicators matched near them (:data:`RECAST`), county
lines travel said with "now" in one sentence is trafficking in progress, and being taken,
driven or moved somewhere is trafficking unless its sentence shows an ordinary move
(:func:`travel_as_trafficking`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from frontdoor.extraction.text import sentence_bounds

DANGER = "__danger__"
IMMEDIACY = "__immediacy__"
DISTRESS = "__distress__"
FALSE_FRIEND = "__false_friend__"
REPEATED = "__missing_repeated__"
PAST = "__injury_in_the_past__"
EXPLAINED = "__explained_away__"
HYPOTHETICAL = "__hypothetical__"
TRAVEL = "__travel__"
DESTINATION = "__destination__"
#: How far (characters) after a move an ``ordinary_move`` marker may come and still be about it ("being moved
#: from 8X to 8Y, and into a different maths set"); one before it must be its mover ("mum is taking him"), so
#: "stopped going to college and they drive him out to Kent" is not an ordinary move.
ORDINARY_REACH = 40
#: What a move becomes when it is not an ordinary one: being taken somewhere is trafficking in progress, going
#: to where county lines are run is county lines travel.
_MOVES = {TRAVEL: "trafficked_now", DESTINATION: "county_lines"}
ORDINARY_MOVE = "__ordinary_move__"
#: Exploitation that, said in the same sentence, makes a move trafficking whatever else that sentence says
#: ("his foster carer says the olders are taking him to Margate").
EXPLOITATION = frozenset({"county_lines", "drug_running", "trap_house", "debt_bondage", "recruitment",
                          "gang_association", "older_associates", "sexual_exploitation", "cuckooing",
                          "missing_now", "missing_episodes"})
#: Immediacy words that mean "happening now" (not "outside", "today" or "this morning").
_NOW = frozenset({"right now", "rn", "now", "tonight", "as we speak", "currently", "at the moment", "atm",
                  "this minute", "just now", "still going on", "still goin on"})
#: Indicator -> [(marker that changes it, what it becomes ("" drops it), whether the marker may come in any
#: later sentence rather than only the same one)].
RECAST: dict[str, list[tuple[str, str, bool]]] = {
    "missing_now": [(REPEATED, "missing_episodes", False)],
    "serious_injury": [(PAST, "violence_victim", False)],
    # "shot in 2021" is being a victim; "a call about a gun ... it was a water pistol" is nothing
    "firearm": [(EXPLAINED, "", True), (PAST, "violence_victim", False)],
    "weapon": [(EXPLAINED, "", True), (PAST, "", False), (HYPOTHETICAL, "", False)],
    "threats": [(PAST, "", False)],
    # "trafficked to Margate in 2023", "they used to take him to Kent": county lines, not now
    "trafficked_now": [(PAST, "county_lines", False)],
    # "worried he might get drawn into county lines", "if I got asked to hold something": a fear or a question,
    # not something happening (threats are never hypothetical: "if they see him they'll stab him" is a threat)
    "county_lines": [(HYPOTHETICAL, "", False)],
    "drug_running": [(HYPOTHETICAL, "", False)],
    "recruitment": [(HYPOTHETICAL, "", False)],
    "cuckooing": [(HYPOTHETICAL, "", False)],
    "trap_house": [(HYPOTHETICAL, "", False)],
}


@dataclass(frozen=True)
class Match:
    """One lexicon hit: which code, the words matched, and whether negated."""

    code: str
    text: str
    start_char: int
    end_char: int
    negated: bool


def _sentence_of(text: str, match: Match) -> tuple[int, int]:
    """Return the bounds of the sentence around ``match`` (see :func:`sentence_bounds`)."""
    return sentence_bounds(text, match.start_char, match.end_char)


def in_progress(text: str, matches: list[Match]) -> bool:
    """True when county lines travel is happening now: travel and "now", "tonight" or "right now" in one
    sentence ("he's been sent to Margate and is there now") - county lines in progress (DESIGN §4)."""
    now = [m for m in matches if m.code == IMMEDIACY and not m.negated and m.text.lower() in _NOW]
    if not now:
        return False
    for match in matches:
        if match.code != "county_lines" or match.negated:
            continue
        start, end = _sentence_of(text, match)
        if any(start < m.start_char and m.end_char <= end for m in now):
            return True
    return False


def recast_episodes(text: str, matches: list[Match]) -> list[Match]:
    """Return ``matches`` with what their sentence says is over recast (see :data:`RECAST`).

    "Missing now" becomes a repeated episode where its sentence says it recurs or has ended
    ("the third time he's gone missing", "went missing overnight and came back"); a serious
    injury long past becomes being a victim of violence ("he was stabbed in 2022", "shot in 2021"), and
    carrying or threats long past are dropped ("used to carry a knife when he was 16"); a gun or knife
    explained away, then or later, is dropped ("the gunshots were fireworks", "a call about a gun.
    Attended: it was a water pistol").
    """
    markers: dict[str, list[Match]] = {
        m.code: [] for m in matches if m.code in (REPEATED, PAST, EXPLAINED, HYPOTHETICAL)}
    for m in matches:
        if m.code in markers:
            markers[m.code].append(m)
    if not markers:
        return matches
    result = []
    for match in matches:
        start, end = _sentence_of(text, match)
        kept: Match | None = match
        for marker, becomes, later in RECAST.get(match.code, []):
            # A hypothetical comes before what it is about ("might get drawn into county lines").
            before = marker == HYPOTHETICAL
            if marker in markers and any(
                    start < r.start_char and (later or r.end_char <= end)
                    and (not before or r.start_char < match.start_char)
                    and not (match.start_char <= r.start_char < match.end_char) for r in markers[marker]):
                kept = replace(match, code=becomes) if becomes else None
                break
        if kept is not None:
            result.append(kept)
    return result


def travel_as_trafficking(text: str, matches: list[Match], *, moving: bool = False) -> list[Match]:
    """Return ``matches`` with each phrase of travel ("being moved", "taking him to") made trafficking in
    progress (``trafficked_now``), and each destination ("to Margate", "out of London") county lines
    travel, or dropped where it is an ordinary move.

    It is an ordinary move when its sentence has no exploitation (:data:`EXPLOITATION`) and either an
    ``ordinary_move`` marker about it (:data:`ORDINARY_REACH`: "to a new school", "by the council", "for his own safety", "mum is taking
    him") or ``moving`` (the text is about a move being arranged, as a handover is: "being moved from
    Bexley to Kent" there is the move itself, "being moved between trap houses" is still trafficking).
    """
    if not any(m.code in _MOVES for m in matches):
        return matches
    ordinary = [m for m in matches if m.code == ORDINARY_MOVE and not m.negated]
    exploited = [m for m in matches if m.code in EXPLOITATION and not m.negated]
    result = []
    for match in matches:
        if match.code not in _MOVES:
            result.append(match)
            continue
        start, end = _sentence_of(text, match)

        def within(m: Match, start: int = start, end: int = end) -> bool:
            return start <= m.start_char and m.end_char <= end

        def near(m: Match, move: Match = match) -> bool:
            # The marker is about this move, not another verb's: where to, who by or why, a few words after
            # it ("being moved ... to a new school"), or who moves them, right before it ("mum is taking").
            after = move.start_char <= m.start_char and m.start_char - move.end_char <= ORDINARY_REACH
            mover = m.start_char < move.start_char and m.end_char >= move.start_char - 1
            return within(m) and (after or mover)

        if (moving or any(near(m) for m in ordinary)) and not any(within(m) for m in exploited):
            continue
        result.append(replace(match, code=_MOVES[match.code]))
    return result
