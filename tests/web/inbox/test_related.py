"""Related referrals on the referral page: the list, its confirm and dismiss buttons, the chronology."""

from __future__ import annotations

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft


def concern(core, area="Sidcup", name="Sam Jones", age=14):
    """Submit a concern about ``name`` in ``area``; return its reference."""
    draft = ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, area=area, description="He keeps going missing",
                          people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name=name, age=age)])
    return core.submissions.submit(draft).reference


def post(client, csrf_token, reference, action, other):
    token = csrf_token(client.get(f"/inbox/r/{reference}").get_data(as_text=True))
    return client.post(f"/inbox/r/{reference}/related/{action}", data={"csrf_token": token, "other": other})


def items(section, list_id):
    found = section.find_all(id=list_id)
    return [li.attrs["data-reference"] for li in found[0].find_all("li")] if found else []


def test_the_page_lists_proposals_with_buttons_and_counts_other_teams(client, sign_in, core, html):
    first, second = concern(core), concern(core, age=15)
    concern(core, area="Penge")  # Bromley's: only counted
    sign_in(client, "bexley")
    section = html(client.get(f"/inbox/r/{second}")).by_id("related")
    assert items(section, "related-proposals") == [first]
    item = section.by_id("related-proposals").find("li")
    assert "same name and age" in item.text
    for form_class, label in (("related-confirm", "Related: link them"), ("related-dismiss", "Not related")):
        form = item.find("form", cls=form_class)
        assert form.attrs["method"] == "post" and form.find("input", name="csrf_token").attrs["value"]
        assert form.find("input", name="other").attrs["value"] == first
        assert form.find("button").text.strip() == label
    assert section.by_id("related-hidden").text.strip() == "1 possibly related referral in other teams' inboxes."
    assert "Penge" not in section.text


def test_confirming_links_them_and_shows_the_chronology(client, sign_in, core, html, csrf_token):
    first, second = concern(core), concern(core)
    sign_in(client, "bexley")
    response = post(client, csrf_token, second, "confirm", first)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/inbox/r/{second}#related")
    page = html(client.get(f"/inbox/r/{second}"))
    assert f"Linked with {first}" in page.find("div", cls="flash-success").text
    section = page.by_id("related")
    assert items(section, "related-linked") == [first] and items(section, "related-proposals") == []
    assert "Unlink: not related" in section.by_id("related-linked").text
    chronology = [(li.attrs["data-reference"], li.attrs["data-action"])
                  for li in section.by_id("related-chronology").find_all("li")]
    assert chronology == [(first, "created"), (second, "created")]


def test_dismissing_takes_it_off_the_list_for_good(client, sign_in, core, html, csrf_token):
    first, second = concern(core), concern(core)
    sign_in(client, "bexley")
    assert post(client, csrf_token, first, "dismiss", second).status_code == 303
    for reference in (first, second):
        section = html(client.get(f"/inbox/r/{reference}")).by_id("related")
        assert items(section, "related-proposals") == [] and section.by_id("related-none")


def test_a_copy_holder_sees_the_list_without_buttons_and_cannot_decide(client, sign_in, core, html, csrf_token):
    red = ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, area="Erith",
                        description="Sam was stabbed and they are coming back with a knife",
                        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Sam Jones", age=14)])
    copied = core.submissions.submit(red).reference  # met-se-gangs owns it; Bexley has a copy
    mine = concern(core)
    sign_in(client, "bexley")
    section = html(client.get(f"/inbox/r/{copied}")).by_id("related")
    assert items(section, "related-proposals") == [mine] and not section.find_all("form")
    assert post(client, csrf_token, copied, "confirm", mine).status_code == 403


def test_a_referral_out_of_sight_cannot_be_linked_or_named(client, sign_in, core, html, csrf_token):
    mine, theirs = concern(core), concern(core, area="Penge")
    sign_in(client, "bexley")
    response = post(client, csrf_token, mine, "confirm", theirs)
    assert response.status_code == 404 and theirs not in response.get_data(as_text=True)
    assert theirs not in client.get(f"/inbox/r/{mine}").get_data(as_text=True)
