"""The record of a conversation and its account (frontdoor/understanding/record.py)."""

from __future__ import annotations

from frontdoor.model import ReporterRole
from frontdoor.understanding import (
    Reader,
    Said,
    read_conversation,
)


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
    # Forms built from their answers keep what the opening told of harm too.
    assert record.disclosures(["concern_description"], {"subject_area": "Area"}, outside=True) == account[:2]


def test_an_opening_that_tells_nothing_of_harm_is_no_disclosure(reader: Reader) -> None:
    record = read_conversation(reader, [Said("Hello, I need to hand over a young person moving to Bexley next month"),
                                        Said("an Osman warning was served on him last week", "handover_move_reason")])
    assert record.disclosures(outside=True) == [
        "(Said when asked about handover move reason:) an Osman warning was served on him last week"]
