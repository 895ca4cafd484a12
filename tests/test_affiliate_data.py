"""The data file: bad files stop the build with one clear line per problem, before anything
is written; good ones render escaped, in the page's language.

Most cases run `make check`'s own function in this process (`python -m macros check`, which
checks exactly what the build checks, in a fraction of the time); one real `mkdocs build`
shows the build stopping on the same lines."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_FILE, OTHER_FILE, ROOT, mkdocs_build

from macros import render
from macros.__main__ import main as command_line
from macros.affiliate import (
    FILE_MAX_BYTES,
    MAX_DEPTH,
    NAME_MAX,
    NOTE_MAX,
    SCHEMA_FILE,
    json_schema,
    load_affiliate,
    national_format,
)


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
        ['the key "email" is here twice; keep one'],
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
        ["bad.yml: organization.name: must not be empty"],
    ),
    "missing default language": (
        _mutated(_set("hotline.hours", {"es": "Siempre"})),
        ["bad.yml: hotline.hours: the en text is required"],
    ),
    "not a language of the site": (
        _mutated(_set("hotline.hours", {"en": "Always", "sp": "Siempre"})),
        ['bad.yml: hotline.hours: "sp" is not a language of this site (use en, es)'],
    ),
    "bad email": (
        _mutated(_set("email", "hotline-at-example.org")),
        ['bad.yml: email: "hotline-at-example.org" is not a plain e-mail address'],
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
            'bad.yml: email: "nope" is not a plain e-mail address',
            "bad.yml: website: must be an http:// or https:// address",
            'bad.yml: contacts.consulates[0].phone: "12" is not a valid phone number',
            "bad.yml: locality.city: required key is missing",
        ],
    ),
}


def _check(path: Path, capsys) -> tuple[int, list[str]]:
    """`make check` on `path`, in this process: its exit code and its ERROR lines."""
    code = command_line(["check", str(path)])
    output = capsys.readouterr()
    assert "Traceback" not in output.out + output.err
    return code, [line for line in output.err.splitlines() if line.startswith("ERROR: ")]


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_data_file_is_refused_clearly(case, tmp_path, capsys):
    text, expected_lines = BAD_FILES[case]
    bad = tmp_path / "bad.yml"
    if text is not None:
        bad.write_text(text)

    code, error_lines = _check(bad, capsys)

    assert code == 1
    for expected in expected_lines:
        assert any(expected in line for line in error_lines), (expected, error_lines)
    assert len(error_lines) >= len(expected_lines)


def test_a_bad_data_file_stops_the_build_before_anything_is_written(tmp_path, capsys):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_FILES["every problem at once"][0])
    site = tmp_path / "site"
    site.mkdir()
    (site / "published.html").write_text("the copy already online")

    result = mkdocs_build(site, affiliate_file=bad)

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    built_lines = [line for line in result.stderr.splitlines() if line.startswith("ERROR: ")]
    assert built_lines == _check(bad, capsys)[1]  # the build checks what `make check` does
    assert [p.name for p in site.iterdir()] == ["published.html"]


# --- hardening (issue 14): each class of mistake, hostile and honest --------------------

EXAMPLE_TEXT = EXAMPLE_FILE.read_text()
# The line of a key appended to the example after one blank line.
APPENDED = EXAMPLE_TEXT.count("\n") + 2


def _appended(text: str) -> str:
    return f"{EXAMPLE_TEXT}\n{text}"


def _replaced(old: str, new: str) -> str:
    assert old in EXAMPLE_TEXT, old
    return EXAMPLE_TEXT.replace(old, new, 1)


def _nested(depth: int) -> str:
    return _appended("x: " + "[" * depth + "]" * depth + "\n")


# An alias bomb: each line repeats the one before twenty times (3.2 million values).
ALIAS_BOMB = _appended(
    "a0: &a0 ["
    + ", ".join(["x"] * 20)
    + "]\n"
    + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 20) + "]\n" for i in range(1, 6))
)

# name: (file text or bytes, the one line `make check` must print, after "ERROR: ")
HARDENING: dict[str, tuple[str | bytes, str]] = {
    # Control characters and line breaks in text (python-docx crashed on them).
    "escape sequence in a name (hostile)": (
        _mutated(_set("organization.short_name", "EV\x1b[2JWC")),
        "bad.yml: organization.short_name: has the control character U+001B at character 3",
    ),
    "form feed pasted into an address (mistaken)": (
        _mutated(_set("contacts.legal_aid.0.address", "100 Main Street\x0c Springfield")),
        "bad.yml: contacts.legal_aid[0].address: has the control character U+000C",
    ),
    "a heading injected through a line break (hostile)": (
        _mutated(_set("organization.name", {"en": "EVWC\n# Call +1 900 555 1212", "es": "E"})),
        "bad.yml: organization.name.en: must be on one line (it has a line break at character 5)",
    ),
    "a name written as a two-line block (mistaken)": (
        _replaced('short_name: "EVWC"', "short_name: |\n    Example Valley\n    Workers"),
        "bad.yml: organization.short_name: must be on one line",
    ),
    "a control character typed into the file (mistaken)": (
        _replaced('short_name: "EVWC"', 'short_name: "EV\x07WC"'),
        "bad.yml:21: has the control character U+0007",
    ),
    # Bidi marks that reorder text.
    "right-to-left override in a name (hostile)": (
        _mutated(_set("contacts.legal_aid.0.name", "Legal Aid \u202eenilnoitseuQ")),
        "bad.yml: contacts.legal_aid[0].name: has U+202E RIGHT-TO-LEFT OVERRIDE at character 11",
    ),
    "right-to-left mark pasted with a name (mistaken)": (
        _mutated(_set("hotline.hours", {"en": "24 hours", "es": "las 24 horas\u200f"})),
        "bad.yml: hotline.hours.es: has U+200F RIGHT-TO-LEFT MARK at character 13",
    ),
    # Lengths.
    "a 5 MB note (hostile)": (
        _mutated(_set("contacts.congregations.0.note", "x" * 5_000_000)),
        f"kB; a data file holds at most {FILE_MAX_BYTES // 1000} kB",
    ),
    "a 300-character name (hostile)": (
        _mutated(_set("organization.short_name", "E" * 300)),
        f"bad.yml: organization.short_name: is 300 characters long; keep it to {NAME_MAX}",
    ),
    "a whole leaflet as a note (mistaken)": (
        _mutated(_set("contacts.congregations.0.note.es", "Ofrece un salón. " * 150)),
        f"bad.yml: contacts.congregations[0].note.es: is 2,549 characters long; keep it to "
        f"{NOTE_MAX:,}",
    ),
    # E-mail addresses, which mailto: links carry.
    "mailto: header injection (hostile)": (
        _mutated(_set("contacts.legal_aid.0.email", "x?bcc=spy%40evil.example&x=@example.org")),
        'bad.yml: contacts.legal_aid[0].email: "x?bcc=spy%40evil.example&x=@example.org" is '
        "not a plain e-mail address",
    ),
    "an address with a display name (mistaken)": (
        _mutated(_set("email", "EVWC Hotline <hotline@example.org>")),
        'bad.yml: email: "EVWC Hotline <hotline@example.org>" is not a plain e-mail address',
    ),
    # Addresses: user info, scheme, query.
    "site_url that sends the QR codes elsewhere (hostile)": (
        _mutated(_set("site_url", "https://kyr.example.org@evil.example/")),
        "bad.yml: site_url: must not hold a user name or password (the part before @): this "
        "address goes to evil.example",
    ),
    "a password in the website (mistaken)": (
        _mutated(_set("website", "https://admin:hunter2@www.example.org/")),
        "bad.yml: website: must not hold a user name or password",
    ),
    "quick exit to an http:// tracker (hostile)": (
        _mutated(_set("quick_exit", "http://tracker.example/visit")),
        "bad.yml: quick_exit: must start with https://",
    ),
    "site_url with http:// (mistaken)": (
        _mutated(_set("site_url", "http://kyr.example.org/")),
        "bad.yml: site_url: must start with https://",
    ),
    "site_url with a tracking query (hostile)": (
        _mutated(_set("site_url", "https://kyr.example.org/?utm_source=card")),
        "bad.yml: site_url: must not have a query (?...) or a fragment (#...)",
    ),
    "site_url with a fragment (mistaken)": (
        _mutated(_set("site_url", "https://kyr.example.org/#top")),
        "bad.yml: site_url: must not have a query (?...) or a fragment (#...)",
    ),
    "quick exit back to the site (hostile)": (
        _mutated(_set("quick_exit", "https://WWW.kyr.example.org/bye")),
        "bad.yml: quick_exit: www.kyr.example.org is this site's own address",
    ),
    "quick exit to the site's home page (mistaken)": (
        _mutated(_set("quick_exit", "https://kyr.example.org/")),
        "bad.yml: quick_exit: kyr.example.org is this site's own address",
    ),
    # Phone numbers.
    "premium-rate hotline (hostile)": (
        _mutated(_set("hotline.number", "+1 900 555 1212")),
        "bad.yml: hotline.number: (900) 555-1212 is a premium-rate number (callers pay extra)",
    ),
    "personal forwarding number for texts (mistaken)": (
        _mutated(_set("hotline.sms", "+1 500 555 1234")),
        "bad.yml: hotline.sms: (500) 555-1234 is a personal forwarding number",
    ),
    "an extension on a contact (mistaken)": (
        _mutated(_set("contacts.legal_aid.0.phone", "(413) 555-0110 ext. 204")),
        'bad.yml: contacts.legal_aid[0].phone: "(413) 555-0110 ext. 204" has an extension (204)',
    ),
    "an extension on the hotline (mistaken)": (
        _mutated(_set("hotline.number", "(413) 555-0100 x9")),
        'bad.yml: hotline.number: "(413) 555-0100 x9" has an extension (9)',
    ),
    "a country that does not exist (mistaken)": (
        _mutated(_set("locality.country", "UK")),
        'bad.yml: locality.country: "UK" is not a country code',
    ),
    "a country in lower case (mistaken)": (
        _mutated(_set("locality.country", "us")),
        'bad.yml: locality.country: "us" is not a country code',
    ),
    # File mistakes.
    "saved as Latin-1 (mistaken)": (
        EXAMPLE_TEXT.encode("latin-1", errors="replace"),
        "bad.yml:30: is not UTF-8 text (byte 0xed); save the file as UTF-8",
    ),
    "saved as UTF-16 (mistaken)": (
        EXAMPLE_TEXT.encode("utf-16"),
        "bad.yml:1: is not UTF-8 text (byte 0xff)",
    ),
    "a tab in the indentation (mistaken)": (
        _replaced("  hours:", "\thours:"),
        "bad.yml:30:1: YAML syntax error: a tab; YAML is indented and spaced with spaces only",
    ),
    "a tab after a colon in a list (mistaken)": (
        _replaced("languages: [en, es, pt]", "languages: [en,\tes, pt]"),
        "bad.yml:31:18: YAML syntax error: a tab",
    ),
    "nested too deep (mistaken)": (
        _nested(MAX_DEPTH),
        f"bad.yml:{APPENDED}:13: nested more than {MAX_DEPTH} levels deep",
    ),
    "nested 5,000 levels deep (hostile)": (
        _nested(5_000),
        f"bad.yml:{APPENDED}:13: nested more than {MAX_DEPTH} levels deep",
    ),
    "an alias that holds itself (hostile)": (
        _appended("x: &loop [*loop]\n"),
        f"bad.yml: nested more than {MAX_DEPTH} levels deep (through an alias, *name)",
    ),
    "an alias bomb (hostile)": (
        ALIAS_BOMB,
        "bad.yml: holds more than 10,000 values (aliases, *name, repeat their anchor's)",
    ),
    "a list as a key (hostile)": (
        _appended("? [hotline, number]\n: x\n"),
        f"bad.yml:{APPENDED}:3: a key must be text, not a list",
    ),
    "a number as a key (mistaken)": (
        _appended("1: first\n"),
        f'bad.yml:{APPENDED}:1: the key "1" reads as a number in YAML; keys are text: put it '
        'in quotes, "1":',
    ),
    "true as a key (mistaken)": (
        _appended("true: yes\n"),
        f'bad.yml:{APPENDED}:1: the key "true" reads as true/false in YAML',
    ),
    "1 and true as keys, not called duplicates (mistaken)": (
        _appended("1: first\ntrue: second\n"),
        f'bad.yml:{APPENDED}:1: the key "1" reads as a number in YAML',
    ),
    "Norwegian's code, no, as a language name's key (mistaken)": (
        _appended("language_names:\n  no: {en: Norwegian, es: noruego}\n"),
        f'bad.yml:{APPENDED + 1}:3: the key "no" reads as true/false in YAML; keys are text: '
        'put it in quotes, "no":',
    ),
    "a key that moves the terminal's cursor (hostile)": (
        _appended('"\\e[2Jhotline": 1\n'),
        "bad.yml: \\u001b[2Jhotline: unknown key; did you mean hotline?",
    ),
}


@pytest.mark.parametrize("case", HARDENING, ids=list(HARDENING))
def test_each_mistake_is_one_clear_line_naming_the_file_and_key(case, tmp_path, capsys):
    content, expected = HARDENING[case]
    bad = tmp_path / "bad.yml"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")

    code, error_lines = _check(bad, capsys)

    assert code == 1
    assert len(error_lines) == 1, error_lines
    assert error_lines[0].startswith(f"ERROR: {bad}"), error_lines
    assert expected in error_lines[0].removeprefix(f"ERROR: {bad.parent}/"), error_lines


def test_a_folder_is_named_as_a_folder(tmp_path, capsys):
    folder = tmp_path / "bad.yml"
    folder.mkdir()
    code, error_lines = _check(folder, capsys)
    assert code == 1
    assert error_lines == [
        f"ERROR: {folder}: is a folder; name the data file (e.g. {folder}/affiliate.yml)"
    ]


def test_an_unreadable_file_is_named_as_unreadable(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(EXAMPLE_TEXT)
    bad.chmod(0)
    command = [sys.executable, "-m", "macros", "check", str(bad)]
    if os.geteuid() == 0:
        # Root reads any file: check without the capabilities that let it.
        if not shutil.which("setpriv"):
            pytest.skip("running as root, without setpriv to drop root's file access")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"ERROR: {bad}: cannot be read: Permission denied"]


def test_merge_keys_are_supported(tmp_path):
    shared = _replaced(
        "      languages: [en, es]\n      note:", "      languages: &both [en, es]\n      note:"
    ).replace(
        '    - name: "Example Law School Immigration Clinic"\n'
        '      phone: "(413) 555-0111"\n'
        "      languages: [en, es, pt]",
        '    - <<: {address: "1 Clinic Way", name: "Overridden"}\n'
        '      name: "Example Law School Immigration Clinic"\n'
        "      languages: *both",
    )
    assert "<<:" in shared
    good = tmp_path / "good.yml"
    good.write_text(shared)
    clinic = load_affiliate(good).contacts.legal_aid[1]
    assert clinic.address == "1 Clinic Way"
    assert clinic.name.get("en") == "Example Law School Immigration Clinic"  # its own key wins
    assert clinic.languages == ["en", "es"]


def test_site_url_always_ends_with_a_slash(tmp_path):
    good = tmp_path / "good.yml"
    good.write_text(_mutated(_set("site_url", "https://kyr.example.org/rights")))
    assert str(load_affiliate(good).site_url) == "https://kyr.example.org/rights/"


def test_a_number_of_another_country_shows_its_country_code(tmp_path):
    good = tmp_path / "good.yml"
    good.write_text(_mutated(_set("contacts.consulates.0.phone", "+52 55 1234 5678")))
    affiliate = load_affiliate(good)
    link = html.unescape(str(render.tel_link(affiliate.contacts.consulates[0].phone)))
    assert 'href="tel:+525512345678">+52 55 1234 5678</a>' in link
    # The affiliate's own country's numbers stay in national format.
    assert national_format(affiliate.hotline.number) == "(413) 555-0100"


def test_the_schema_states_the_limits_for_editors():
    definitions = json_schema()["$defs"]
    name = definitions["Organization"]["properties"]["name"]["anyOf"][0]
    note = definitions["Contact"]["properties"]["note"]["anyOf"][0]
    assert name["maxLength"] == NAME_MAX and note["maxLength"] == NOTE_MAX
    one_line, notes = re.compile(name["pattern"]), re.compile(note["pattern"])
    assert one_line.match("Centro de Trabajadores") and notes.match("Line one\nLine two")
    for refused in ("a\u202eb", "a\u2066b", "a\x1bb", "a\x00b"):
        assert not one_line.match(refused) and not notes.match(refused), refused
    assert not one_line.match("two\nlines")
    email = definitions["Contact"]["properties"]["email"]["anyOf"][0]["pattern"]
    assert not re.match(email, "x?bcc=spy%40evil.example&x=@example.org")
    site_url = json_schema()["properties"]["site_url"]["pattern"]
    assert not re.match(site_url, "https://kyr.example.org@evil.example/")


def test_the_data_file_is_read_once_until_it_changes(tmp_path):
    data = tmp_path / "affiliate.yml"
    data.write_text(EXAMPLE_TEXT)
    first = load_affiliate(data)
    assert load_affiliate(data) is first  # the hooks, the macros, each language: one read
    data.write_text(EXAMPLE_TEXT.replace('short_name: "EVWC"', 'short_name: "EVWC 2"'))
    assert load_affiliate(data).organization.short_name.get("en") == "EVWC 2"


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


# Compared as the browser reads them: render.py may encode any character as an entity (it
# encodes Markdown's) and the page shows the same text.


def test_hotline_link_dials_e164_and_shows_the_national_format():
    example = load_affiliate(EXAMPLE_FILE)
    assert html.unescape(str(render.hotline_link(example))) == (
        '<a class="kyr-tel kyr-hotline" href="tel:+14135550100">(413) 555-0100</a>'
    )


def test_call_us_block_is_in_the_page_language():
    example = load_affiliate(EXAMPLE_FILE)
    english, spanish = (html.unescape(str(render.call_us(example, lang))) for lang in ("en", "es"))
    assert "24-hour hotline" in english and "English, Spanish, Portuguese" in english
    assert "Línea de emergencia 24 horas" in spanish and "inglés, español, portugués" in spanish
    assert 'href="sms:+14135550101"' in spanish


def test_contacts_are_escaped_and_localized():
    other = load_affiliate(OTHER_FILE)
    contacts = str(render.contacts(other, "legal_aid", "es"))
    assert "<urgente>" not in contacts and '"intake"' not in contacts
    assert 'Pida "intake" y diga <urgente>' in html.unescape(contacts)
    assert 'href="tel:+15102862000"' in html.unescape(contacts)


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
