"""Referral references: format, check character, and forgiving normalisation."""

from __future__ import annotations

import random
import re

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.references import ALPHABET, is_reference, new_reference, normalise_reference

FORMAT = re.compile(r"^FD-[ABCDEFGHJKMNPQRSTWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTWXYZ2-9]{4}$")


def test_alphabet_has_no_look_alikes() -> None:
    assert not set(ALPHABET) & set("0O1IL UV")
    assert len(set(ALPHABET)) == len(ALPHABET) == 29


def test_new_references_are_well_formed_and_varied() -> None:
    references = {new_reference() for _ in range(500)}
    assert len(references) == 500
    for reference in references:
        assert FORMAT.match(reference), reference
        assert normalise_reference(reference) == reference
        assert is_reference(reference)


def _code(reference: str) -> str:
    return reference[len("FD-"):].replace("-", "")


def _reference(code: str) -> str:
    return f"FD-{code[:4]}-{code[4:]}"


@pytest.mark.parametrize("seed", range(25))
def test_check_character_catches_every_single_substitution(seed: int) -> None:
    random.seed(seed)
    code = _code(new_reference())
    for position in range(len(code)):
        for replacement in ALPHABET:
            if replacement == code[position]:
                continue
            typo = code[:position] + replacement + code[position + 1:]
            assert not is_reference(_reference(typo)), (code, typo)


@pytest.mark.parametrize("seed", range(25))
def test_check_character_catches_every_adjacent_transposition(seed: int) -> None:
    random.seed(seed)
    code = _code(new_reference())
    for position in range(len(code) - 1):
        if code[position] == code[position + 1]:
            continue
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
        assert not is_reference(_reference(swapped)), (code, swapped)


@pytest.mark.parametrize("typed", [
    "{ref}",
    "{lower}",
    "{bare}",
    "{bare_lower}",
    "  {ref}  ",
    "fd {spaced}",
    "{spaced}",
    "FD—{bare}",
    "fd-{bare_lower}",
    "FD.{bare}",
], ids=["canonical", "lower-case", "no-prefix-no-dashes", "no-prefix-lower", "padded", "prefix-and-spaces",
        "spaces-only", "em-dash", "lower-prefix", "dot"])
def test_normalisation_forgives_case_spaces_and_prefix(typed: str) -> None:
    reference = new_reference()
    bare = _code(reference)
    text = typed.format(ref=reference, lower=reference.lower(), bare=bare, bare_lower=bare.lower(),
                        spaced=f"{bare[:4]} {bare[4:]}")
    assert normalise_reference(text) == reference


@pytest.mark.parametrize(("text", "message"), [
    ("", "does not look like"),
    ("FD-ABCD", "does not look like"),
    ("FD-ABCD-EFGH-JKMN", "does not look like"),
    ("FD-0BCD-EFGH", "does not look like"),
    ("FD-IBCD-EFGH", "does not look like"),
    ("hello world", "does not look like"),
], ids=["empty", "short", "long", "zero", "letter-I", "words"])
def test_malformed_references(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        normalise_reference(text)
    assert caught.value.field == "reference"
    assert not is_reference(text)


def test_typo_message_is_different() -> None:
    code = _code(new_reference())
    wrong = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    with pytest.raises(InvalidInput, match="typo"):
        normalise_reference(wrong)


def test_none_is_not_a_reference() -> None:
    assert not is_reference(None)  # type: ignore[arg-type]


def _valid(body: str) -> str:
    check = next(c for c in ALPHABET if is_reference(_reference(body + c)))
    return _reference(body + check)


@pytest.mark.parametrize("body", ["FDAB234", "ABFD234", "ABCDFD2", "FDFDFDF"])
def test_references_containing_the_prefix_letters(body: str) -> None:
    reference = _valid(body)
    code = _code(reference)
    assert code.startswith(body)
    for typed in (reference, reference.lower(), code, f"{code[:4]} {code[4:]}", f"FD{code}", f"fd {code}"):
        assert normalise_reference(typed) == reference, typed
