"""One home for the safety wording: every emergency and helpline number and the 999 advice.

The numbers, the 999 advice and the safety lines are written once, in
frontdoor/data/safety.yaml (read by frontdoor/safety.py). Everything people are
shown elsewhere (the chat page and chat.js, SMS replies, the handover PDF, the
action server's prompts, the bot's responses) names them instead: a field such
as ``{emergency}`` or ``{safety_line}``, a slot, or a call to the core.

This test reads the words of the source tree (string literals of Python, the
values of YAML files, JavaScript strings, template text: not comments or
docstrings, which describe the code) and fails when a number or a safety line
is written anywhere but its home. Two things are not wording and are left
alone, precisely:

- patterns that read input (a regular expression recognising that someone
  typed "999"), told apart by their regular-expression syntax;
- the service directory's own data (frontdoor/data/directory.json), which
  lists local and national services with their numbers.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from frontdoor import safety

ROOT = Path(__file__).resolve().parents[1]
#: Where the wording people are shown comes from.
SCANNED = ["frontdoor", "web", "actions", "outbound", "bot/domain", "bot/data"]
HOME = ROOT / "frontdoor" / "data" / "safety.yaml"
#: The service directory's data: its numbers are the directory's own.
DIRECTORY_DATA = ROOT / "frontdoor" / "data" / "directory.json"
SUFFIXES = {".py", ".yml", ".yaml", ".js", ".html", ".txt", ".json"}
#: Spellings of the helplines' names other than the home's ("Gangsline" for "Gangline").
MISSPELT = {"Gangsline": "Gangline", "Gangs line": "Gangline", "Gangs Line": "Gangline",
            "Child line": "Childline", "ChildLine": "Childline", "Crime Stoppers": "Crimestoppers",
            "CrimeStoppers": "Crimestoppers"}
#: Regular-expression syntax: a string with any of these that compiles is a pattern, not wording.
REGEX_SYNTAX = re.compile(r"\\[bBdDsSwW]|\(\?|\[\^?[^\]]*\]|\\\.|\\\(")


def files() -> list[Path]:
    """Every source file under the scanned folders, but the home and the directory's data."""
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and "__pycache__" not in path.parts \
                    and path not in (HOME, DIRECTORY_DATA):
                found.append(path)
    return found


def _is_pattern(text: str) -> bool:
    """True when ``text`` is a regular expression that reads input (it has regex syntax and compiles)."""
    if not REGEX_SYNTAX.search(text):
        return False
    try:
        re.compile(text)
    except re.error:
        return False
    return True


def _python_strings(source: str) -> Iterator[tuple[int, str]]:
    """The string literals of a Python module, but docstrings: ``(line, text)``."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _yaml_strings(source: str) -> Iterator[tuple[int, str]]:
    """The string values of a YAML document (comments are not values)."""
    def walk(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    for text in walk(yaml.safe_load(source)):
        yield 0, text


def _js_strings(source: str) -> Iterator[tuple[int, str]]:
    """The string literals of a script, without its comments."""
    source = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), source, flags=re.S)
    for number, line in enumerate(source.splitlines(), 1):
        line = re.sub(r"(^|\s)//.*$", "", line)
        for match in re.finditer(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', line):
            yield number, match.group(1) if match.group(1) is not None else match.group(2)


def _template_text(source: str) -> Iterator[tuple[int, str]]:
    """A template's text, without its comments."""
    source = re.sub(r"\{#.*?#\}|<!--.*?-->", "", source, flags=re.S)
    yield from enumerate(source.splitlines(), 1)


def wording(source: str, suffix: str) -> Iterator[tuple[int, str]]:
    """The words people may be shown in a file of type ``suffix``: ``(line, text)``, line 0 when not known."""
    if suffix == ".py":
        strings = _python_strings(source)
    elif suffix in (".yml", ".yaml", ".json"):
        strings = _yaml_strings(source)
    elif suffix == ".js":
        strings = _js_strings(source)
    else:
        strings = _template_text(source)
    for line, text in strings:
        if not _is_pattern(text):
            yield line, text


def _number_pattern(number: str) -> re.Pattern[str]:
    """A number however it is spaced ("0800 1111", "0800 11 11", "08001111"), not inside a longer one."""
    digits = re.sub(r"\D", "", number)
    return re.compile(r"(?<![\w{])" + r"[ -]?".join(digits) + r"(?![\w}])")


def _line_pattern(template: str) -> re.Pattern[str]:
    """A safety line as written in the home, however it is wrapped and whether its numbers are fields or not."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(" ".join(template.split())):
        parts.append(r"\s+".join(re.escape(word) for word in literal.split(" ")) if literal.strip() else
                     (r"\s+" if literal else ""))
        if field:
            number = safety.numbers().get(field, "")
            parts.append(r"(?:\{" + re.escape(field) + r"\}|" + re.escape(number) + ")" if number else
                         r"\{" + re.escape(field) + r"\}")
    return re.compile("".join(parts))


def _raw_lines() -> dict[str, str]:
    """The home's lines as written there (with their fields), by ``key/channel``."""
    data = yaml.safe_load(HOME.read_text("utf-8"))
    lines = {}
    for key, entry in data["lines"].items():
        for channel in ("text", "sms"):
            if entry.get(channel):
                lines[f"{key}/{channel}"] = str(entry[channel])
    return lines


NUMBERS = {key: _number_pattern(number) for key, number in safety.numbers().items()}
LINES = {key: _line_pattern(template) for key, template in _raw_lines().items()}
FILES = files()


def copies(source: str, suffix: str, name: str) -> list[str]:
    """What in a file is a copy of the home's wording: ``"name:line: what"``."""
    found = []
    for line, text in wording(source, suffix):
        where = f"{name}:{line}" if line else name
        for key, pattern in NUMBERS.items():
            if pattern.search(text):
                found.append(f"{where}: the {key} number in {text[:80]!r}")
        for key, pattern in LINES.items():
            if pattern.search(text):
                found.append(f"{where}: the {key} line in {text[:80]!r}")
        for wrong, right in MISSPELT.items():
            if wrong in text:
                found.append(f"{where}: {wrong!r} is spelt {right!r} in {text[:80]!r}")
    return found


def test_the_tree_is_scanned() -> None:
    names = {str(p.relative_to(ROOT)) for p in FILES}
    for expected in ("web/chat/conversation.py", "web/static/chat.js", "frontdoor/services/sms.py",
                     "frontdoor/handover_pdf.py", "actions/steps.py", "bot/domain/core.yml",
                     "web/templates/chat/page.html"):
        assert expected in names


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_no_number_or_safety_line_is_written_outside_its_home(path: Path) -> None:
    assert copies(path.read_text("utf-8"), path.suffix, str(path.relative_to(ROOT))) == []


# --- the test itself: it finds what it is meant to, and only that ----------------------------------------


@pytest.mark.parametrize("source", [
    'ADVICE = "If anyone is in immediate danger, call 999."',
    'x = f"Ref {ref}. Danger now: 999."',
    'CHILDLINE = "Childline on 0800 1111"',
    'CHILDLINE = "Childline on 0800 11 11"',
    'LINE = "If anyone is in immediate danger, call {emergency}."',
    'NAME = "Gangsline"',
])
def test_a_copy_in_python_is_found(source: str) -> None:
    assert copies(source + "\n", ".py", "example.py")


@pytest.mark.parametrize("source", [
    'def advise() -> None:\n    """Give the 999 advice first."""',
    "# the 999 advice, once per turn",
    'DANGER = re.compile(r"\\b(?:call|ring|dial)\\s*999\\b")',
    'TEXT = "Danger now: {emergency}. {safety_line}"',
    'ROOM = "Room 1019"',
])
def test_docstrings_comments_patterns_and_fields_are_not_copies(source: str) -> None:
    assert copies("import re\n" + source + "\n", ".py", "example.py") == []


@pytest.mark.parametrize(("suffix", "source"), [
    (".yml", "a:\n  text: >-\n    If anyone is in immediate\n    danger, call 999.\n"),
    (".js", 'var SAFETY = "call 999 now"; // 999 in a comment is fine\n'),
    (".html", "{# 999 #}<p>Call 0800 555 111</p>\n"),
])
def test_a_copy_in_yaml_javascript_or_a_template_is_found(suffix: str, source: str) -> None:
    assert copies(source, suffix, "example" + suffix)


def test_comments_in_javascript_and_templates_are_not_copies() -> None:
    assert copies("// call 999\n/* 0800 555 111 */\nvar a = 1;\n", ".js", "example.js") == []
    assert copies("{# call 999 #}<!-- 101 --><p>{{ safety_line }}</p>\n", ".html", "example.html") == []
