"""How the understanding bench judges a scripted conversation that ended without a referral."""

from __future__ import annotations

import pytest

from bench.understanding import ConversationResult, Reply, check

SCRIPT = {
    "id": "tip-danger-typed-as-place", "journey": "tip",
    "expect": {"submitted": True, "danger_advice": True, "account_includes": ["they've got a knife out"]},
}
PLAIN = Reply(texts=["Where is this happening?"], kinds=["text"])
ADVICE = Reply(texts=["If anyone is in danger now, call 999."], kinds=["safety"])


def result(said: list[str]) -> ConversationResult:
    return ConversationResult(id=SCRIPT["id"], journey="tip", opened="tip", submitted=False, reference=None,
                              asked=["tip_place"], said=said)


@pytest.mark.parametrize(("said", "replies", "failures", "lost"), [
    # The danger was typed and no 999 advice came: lost.
    (["someone is dealing on the corner", "outside the shop, they've got a knife out"], [PLAIN, PLAIN],
     ["no 999 advice", "no referral stored"], True),
    # Typed and advised: nothing lost, though no referral was stored.
    (["someone is dealing on the corner", "outside the shop, they've got a knife out"], [PLAIN, ADVICE],
     ["no referral stored"], False),
    # Never typed (the question it answers was not asked): no advice was owed, nothing was lost.
    (["someone is dealing on the corner outside the shop"], [PLAIN], ["no referral stored"], False),
])
def test_danger_is_owed_once_it_was_said(said: list[str], replies: list[Reply], failures: list[str],
                                         lost: bool) -> None:
    judged = result(said)
    check(judged, SCRIPT, SCRIPT["expect"], replies, player=None)  # type: ignore[arg-type]
    assert judged.failures == failures
    assert judged.danger_lost is lost
