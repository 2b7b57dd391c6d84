"""Attachments of the reporter's e-mails on the referral page: listed, downloaded by its SPOCs (audited)."""

from __future__ import annotations

from sqlalchemy import select

from frontdoor.store.models import AuditEntry
from tests.frontdoor.services.mail_support import raw_mail

PDF = b"%PDF-1.4 a letter from the school"


def emailed(core) -> str:
    """An e-mail naming Sidcup (Bexley) with a PDF kept and a program refused; return its reference."""
    outcome = core.mail.receive(raw_mail("Older boys are making a pupil sell drugs in Sidcup.", attachments=(
        ("letter.pdf", "application/pdf", PDF), ("run.exe", "application/x-msdownload", b"MZ"))))
    assert outcome.reference
    return outcome.reference


def test_the_page_lists_kept_and_refused_files_and_a_spoc_downloads_one(client, sign_in, core, html):
    reference = emailed(core)
    sign_in(client, "bexley")
    section = html(client.get(f"/inbox/r/{reference}")).by_id("attachments")
    kept, refused = section.find_all("li")
    link = kept.find("a")
    assert link.text.strip() == "letter.pdf" and "application/pdf" in kept.text
    assert "run.exe" in refused.text and "not kept: type application/x-msdownload" in refused.text
    assert refused.find_all("a") == []

    response = client.get(link.attrs["href"])
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"] == "attachment; filename=letter.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with core.db.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.reference == reference)))
    assert "attachment.download" in actions


def test_another_team_cannot_see_or_download_them(client, sign_in, core):
    reference = emailed(core)
    sign_in(client, "bexley")
    href = f"/inbox/r/{reference}/attachments/1"
    assert client.get(href).status_code == 200
    sign_in(client, "bromley")
    assert client.get(href).status_code == 404
    assert client.get(f"/inbox/r/{reference}/attachments/2").status_code == 404


def test_a_refused_file_cannot_be_downloaded(client, sign_in, core):
    reference = emailed(core)
    sign_in(client, "bexley")
    assert client.get(f"/inbox/r/{reference}/attachments/2").status_code == 404


def test_no_section_without_attachments(client, sign_in, core, html):
    reference = core.mail.receive(raw_mail("Older boys are making a pupil sell drugs in Sidcup.")).reference
    sign_in(client, "bexley")
    assert html(client.get(f"/inbox/r/{reference}")).find_all(id="attachments") == []


def test_a_malformed_file_id_is_not_found(client, sign_in, core):
    reference = emailed(core)
    sign_in(client, "bexley")
    assert client.get(f"/inbox/r/{reference}/attachments/abc").status_code == 404
