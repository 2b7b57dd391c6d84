"""What the SMS channel answers by itself (keywords, failures, follow-ups), with the SMS safety wording.

The safety line and the numbers are not written here: ``{safety_line}``,
``{safety_numbers}`` and the numbers' fields are filled from
:mod:`frontdoor.safety` (its SMS texts) when a reply is made. The same replies
go to WhatsApp (through Twilio) with the few words that differ taken from
:data:`WORDS`: plain text, no formatting marks, no assumption about SMS segments.
"""

from __future__ import annotations

from frontdoor import safety

#: The words that differ between the text channels, by channel ("sms" or "whatsapp").
WORDS: dict[str, dict[str, str]] = {
    "sms": {"send": "text", "Send": "Text", "message_us": "text us", "to_us": "to this number",
            "thread": "thread", "media_refused": "photos or videos by text"},
    "whatsapp": {"send": "send", "Send": "Send", "message_us": "message us", "to_us": "in this chat",
                 "thread": "chat", "media_refused": "photos, videos or voice notes on WhatsApp"},
}
TEXT_CHANNELS = tuple(WORDS)

#: The replies by name. ``{reference}``, ``{code}`` and ``{text}`` are filled by :func:`reply`'s caller.
REPLIES: dict[str, str] = {
    "help": ("Front Door: report gangs, exploitation or violence to local safeguarding teams, which can include "
             "the police. {Send} what is happening and where; you don't need to give your name. We keep no phone "
             "number, but our messaging providers' logs do. {safety_numbers} {Send} STOP to stop messages."),
    "stopped": "Front Door: you will get no more replies here. {Send} START to use the service again. {safety_line}",
    "start": "Front Door: you can {message_us} again. Tell us what is happening and where. {safety_line}",
    "media": ("We can't receive {media_refused}. Please describe what happened, where and when "
              "in words. {safety_line}"),
    "empty": "Please {send} what is happening and where. You don't need to give your name. {safety_line}",
    "busy": "Thank you, we have your message and are dealing with it. {safety_line}",
    "spooled": ("Thank you, we have your message and will pass it to local safeguarding teams. "
                "We can't give a reference right now. {safety_line}"),
    "locked": ("Too many tries with a wrong code. Please try again in an hour, or call {police} "
               "(Crimestoppers {crimestoppers} to stay anonymous). {safety_line}"),
    "no_code": ("To check on a report, {send} your reference and 6-digit code, like: FD-ABCD-EFGH 123456. "
                "Add your answer after them to reply to a question."),
    "wrong_code": "That reference and code don't match our records. Please check them and try again.",
    "answer_hint": "To answer, {send} your reference and code followed by your answer.",
    "reference_locked": "{text} {safety_line}",
    "followup": "{text} {safety_line} {delete_advice}",
    "fallback": ("Thank you. Your report has gone to local safeguarding teams. Reference {reference}, "
                 "follow-up code {code}. {Send} both {to_us} any time to see progress or answer "
                 "the team's questions. {safety_line} {delete_advice}"),
}
_DELETE_ADVICE = "If others may see your phone, delete this {thread}."
DELETE_ADVICE = _DELETE_ADVICE.format(**WORDS["sms"])


def sms_reply(name: str, channel: str = "sms", **values: str) -> str:
    """Return the reply ``name`` for ``channel`` with the SMS safety wording and ``values`` filled in.

    Raises:
        KeyError: no such reply or channel, or a field of the reply not given in ``values``.
    """
    words = WORDS[channel]
    text = safety.fill(REPLIES[name], "sms")
    return text.format(delete_advice=_DELETE_ADVICE.format(**words), **words, **values) if "{" in text else text


def fallback_reply(reference: str, placeholder: str, channel: str = "sms") -> str:
    """Return the reply to a report taken without the bot: its reference and follow-up code placeholder."""
    return sms_reply("fallback", channel, reference=reference, code=placeholder)
