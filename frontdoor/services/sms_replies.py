"""What the SMS channel answers by itself (keywords, failures, follow-ups), with the SMS safety wording.

The safety line and the numbers are not written here: ``{safety_line}``,
``{safety_numbers}`` and the numbers' fields are filled from
:mod:`frontdoor.safety` (its SMS texts) when a reply is made.
"""

from __future__ import annotations

from frontdoor import safety

#: The replies by name. ``{reference}``, ``{code}`` and ``{text}`` are filled by :func:`reply`'s caller.
REPLIES: dict[str, str] = {
    "help": ("Front Door: report gangs, exploitation or violence to local safeguarding teams, which can include "
             "the police. Text what is happening and where; you don't need to give your name. We keep no phone "
             "number, but our text provider's logs do. {safety_numbers} Text STOP to stop messages."),
    "start": "Front Door: you can text us again. Tell us what is happening and where. {safety_line}",
    "media": ("We can't receive photos or videos by text. Please describe what happened, where and when "
              "in words. {safety_line}"),
    "empty": "Please text what is happening and where. You don't need to give your name. {safety_line}",
    "busy": "Thank you, we have your message and are dealing with it. {safety_line}",
    "spooled": ("Thank you, we have your message and will pass it to local safeguarding teams. "
                "We can't give a reference right now. {safety_line}"),
    "locked": ("Too many tries with a wrong code. Please try again in an hour, or call {police} "
               "(Crimestoppers {crimestoppers} to stay anonymous). {safety_line}"),
    "no_code": ("To check on a report, text your reference and 6-digit code, like: FD-ABCD-EFGH 123456. "
                "Add your answer after them to reply to a question."),
    "wrong_code": "That reference and code don't match our records. Please check them and try again.",
    "reference_locked": "{text} {safety_line}",
    "followup": "{text} {safety_line} {delete_advice}",
    "fallback": ("Thank you. Your report has gone to local safeguarding teams. Reference {reference}, "
                 "follow-up code {code}. Text both to this number any time to see progress or answer "
                 "the team's questions. {safety_line} {delete_advice}"),
}
DELETE_ADVICE = "If others may see your phone, delete this thread."


def sms_reply(name: str, **values: str) -> str:
    """Return the reply ``name`` with the SMS safety wording and ``values`` filled in.

    Raises:
        KeyError: no such reply, or a field of it not given in ``values``.
    """
    text = safety.fill(REPLIES[name], "sms")
    return text.format(delete_advice=DELETE_ADVICE, **values) if "{" in text else text


def fallback_reply(reference: str, placeholder: str) -> str:
    """Return the reply to a report taken without the bot: its reference and follow-up code placeholder."""
    return sms_reply("fallback", reference=reference, code=placeholder)
