"""The printable handover summary: a PDF laid out like the guide's notification form.

:func:`render_handover_pdf` is pure: it builds the document in memory and
returns its bytes. Nothing is written to disk (no temporary files), so a
summary leaves no copy behind on the server; only standard PDF fonts are used,
so no font files are read or cached either.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdoor import safety
from frontdoor.handover import HandoverSummary

_URGENCY = {"red": "Red", "amber": "Amber", "green": "Green"}
_URGENCY_COLOUR = {"red": "#b10e1e", "amber": "#8a4b00", "green": "#00703c"}
_NOT_GIVEN = "Not given"


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("fd-body", parent=base["BodyText"], fontName="Helvetica", fontSize=9.5, leading=12)
    return {
        "title": ParagraphStyle("fd-title", parent=base["Title"], fontName="Helvetica-Bold", fontSize=16,
                                leading=20, alignment=0, spaceAfter=2),
        "subtitle": ParagraphStyle("fd-subtitle", parent=body, fontSize=9, textColor=colors.HexColor("#505a5f")),
        "h2": ParagraphStyle("fd-h2", parent=base["Heading2"], fontName="Helvetica-Bold", fontSize=11.5,
                             leading=14, spaceBefore=8, spaceAfter=4),
        "body": body,
        "label": ParagraphStyle("fd-label", parent=body, fontName="Helvetica-Bold"),
        "small": ParagraphStyle("fd-small", parent=body, fontSize=8, leading=10,
                                textColor=colors.HexColor("#505a5f")),
    }


def _text(value: str | None) -> str:
    """Return ``value`` escaped for a paragraph, line breaks kept; 'Not given' when empty."""
    if not value or not str(value).strip():
        return f"<i>{_NOT_GIVEN}</i>"
    return escape(str(value).strip()).replace("\r\n", "\n").replace("\n", "<br/>")


def _local(when: datetime, tz: tzinfo) -> str:
    return when.astimezone(tz).strftime("%d %B %Y, %H:%M")


def _grid(rows: Iterable[tuple[str, str | Paragraph | None]], styles: dict[str, ParagraphStyle]) -> Table:
    data = [[Paragraph(escape(label), styles["label"]),
             value if isinstance(value, Paragraph) else Paragraph(_text(value), styles["body"])]
            for label, value in rows]
    table = Table(data, colWidths=[52 * mm, None], hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f2f1")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _agencies(summary: HandoverSummary, styles: dict[str, ParagraphStyle]) -> Table | Paragraph:
    if not summary.agencies:
        return Paragraph("<i>No agencies listed.</i>", styles["body"])
    header = [Paragraph(text, styles["label"]) for text in ("Agency", "Contact", "Phone", "E-mail")]
    rows = [[Paragraph(_text(a.agency_label), styles["body"]), Paragraph(_text(a.name), styles["body"]),
             Paragraph(_text(a.phone), styles["body"]), Paragraph(_text(a.email), styles["body"])]
            for a in summary.agencies]
    table = Table([header, *rows], colWidths=[50 * mm, 40 * mm, 32 * mm, None], hAlign="LEFT", repeatRows=1,
                  splitInRow=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
    ]))
    return table


def render_handover_pdf(summary: HandoverSummary, tz: tzinfo) -> bytes:
    """Return the handover notification form for ``summary`` as PDF bytes, built in memory.

    Sections follow the guide's notification form: the referral (reference,
    urgency with its reasons, dates, inboxes), the person, the move, agencies
    involved, court orders and injunction conditions, risks to and from the
    person, aspirations, and the referrer. Times are shown in ``tz``.
    """
    styles = _styles()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
        title=f"Relocation handover {summary.reference}", author="Front Door", subject="Relocation handover",
        creator="Front Door", invariant=True,
    )
    urgency = _URGENCY.get(summary.urgency, summary.urgency)
    colour = _URGENCY_COLOUR.get(summary.urgency, "#0b0c0c")
    reasons = "".join(f"<br/>• {escape(r)}" for r in summary.reasons) or "<br/>No reasons recorded."
    urgency_cell = Paragraph(f'<font color="{colour}"><b>{escape(urgency)}</b></font>{reasons}',
                             styles["body"])
    story: list[Flowable] = [
        Paragraph("Gang member relocation handover: notification form", styles["title"]),
        Paragraph("OFFICIAL-SENSITIVE. Share only with the agencies named on this form. "
                  "Do not leave printed copies unattended.", styles["subtitle"]),
        Spacer(1, 4 * mm),
        Paragraph("1. Referral", styles["h2"]),
        _grid([
            ("Reference", summary.reference),
            ("Urgency", urgency_cell),
            ("Received", _local(summary.created_at, tz)),
            ("Respond by", _local(summary.due_at, tz)),
            ("Owning inbox (area moved to)", summary.owner_inbox),
            ("Info-only copies", ", ".join(summary.copy_inboxes) or None),
        ], styles),
    ]
    story += [
        Paragraph("2. The person moving", styles["h2"]),
        _grid([
            ("Name", summary.person.get("name")),
            ("Date of birth", summary.person.get("date_of_birth")),
            ("Age", summary.person.get("age")),
            ("Gender", summary.person.get("gender")),
            ("Role", summary.person.get("role")),
            ("Consent to this handover", summary.consent),
            ("Reason (consent)", summary.consent_reason),
        ], styles),
        Paragraph("3. The move", styles["h2"]),
        _grid([
            ("Moving from", summary.from_area),
            ("Moving to", summary.to_area),
            ("Planned or urgent", summary.move + (f": {summary.urgent_because.lower()}"
                                                  if summary.urgent_because else "")),
            ("Date of move", summary.move_date),
            ("Why they are moving", summary.move_reason),
        ], styles),
        Paragraph("4. Agencies involved", styles["h2"]),
        _agencies(summary, styles),
        Paragraph("5. Court orders and injunction conditions", styles["h2"]),
        _grid([
            ("Orders or conditions", summary.court_orders),
            ("Positive requirements", summary.positive_requirements),
        ], styles),
        Paragraph("6. Risks", styles["h2"]),
        _grid([
            ("Risks to the person", summary.risks_to_person),
            ("Risks from the person", summary.risks_from_person),
        ], styles),
        Paragraph("7. Aspirations", styles["h2"]),
        _grid([("Their aspirations", summary.aspirations)], styles),
        Paragraph("8. Referrer", styles["h2"]),
        _grid([
            ("Name", summary.referrer.get("name")),
            ("Role", summary.referrer.get("role")),
            ("Agency or team", summary.referrer.get("agency")),
            ("E-mail", summary.referrer.get("email")),
            ("Phone", summary.referrer.get("phone")),
        ], styles),
        Spacer(1, 5 * mm),
        Paragraph(escape(safety.line("safety_line")) + " Printed from Front Door; the referral "
                  "record is the authoritative version.", styles["small"]),
    ]
    document.build(story)
    return buffer.getvalue()
