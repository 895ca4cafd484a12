"""The quiz and the family-plan form as data: one file each (macros/quiz.yml,
macros/family-plan-form.yml) with every language side by side drives both languages' pages, so
that answer keys and field lists cannot drift; a broken file stops the build with one line
naming the file and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import LANGS, mkdocs_build
from lxml import html as lxml_html
from test_site_build import copy_project

from macros import tools
from macros.site import url_path


def _tool(site: Path, prefix: str, page: str, css_class: str):
    """The quiz's or the form's element in a built page."""
    document = lxml_html.fromstring((site / prefix / page / "index.html").read_bytes())
    (element,) = document.xpath(f'//form[contains(concat(" ", @class, " "), " {css_class} ")]')
    return element


def _quiz_as_built(site: Path, prefix: str) -> list[dict]:
    questions = []
    for fieldset in _tool(site, prefix, "workshops/quiz", "kyr-quiz").iter("fieldset"):
        radios = fieldset.xpath(".//input[@type='radio']")
        (why,) = fieldset.xpath(".//p[@class='kyr-quiz__why']")
        questions.append(
            {
                "question": fieldset.findtext("legend"),
                "letters": [radio.get("value") for radio in radios],
                "right": [radio.get("value") for radio in radios if radio.get("data-right") == ""],
                "groups": {radio.get("name") for radio in radios},
                "answers": [" ".join(radio.getparent().text_content().split()) for radio in radios],
                "href": why.xpath(".//a/@href"),
            }
        )
    return questions


def _form_as_built(site: Path, prefix: str) -> list[tuple[str, str, str]]:
    """(legend, id, label) of every field, in order."""
    fields = []
    for fieldset in _tool(site, prefix, "family-plan/form", "kyr-form").iter("fieldset"):
        for field in fieldset.xpath(".//input | .//textarea"):
            (label,) = fieldset.xpath(".//label[@for=$id]", id=field.get("id"))
            fields.append((fieldset.findtext("legend"), field.get("id"), label.text_content()))
    return fields


def _plain(markdown: str) -> str:
    """A data file's text as a reader sees it: links as their text, quotes without markup."""
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)


# --- (a) the built pages follow the data file, in both languages -----------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_built_quiz_has_the_data_files_questions_and_answer_key(example_site, lang):
    data = tools.load_quiz().questions
    built = _quiz_as_built(example_site, LANGS[lang])
    assert len(built) == len(data)
    for number, (question, page) in enumerate(zip(data, built, strict=True), start=1):
        words = getattr(question, lang)
        assert page["right"] == [question.right], number
        assert page["letters"] == list(words.answers), number
        assert page["groups"] == {f"q{number}"}  # one radio group per question
        assert page["question"] == f"{number}. {words.question}"
        if "{{" not in "".join(words.answers.values()):  # not those with the card's words
            assert page["answers"] == list(words.answers.values()), number
        page_url, _, anchor = question.link.partition("#")
        expected = "../../" + url_path(page_url) + (f"#{anchor}" if anchor else "")
        assert page["href"] == [expected], number


@pytest.mark.parametrize("lang", LANGS)
def test_the_built_form_has_the_data_files_fields_in_order(example_site, lang):
    data = tools.load_plan_form().groups
    expected = [
        (getattr(group, lang), field.id, getattr(field, lang))
        for group in data
        for field in group.fields
    ]
    assert _form_as_built(example_site, LANGS[lang]) == expected


def test_both_languages_have_the_same_answer_key_and_field_ids(example_site):
    keys = [[q["right"] for q in _quiz_as_built(example_site, p)] for p in LANGS.values()]
    ids = [[field[1] for field in _form_as_built(example_site, p)] for p in LANGS.values()]
    assert keys[0] == keys[1] and len(keys[0]) == 12
    assert ids[0] == ids[1] and len(ids[0]) >= 20


# --- (b) one change in the data file changes both languages ----------------------------------


def test_changing_one_answer_and_one_field_in_the_data_file_changes_both_languages(tmp_path):
    project = copy_project(tmp_path / "project")
    quiz_file = project / "macros" / "quiz.yml"
    quiz = yaml.safe_load(quiz_file.read_text(encoding="utf-8"))
    fourth = quiz["questions"][3]
    new_right = next(letter for letter in fourth["en"]["answers"] if letter != fourth["right"])
    fourth["right"] = new_right
    quiz_file.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False))
    form_file = project / "macros" / "family-plan-form.yml"
    form = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    field = form["groups"][0]["fields"][1]
    field.update(id="second-child", en="Second child: name", es="Segundo hijo o hija: nombre")
    form_file.write_text(yaml.safe_dump(form, allow_unicode=True, sort_keys=False))

    result = mkdocs_build(tmp_path / "site", project=project, pdfs=False)
    assert result.returncode == 0, result.stderr
    labels = {"en": "Second child: name", "es": "Segundo hijo o hija: nombre"}
    for lang, prefix in LANGS.items():
        questions = _quiz_as_built(tmp_path / "site", prefix)
        assert questions[3]["right"] == [new_right], lang
        assert [q["right"] for q in questions[:3]] == [["b"], ["a"], ["c"]], lang  # the others
        fields = _form_as_built(tmp_path / "site", prefix)
        assert fields[1][1:] == ("second-child", labels[lang]), lang
        assert "child-2" not in [field[1] for field in fields], lang


# --- (c) a broken data file stops the build, naming the file and the key ---------------------


def test_a_missing_spanish_text_stops_the_build_naming_the_file_and_key(tmp_path):
    project = copy_project(tmp_path / "project")
    quiz_file = project / "macros" / "quiz.yml"
    quiz = yaml.safe_load(quiz_file.read_text(encoding="utf-8"))
    del quiz["questions"][2]["es"]["why"]
    quiz_file.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False))
    form_file = project / "macros" / "family-plan-form.yml"
    form = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    del form["groups"][1]["fields"][0]["es"]
    form_file.write_text(yaml.safe_dump(form, allow_unicode=True, sort_keys=False))

    result = mkdocs_build(tmp_path / "site", project=project, pdfs=False)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        "ERROR: macros/quiz.yml: questions[2].es.why: required key is missing",
        "ERROR: macros/family-plan-form.yml: groups[1].fields[0].es: required key is missing",
    ], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "workshops" / "quiz" / "index.html").exists()


# --- the checks themselves, on small files -----------------------------------------------


def _question(**change) -> dict:
    texts = {
        lang: {
            "question": f"Q ({lang})",
            "answers": {"a": f"A ({lang})", "b": f"B ({lang})"},
            "why": f"Why ({lang})",
            "link_text": f"Page ({lang})",
        }
        for lang in tools.LANGUAGES
    }
    return {"right": "a", "link": "know-your-rights/at-home.md", **texts, **change}


def _field(field_id: str, **change) -> dict:
    return {"id": field_id, "type": "text", "en": "Label", "es": "Etiqueta", **change}


def _es(question: dict, **change) -> dict:
    return {**question["es"], **change}


@pytest.mark.parametrize(
    "file_name, data, problem",
    [
        (
            "quiz.yml",
            {"questions": [_question(right="c")]},
            "questions[0].right: 'c' is not one of the answers a, b",
        ),
        (
            "quiz.yml",
            {"questions": [q := _question(), _question(es=_es(q, answers={"a": "A", "c": "C"}))]},
            "questions[1].es.answers: the letters are a, c; in en: a, b",
        ),
        (
            "quiz.yml",
            {"questions": [_question(es=_es(_question(), why='Vea <a href="x">esto</a>'))]},
            "questions[0].es.why: write plain text and Markdown here, not HTML (no '<')",
        ),
        (
            "quiz.yml",
            {"questions": [_question(es=_es(_question(), why='Diga {{ say("no_entri") }}'))]},
            "questions[0].es.why: no red-card phrase 'no_entri'",
        ),
        (
            "quiz.yml",
            {"questions": [_question(rigth="a")]},
            "questions[0].rigth: unknown key",
        ),
        (
            "family-plan-form.yml",
            {"groups": [{"en": "G", "es": "G", "fields": [_field("a-1"), _field("a-1")]}]},
            "groups[0].fields[1].id: 'a-1' is used twice",
        ),
        (
            "family-plan-form.yml",
            {"groups": [{"en": "G", "es": "G", "fields": [_field("a-1", name="x")]}]},
            "groups[0].fields[0].name: unknown key",
        ),
    ],
)
def test_a_bad_data_file_is_refused_with_its_key(tmp_path, file_name, data, problem):
    path = tmp_path / file_name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    load = tools.load_quiz if file_name == "quiz.yml" else tools.load_plan_form
    with pytest.raises(tools.ToolDataError) as refused:
        load(path)
    assert len(refused.value.problems) == 1, refused.value.problems
    assert refused.value.problems[0].startswith(f"{path}: {problem}"), refused.value.problems


def test_the_shipped_data_files_load():
    assert len(tools.load_quiz().questions) == 12
    ids = [field.id for group in tools.load_plan_form().groups for field in group.fields]
    assert len(ids) == len(set(ids)) >= 20
