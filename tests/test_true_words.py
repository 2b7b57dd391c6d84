"""What Front Door tells people about who sees a report and what it keeps is true on every path.

Red reports are owned by the police, and copies go to children's and adult social care and
education; text messages pass through Twilio, whose logs keep the phone number. So no wording
may say that only one team sees a report, and wording that says we keep no phone number must
say that the text provider's logs do. The words are read as tests/test_one_home.py reads them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_one_home import FILES, ROOT, wording

#: Sentences that were untrue, and any rewording of them.
UNTRUE = [
    re.compile(r"\bonly the\b[^.]*\b(?:team|teams|SPOC)\b[^.]*\b(?:see|sees)\b", re.I),
    re.compile(r"\byour local safeguarding team will see\b", re.I),
]
NO_NUMBER = re.compile(r"\bkeeps? no phone number\b", re.I)
PROVIDER = re.compile(r"\btwilio\b|\btext provider\b|\btext message provider\b|\bmessaging providers?\b", re.I)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_no_untrue_sentence_about_who_sees_a_report_or_what_is_kept(path: Path) -> None:
    found = []
    for line, text in wording(path.read_text("utf-8"), path.suffix):
        found += [f"{line}: {text[:100]!r}" for pattern in UNTRUE if pattern.search(text)]
        if NO_NUMBER.search(text) and not PROVIDER.search(text):
            found.append(f"{line}: says we keep no phone number without Twilio's logs: {text[:100]!r}")
    assert found == []


@pytest.mark.parametrize("text", [
    "We don't store your IP address. Only the safeguarding team for your area sees what you tell us.",
    "Only the Single Point of Contact (SPOC) teams for the area can see your report.",
    "If you report by text message, we keep no phone number.",
    "Tell us anything. Your local safeguarding team will see what you tell us.",
])
def test_the_check_finds_the_old_sentences(text: str) -> None:
    assert any(p.search(text) for p in UNTRUE) or (NO_NUMBER.search(text) and not PROVIDER.search(text))


def test_the_privacy_answers_point_to_the_notice() -> None:
    faq = (ROOT / "bot" / "domain" / "faq.yml").read_text("utf-8")
    answer = faq[faq.index("utter_privacy:"):faq.index("utter_emergency_numbers:")]
    assert answer.count("privacy notice") == 2 and answer.count("Twilio") == 2  # web and SMS
