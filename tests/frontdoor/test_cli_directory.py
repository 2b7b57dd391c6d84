"""`frontdoor directory import|export|match`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from frontdoor.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "frontdoor" / "data" / "directory.json"
ORG = {"id": "0b6d2a1e-5c4f-4d7e-9a3b-2f1e0c9d8b7a", "name": "Fictitious Trust", "description": "Made up."}


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ROUTING_TABLE", "FRONTDOOR_LEXICON", "FRONTDOOR_DATA_KEYS", "FRONTDOOR_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDOOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def record(sid: str, area: str = "hackney", need: str = "exit_support", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": sid, "organization": ORG, "name": f"Service {sid}", "description": "Fictitious.",
        "phones": [{"id": f"{sid}-p", "number": "020 7946 0998"}],
        "service_areas": [{"id": f"{sid}-a", "service_area": area}],
        "service_taxonomies": [{"id": f"{sid}-t", "taxonomy": {"id": need, "name": need,
                                                              "vocabulary": "frontdoor-needs"}}],
    }
    data.update(fields)
    return data


def good() -> dict[str, Any]:
    return {"services": [record("net", area="national", need="safety_net", phones=[{"number": "999"}]),
                         record("hackney-mentors")]}


def write(tmp_path: Path, data: Any, name: str = "mine.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def stored(tmp_path: Path) -> Path:
    return tmp_path / "home" / "directory.json"


# --- import --------------------------------------------------------------------------------------
def test_a_good_file_replaces_the_directory(tmp_path: Path) -> None:
    result = run("directory", "import", str(write(tmp_path, good())))
    assert result.exit_code == 0, result.output
    assert "imported 2 services (1 local or regional, 1 national) from 1 organisations" in result.output
    assert stored(tmp_path).exists()
    exported = json.loads(run("directory", "export").stdout)
    assert [s["id"] for s in exported["services"]] == ["net", "hackney-mentors"]
    matched = run("directory", "match", "--age", "15", "--area", "hackney", "--need", "exit_support")
    assert "hackney-mentors" in matched.stdout and "st-giles" not in matched.stdout


@pytest.mark.parametrize("mutate,expected", [
    (lambda d: d["services"].append(record("bad-ages", eligibilities=[{"minimum_age": 14, "maximum_age": 10}])),
     ["service 'bad-ages' (record 3): maximum_age 10 is below minimum_age 14"]),
    (lambda d: d["services"].extend([record("x", area="atlantis"), record("y", phones=[{"number": "nope"}])]),
     ["service 'x' (record 3): unknown area 'atlantis'", "service 'y' (record 4): phone 'nope'"]),
    (lambda d: d["services"].append(record("hackney-mentors")),
     ["service 'hackney-mentors' (record 3): duplicate id"]),
])
def test_a_bad_file_exits_2_names_every_record_and_changes_nothing(tmp_path: Path, mutate: Any,
                                                                   expected: list[str]) -> None:
    assert run("directory", "import", str(write(tmp_path, good(), "first.json"))).exit_code == 0
    before = stored(tmp_path).read_bytes()
    data = good()
    mutate(data)
    result = run("directory", "import", str(write(tmp_path, data)))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert "nothing imported" in lines[0]
    for problem in expected:
        assert any(line.startswith(problem) for line in lines), lines
    assert stored(tmp_path).read_bytes() == before


def test_a_bad_file_leaves_the_demo_in_place(tmp_path: Path) -> None:
    result = run("directory", "import", str(write(tmp_path, {"services": [record("lonely")]})))
    assert result.exit_code == 2
    assert "safety_net" in result.stderr
    assert not stored(tmp_path).exists()
    assert run("directory", "export").stdout == DEMO.read_text("utf-8")


@pytest.mark.parametrize("content", ["{not json", ""])
def test_a_file_that_is_not_json_exits_2(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, "utf-8")
    result = run("directory", "import", str(path))
    assert result.exit_code == 2 and "not valid JSON" in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("directory", "import", str(tmp_path / "absent.json"))
    assert result.exit_code == 2


# --- export --------------------------------------------------------------------------------------
def test_export_prints_the_demo_dataset_until_one_is_imported() -> None:
    result = run("directory", "export")
    assert result.exit_code == 0
    assert result.stdout == DEMO.read_text("utf-8")


def test_export_then_import_is_stable(tmp_path: Path) -> None:
    first = run("directory", "export").stdout
    path = tmp_path / "export.json"
    path.write_text(first, "utf-8")
    assert run("directory", "import", str(path)).exit_code == 0
    assert run("directory", "export").stdout == first


# --- match ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("args,first,contains,missing", [
    (["--age", "15", "--area", "hackney", "--need", "exit_support", "--need", "debt_or_threats", "--limit", "6"],
     "1. [local] Hackney Youth Service (fictitious) (hackney-youth-service): 020 7946 0730",
     ["[regional] St Giles Trust SOS Project", "[national] Gangline (Gangsline)", "hours: Mon-Fri 09:00-17:00"],
     ["Childline"]),
    (["--age", "26", "--area", "hackney", "--need", "exit_support"],
     "1. [national] Gangline (Gangsline) (gangsline): 0800 032 9538", [], ["Hackney", "St Giles"]),
    (["--age", "14", "--area", "medway", "--need", "sexual_exploitation", "--gender", "female", "--limit", "9"],
     "1. [local] Medway Young People's Exploitation Team (fictitious)", ["Childline", "NSPCC"], []),
    (["--age", "70", "--area", "atlantis", "--need", "education_employment"],
     "1. [national] Police, fire, ambulance: 999 (police-999): 999", ["101"], []),
])
def test_match_prints_ranked_services(args: list[str], first: str, contains: list[str], missing: list[str]) -> None:
    result = run("directory", "match", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(first), result.stdout
    for text in contains:
        assert text in result.stdout
    for text in missing:
        assert text not in result.stdout


@pytest.mark.parametrize("args", [["--need", "haircuts"], ["--age", "-3"], ["--limit", "0"]])
def test_match_rejects_bad_arguments(args: list[str]) -> None:
    assert run("directory", "match", *args).exit_code == 2
