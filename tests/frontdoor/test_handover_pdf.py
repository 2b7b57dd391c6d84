"""The printable handover summary: its content, and that rendering it writes nothing to disk."""

from __future__ import annotations

import builtins
import io
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from frontdoor.handover import AgencyContact, HandoverSummary
from frontdoor.handover_pdf import render_handover_pdf

ROOT = Path(__file__).resolve().parents[2]
LONDON = ZoneInfo("Europe/London")


def summary(**changes) -> HandoverSummary:
    values = dict(
        reference="HX7-K3P",
        urgency="red",
        reasons=("Urgent relocation because of threats or violence",),
        created_at=datetime(2026, 3, 2, 10, 15, tzinfo=timezone.utc),
        due_at=datetime(2026, 3, 2, 11, 15, tzinfo=timezone.utc),
        owner_inbox="Bexley Community Safety SPOC",
        copy_inboxes=("Hackney Integrated Gangs Unit",),
        from_area="London Borough of Hackney",
        to_area="London Borough of Bexley",
        move="Urgent move",
        urgent_because="Because of gang violence or threats",
        move_date="2026-03-03",
        move_reason="Address known to a rival group after a shooting at the home.",
        person={"name": "Jay Example", "role": "Adult at risk", "date_of_birth": "2002-06-15", "age": "23",
                "gender": "Male"},
        consent="Consented",
        consent_reason=None,
        agencies=(AgencyContact("probation", "A. Officer", "020 7946 0101", "officer@probation.example"),
                  AgencyContact("voluntary", "St Giles Trust caseworker", "020 7946 0102", None)),
        court_orders="Gang injunction: not to enter the London Borough of Hackney.",
        positive_requirements="Attend meetings with the gangs worker.",
        risks_to_person="Home address attacked with a firearm.",
        risks_from_person="Violence against rival group members.",
        aspirations="Plumbing apprenticeship.",
        referrer={"name": "Pat Referrer", "role": "Probation or YOT", "agency": "National Probation Service",
                  "email": "pat@probation.example", "phone": "020 7946 0100"},
    )
    values.update(changes)
    return HandoverSummary(**values)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_summary_is_a_pdf_with_every_section_and_the_key_fields():
    pdf = render_handover_pdf(summary(), LONDON)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for expected in (
        "relocation handover", "HX7-K3P", "Red", "Urgent relocation because of threats or violence",
        "London Borough of Hackney", "London Borough of Bexley", "Urgent move", "2026-03-03",
        "Jay Example", "2002-06-15", "Adult at risk", "Consented",
        "Agencies involved", "Probation", "A. Officer", "020 7946 0101", "St Giles Trust caseworker",
        "Court orders and injunction conditions", "not to enter the London Borough of Hackney",
        "Positive requirements", "Attend meetings with the gangs worker",
        "Risks to the person", "Home address attacked with a firearm",
        "Risks from the person", "Violence against rival group members",
        "Plumbing apprenticeship", "Pat Referrer", "pat@probation.example",
        "02 March 2026, 10:15",  # received, shown in London time (GMT in March)
        "Bexley Community Safety SPOC", "Hackney Integrated Gangs Unit",
    ):
        assert expected.lower() in text.lower(), expected


def test_the_document_title_carries_no_name():
    reader = PdfReader(io.BytesIO(render_handover_pdf(summary(), LONDON)))
    assert reader.metadata.title == "Relocation handover HX7-K3P"
    assert "Jay" not in str(dict(reader.metadata))


def test_markup_in_answers_is_printed_as_text_and_gaps_say_not_given():
    text = text_of(render_handover_pdf(summary(aspirations="<b>Go to college</b> & work", court_orders=None,
                                               agencies=()), LONDON))
    assert "<b>Go to college</b> & work" in text
    assert "No agencies listed." in text
    assert "Not given" in text


def test_a_long_handover_runs_over_pages():
    pdf = render_handover_pdf(summary(risks_to_person="A long history. " * 800), LONDON)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1


def test_rendering_opens_no_file_for_writing(monkeypatch):
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"rendering opened {file!r} for writing")
        return real_open(file, mode, *args, **kwargs)

    def no_temp(*args, **kwargs):
        raise AssertionError("rendering made a temporary file")

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, no_temp)
    assert render_handover_pdf(summary(), LONDON).startswith(b"%PDF-")


PROBE = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.frontdoor.test_handover_pdf import summary, LONDON
from frontdoor.handover_pdf import render_handover_pdf
pdf = render_handover_pdf(summary(), LONDON)
print(len(pdf))
"""


def test_rendering_in_a_fresh_process_leaves_its_cwd_and_tmpdir_empty(tmp_path):
    work, temp, home = tmp_path / "cwd", tmp_path / "tmp", tmp_path / "home"
    for folder in (work, temp, home):
        folder.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp), "HOME": str(home),
           "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], cwd=work, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 1000
    assert list(work.iterdir()) == [] and list(temp.iterdir()) == [] and list(home.iterdir()) == []


@pytest.mark.parametrize("urgency, word", [("amber", "Amber"), ("green", "Green")])
def test_each_urgency_is_named(urgency, word):
    text = text_of(render_handover_pdf(summary(urgency=urgency, reasons=("Relocation handover without threats",)),
                                       LONDON))
    assert word in text and "Relocation handover without threats" in text
