"""Asking an anonymous reporter a question from the referral page."""

from __future__ import annotations

from frontdoor.model import Channel, Kind, ReferralDraft


def anonymous_tip(core) -> tuple[str, str]:
    submission = core.submissions.submit(
        ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, description="dealing from a flat in Sidcup"),
        followup=True, conversation="sms-conversation")
    return submission.reference, submission.followup_placeholder


def test_a_spoc_posts_a_question_the_reporter_reads_and_answers(client, sign_in, core, html, csrf_token):
    reference, placeholder = anonymous_tip(core)
    code = core.followup.reveal(placeholder, "sms-conversation")
    sign_in(client, "bexley")
    page = client.get(f"/inbox/r/{reference}")
    assert html(page).by_id("question-form")
    response = client.post(f"/inbox/r/{reference}/question",
                           data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                 "question": "Which block of flats?"})
    assert response.status_code == 303
    assert core.followup.status(reference, code).questions == ("Which block of flats?",)
    core.followup.reply(reference, code, "The tall one by the station")
    timeline = html(client.get(f"/inbox/r/{reference}")).by_id("timeline").text
    assert "Question for the reporter" in timeline and "Which block of flats?" in timeline
    assert "Reporter replied" in timeline and "The tall one by the station" in timeline


def test_an_empty_question_is_shown_again_with_an_error(client, sign_in, core, html, csrf_token):
    reference, _ = anonymous_tip(core)
    sign_in(client, "bexley")
    page = client.get(f"/inbox/r/{reference}")
    response = client.post(f"/inbox/r/{reference}/question",
                           data={"csrf_token": csrf_token(page.get_data(as_text=True)), "question": "  "})
    assert response.status_code == 400
    assert html(response).by_id("question-error")


def test_no_question_form_for_a_named_professional(client, sign_in, referrals, html):
    sign_in(client, "police")
    page = html(client.get(f"/inbox/r/{referrals['red']}"))
    assert page.find_all(id="question-form") == []


def test_a_question_needs_the_csrf_token(client, sign_in, core):
    reference, _ = anonymous_tip(core)
    sign_in(client, "bexley")
    assert client.post(f"/inbox/r/{reference}/question", data={"question": "Where?"}).status_code == 400
