"""The language screen: another language gets a reply in it; English (slang and all) never does."""

from __future__ import annotations

import pytest

from frontdoor.errors import ConfigurationError
from frontdoor.languages import UNKNOWN, LanguageScreen, default_screen, load_texts

OTHER = {
    "pl": "Mój syn ma kłopoty z jakimiś starszymi chłopakami",
    "ro": "Fiul meu vine acasă cu bani și nu știu de unde",
    "tr": "Oğlum eve çok geç geliyor ve yeni bir telefonu var",
    "ur": "میرا بیٹا رات کو دیر سے گھر آتا ہے",
    "bn": "আমার মেয়ে খুব ভয় পাচ্ছে",
    "so": "Wiilkayga wuxuu la socdaa dhallinyaro ka weyn",
    "ar": "أنا خائفة على ابني من العصابات",
    "pt": "O meu filho tem medo de sair de casa",
    "es": "Mi hija no contesta el teléfono desde ayer",
    "lt": "Mano sūnus grįžta namo labai vėlai",
}


@pytest.mark.parametrize(("code", "text"), OTHER.items(), ids=OTHER.keys())
def test_each_community_language_is_recognised(code: str, text: str) -> None:
    assert default_screen().detect(text) == code


ENGLISH = [
    "my olders got me doing drops innit",
    "bare man outside the shop rn",
    "wat do i do",
    "Penge",
    "no",
    "yes pls",
    "my son is 14 and he has a new phone",
    "Ok",
    "Jayden",
    "si",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_never_called_another_language(text: str) -> None:
    assert default_screen().detect(text) is None


def test_a_script_without_a_reply_gets_the_english_fallback() -> None:
    screen = default_screen()
    assert screen.detect("Мой сын не пришёл домой") == UNKNOWN
    reply = screen.reply(UNKNOWN)
    assert "999" in reply.text and "interpreter" in reply.text and "101" in reply.text


@pytest.mark.parametrize("code", sorted(OTHER))
def test_every_reply_gives_999_and_101_and_names_the_language_in_english(code: str) -> None:
    reply = default_screen().reply(code)
    assert "999" in reply.text and "101" in reply.text
    assert reply.name in reply.text  # said to the call handler to get an interpreter


def test_the_texts_file_is_checked() -> None:
    texts = load_texts()
    broken = {**texts, "languages": {"pl": {"name": "Polish"}}}
    with pytest.raises(ConfigurationError):
        LanguageScreen(broken, [])
