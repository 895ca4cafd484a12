"""The data file: bad files stop the build with one clear line per problem, before anything
is written; good ones render escaped, in the page's language."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_FILE, OTHER_FILE, ROOT, mkdocs_build

from macros import render
from macros.affiliate import SCHEMA_FILE, json_schema, load_affiliate


def _example() -> dict:
    return yaml.safe_load(EXAMPLE_FILE.read_text())


def _mutated(change: Callable[[dict], None]) -> str:
    data = _example()
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path: str, value):
    def change(data):
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return change


def _without(path: str):
    def change(data):
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[key]
        del node[last]

    return change


def _rename(old: str, new: str):
    def change(data):
        data[new] = data.pop(old)

    return change


def _several(*changes):
    def change(data):
        for each in changes:
            each(data)

    return change


BAD_FILES: dict[str, tuple[str | None, list[str]]] = {
    # name: (file text, or None for no file at all; the lines the build must print)
    "missing file": (None, ["bad.yml: file not found"]),
    "empty file": ("# nothing here yet\n", ["bad.yml: the file is empty"]),
    "yaml syntax error": (
        "organization:\n  name: [unclosed\nhotline: 1\n",
        ["bad.yml:3:8: YAML syntax error:"],
    ),
    "duplicate key": (
        EXAMPLE_FILE.read_text() + "\nemail: other@example.org\n",
        ["YAML syntax error: duplicate key 'email'"],
    ),
    "not a mapping": ("- just\n- a list\n", ["bad.yml: should be a mapping of keys, not a list"]),
    "missing hotline": (
        _mutated(_without("hotline")),
        ["bad.yml: hotline: required key is missing"],
    ),
    "missing hotline number": (
        _mutated(_without("hotline.number")),
        ["bad.yml: hotline.number: required key is missing"],
    ),
    "malformed phone": (
        _mutated(_set("contacts.legal_aid.1.phone", "555-12")),
        ['bad.yml: contacts.legal_aid[1].phone: "555-12" is not a valid phone number for US'],
    ),
    "unknown key": (
        _mutated(_rename("hotline", "hotlnie")),
        [
            "bad.yml: hotline: required key is missing",
            "bad.yml: hotlnie: unknown key; did you mean hotline?",
        ],
    ),
    "unknown nested key": (
        _mutated(_set("contacts.legal_aid.0.adress", "1 Main St")),
        ["bad.yml: contacts.legal_aid[0].adress: unknown key; did you mean address?"],
    ),
    "wrong type": (
        _mutated(_set("hotline.languages", "en")),
        ["bad.yml: hotline.languages: should be a list (lines starting with '-'), not text"],
    ),
    "wrong type for a text": (
        _mutated(_set("organization.name", 7)),
        ["bad.yml: organization.name: should be text, or {en: ..., es: ...}, not a number"],
    ),
    "empty organisation name": (
        _mutated(_set("organization.name", "   ")),
        ["bad.yml: organization.name.en: must not be empty"],
    ),
    "missing default language": (
        _mutated(_set("hotline.hours", {"es": "Siempre"})),
        ["bad.yml: hotline.hours: the en text is required"],
    ),
    "not a language of the site": (
        _mutated(_set("hotline.hours", {"en": "Always", "sp": "Siempre"})),
        ["bad.yml: hotline.hours: 'sp' is not a language of this site (use en, es)"],
    ),
    "bad email": (
        _mutated(_set("email", "hotline-at-example.org")),
        ["bad.yml: email: value is not a valid email address"],
    ),
    "javascript url": (
        _mutated(_set("website", "javascript:alert(1)")),
        ["bad.yml: website: must be an http:// or https:// address"],
    ),
    "bad language code": (
        _mutated(_set("hotline.languages", ["en", "spanish"])),
        ['bad.yml: hotline.languages[1]: "spanish" is not a language code'],
    ),
    "fictional hotline in a real copy": (
        _mutated(_set("example", False)),
        [
            "bad.yml: hotline.number: (413) 555-0100 is a fictional 555-01xx number",
            "bad.yml: contacts.legal_aid[0].phone: (413) 555-0110 is a fictional",
        ],
    ),
    "every problem at once": (
        _mutated(
            _several(
                _set("email", "nope"),
                _set("website", "ftp://example.org"),
                _set("contacts.consulates.0.phone", "12"),
                _without("locality.city"),
            )
        ),
        [
            "bad.yml: email: value is not a valid email address",
            "bad.yml: website: must be an http:// or https:// address",
            'bad.yml: contacts.consulates[0].phone: "12" is not a valid phone number',
            "bad.yml: locality.city: required key is missing",
        ],
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_data_file_stops_the_build_clearly(case, tmp_path):
    text, expected_lines = BAD_FILES[case]
    bad = tmp_path / "bad.yml"
    if text is not None:
        bad.write_text(text)
    site = tmp_path / "site"
    site.mkdir()
    (site / "published.html").write_text("the copy already online")

    result = mkdocs_build(site, affiliate_file=bad)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("ERROR: ")]
    for expected in expected_lines:
        assert any(expected in line for line in error_lines), (expected, result.stderr)
    assert len(error_lines) >= len(expected_lines)
    # Nothing was written or cleaned before the data was checked.
    assert [p.name for p in site.iterdir()] == ["published.html"]


def test_the_check_command_reports_the_same_problems(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_FILES["every problem at once"][0])
    result = subprocess.run(
        [sys.executable, "-m", "macros", "check", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 4
    assert "Traceback" not in result.stderr


def test_publishing_the_example_is_refused():
    def check(path: Path) -> int:
        command = [sys.executable, "-m", "macros", "check", str(path), "--publish"]
        return subprocess.run(command, cwd=ROOT, capture_output=True).returncode

    assert check(EXAMPLE_FILE) != 0
    assert check(OTHER_FILE) == 0


def test_the_json_schema_in_the_repo_is_current():
    committed = json.loads((ROOT / SCHEMA_FILE).read_text())
    assert committed == json_schema(), "run `make schema`"
    assert EXAMPLE_FILE.read_text().startswith(
        f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n"
    )


def test_the_example_is_marked_and_uses_fictional_numbers():
    example = load_affiliate(EXAMPLE_FILE)
    assert example.example
    assert example.hotline.number.startswith("+1413555010")


# --- the rendering functions, called directly ------------------------------------------


def test_hotline_link_dials_e164_and_shows_the_national_format():
    example = load_affiliate(EXAMPLE_FILE)
    assert render.hotline_link(example) == (
        '<a class="kyr-tel kyr-hotline" href="tel:+14135550100">(413) 555-0100</a>'
    )


def test_call_us_block_is_in_the_page_language():
    example = load_affiliate(EXAMPLE_FILE)
    english, spanish = render.call_us(example, "en"), render.call_us(example, "es")
    assert "24-hour hotline" in english and "English, Spanish, Portuguese" in english
    assert "Línea de emergencia 24 horas" in spanish and "inglés, español, portugués" in spanish
    assert 'href="sms:+14135550101"' in spanish


def test_contacts_are_escaped_and_localized():
    other = load_affiliate(OTHER_FILE)
    html = render.contacts(other, "legal_aid", "es")
    assert "Pida &quot;intake&quot; y diga &lt;urgente&gt;" in html
    assert 'href="tel:+15102862000"' in html
    assert "<urgente>" not in html


def test_an_empty_category_points_to_the_hotline():
    other = load_affiliate(OTHER_FILE)
    assert "Call the hotline" in render.contacts(other, "consulates", "en")


def test_an_unknown_category_is_an_error():
    with pytest.raises(ValueError, match="unknown contact category"):
        render.contacts(load_affiliate(OTHER_FILE), "lawyers", "en")


def test_every_label_exists_in_both_languages():
    labels = yaml.safe_load(render.LABELS_FILE.read_text())

    def leaves(node, path=""):
        if set(node) == {"en", "es"}:
            yield path, node
        else:
            for key, child in node.items():
                yield from leaves(child, f"{path}.{key}".strip("."))

    for path, texts in leaves(labels):
        assert texts["en"].strip() and texts["es"].strip(), path
