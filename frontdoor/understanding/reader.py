"""The :class:`Reader`: one message read into a :class:`~frontdoor.understanding.reading.Reading`."""

from __future__ import annotations

from functools import lru_cache

from frontdoor.extraction import Analyser, normalise
from frontdoor.hospital import imminent_threat
from frontdoor.languages import LanguageScreen
from frontdoor.support import age_from_text
from frontdoor.understanding.details import (
    ASKS_TO_REPORT,
    HANDOVER,
    INJURY,
    MOVE,
    NAME_SAID,
    NO_INJURY,
    OWN_NAME,
    WHEN,
    first_match,
    name_said,
    schools_named,
)
from frontdoor.understanding.gibberish import LETTERS, MARKUP, URL, is_emoji_only, is_gibberish
from frontdoor.understanding.questions import ASKS_FOR_SERVICES, QUESTION, distressed, last_sentence
from frontdoor.understanding.reading import MessageKind, Reading, Writer, plain_text
from frontdoor.understanding.writer import claimed_role, writer_of


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
        """The language screen this reader uses."""
        return self._languages

    def read(self, text: str) -> Reading:
        """Return the reading of one message (cached: the same text is read once)."""
        return self._read(text or "")

    def _known(self, word: str) -> bool:
        """True when ``word`` is a known English word."""
        return self._languages.is_english(word)

    def _read_uncached(self, text: str) -> Reading:
        """Return the reading of ``text``: its kind first, then, for words, what they say."""
        stripped = text.strip()
        if stripped.startswith("/"):
            return Reading(text, MessageKind.PAYLOAD)
        if not stripped or is_emoji_only(stripped):
            return Reading(text, MessageKind.EMOJI)
        without_links = MARKUP.sub(" ", URL.sub(" ", stripped))
        if without_links != stripped and len(LETTERS.findall(without_links)) < 2:
            return Reading(text, MessageKind.LINK)
        if is_gibberish(without_links, self._known):
            return Reading(text, MessageKind.LINK if without_links != stripped else MessageKind.GIBBERISH)
        language = self._languages.detect(without_links)
        if language is not None:
            return Reading(text, MessageKind.OTHER_LANGUAGE, language=language)
        if not LETTERS.search(without_links):
            # Digits and punctuation only ("???", "12345"): nothing to read.
            return Reading(text, MessageKind.GIBBERISH)
        return self._read_words(text, has_link=without_links != stripped)

    def _read_words(self, text: str, has_link: bool = False) -> Reading:
        """Return the reading of a message of English words."""
        analysis = self._analyser.analyse(text)
        plain = plain_text(text)
        places = tuple(self._analyser.places(text))
        handover = bool(HANDOVER.search(plain))
        injury = bool(INJURY.search(NO_INJURY.sub(" ", plain)))
        role = claimed_role(plain)
        writer, sure = writer_of(plain, role, injury, handover, analysis.indicators)
        if writer is Writer.PROFESSIONAL and (handover or len({area for _, area in places}) >= 2):
            # A professional telling of a handover or a move between areas: "a young person being moved from
            # Hackney to Bexley today" is that move, not trafficking in progress (nor danger now), unless
            # its sentence shows exploitation.
            analysis = self._analyser.analyse(text, moving=True)
        organisation, school = schools_named(normalise(text), writer, role)
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
            subject_name=name_said(NAME_SAID, normalise(text)),
            own_name=name_said(OWN_NAME, normalise(text)),
            when=first_match(WHEN, plain),
            writer=writer,
            sure=sure,
            distress=distressed(plain, analysis.distress),
            asks_to_report=bool(ASKS_TO_REPORT.search(plain)),
            handover=handover,
            moves=handover or bool(MOVE.search(plain)),
            moves_between=(handover or bool(MOVE.search(plain))) and len({area for _, area in places}) >= 2,
            injury=injury,
            words=len(plain.split()),
            has_link=has_link,
            asks_for_services=bool(ASKS_FOR_SERVICES.search(plain)),
            asks_question=plain.rstrip().endswith("?") or bool(QUESTION.match(last_sentence(plain))),
        )
