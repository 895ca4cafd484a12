"""The workshop quiz (macros/quiz.yml) and the family-plan form (macros/family-plan-form.yml):
each written once with the text of every language side by side, checked when loaded, and
rendered in a page's language with the HTML that overrides/assets/kyr-tools.js and
kyr-tools.css expect.

The data files are upstream's content: their texts are plain text with Markdown (the quiz is
rendered inside `markdown` blocks, so MkDocs resolves and checks its links to pages), with two
helpers from the pages' own syntax: {{ say("key") }} for the red card's words and
{{ english("words") }} for words to say in English. Everything else is escaped.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from jinja2 import Environment, StrictUndefined, Template, TemplateError
from markupsafe import Markup
from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    model_validator,
)

from . import datafile, law
from .affiliate import display_path
from .datafile import DataFileError, Strict
from .render import label
from .site import UPSTREAM_LANGUAGES

QUIZ_FILE = Path(__file__).with_name("quiz.yml")
FORM_FILE = Path(__file__).with_name("family-plan-form.yml")
# The languages the files are written in: one field per language below, so that a missing
# text is reported at its own key. The site's languages (mkdocs.yml) must be among them.
LANGUAGES = UPSTREAM_LANGUAGES  # the file's texts; the first is the default
ENGLISH = "en"  # the language of {{ english() }}: what agents hear


ToolDataError = DataFileError  # what loading the quiz or the form raises


# --- the texts ---------------------------------------------------------------------------

# {{ ... }} expressions, which may hold quotes and "<" of their own.
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)


def _no_html(value: str) -> str:
    # Only the helpers write HTML: a tag typed here would pass unescaped through Jinja.
    if "<" in _EXPRESSION.sub("", value):
        raise ValueError("write plain text and Markdown here, not HTML (no '<')")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_no_html)]


def _matching(pattern: str, what: str):
    """A check that a value matches `pattern`, saying in words what it should be."""

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return AfterValidator(check)


# MkDocs resolves and checks the page (strict mode): a page that does not exist stops the build.
PageLink = Annotated[
    str,
    _matching(
        r"[\w/.-]+\.md(#[\w-]+)?", "a page under docs/<lang>/, like know-your-rights/at-home.md"
    ),
]
Letter = Annotated[str, _matching(r"[a-z]", "one small letter (a, b, c...)")]
FieldId = Annotated[
    str, _matching(r"[a-z0-9]+(-[a-z0-9]+)*", "an id of small letters, digits and hyphens")
]

# Autoescape: a helper's value is escaped unless it is Markup (say and english build theirs).
_TEXTS = Environment(autoescape=True, undefined=StrictUndefined)


def english(words: str, lang: str) -> Markup:
    """Words to say in English, quoted; marked as English on another language's page."""
    if lang == ENGLISH:
        return Markup('"{}"').format(words)
    return Markup('<span lang="{}">"{}"</span>').format(ENGLISH, words)


def text(value: str, lang: str) -> Markup:
    """A text of a data file in `lang`, escaped, with its helpers' HTML (a helper that does
    not exist, or a red-card phrase that does not, raises)."""
    # Safe: the template escapes what its helpers do not mark safe, and its own text holds no
    # "<" (see _no_html); law.say escapes the card's words itself.
    rendered = _template(value).render(
        say=lambda *keys, translated=False: Markup(law.say(keys, lang, translated)),  # noqa: S704
        english=lambda words: english(words, lang),
    )
    return Markup(rendered)  # noqa: S704


@cache
def _template(value: str) -> Template:
    return _TEXTS.from_string(value)


# --- the models --------------------------------------------------------------------------


class QuestionText(Strict):
    question: Text
    answers: dict[Letter, Text] = Field(min_length=2)
    why: Text
    link_text: Text


class Question(Strict):
    right: str
    link: PageLink
    en: QuestionText
    es: QuestionText

    @model_validator(mode="after")
    def _one_answer_key(self) -> Question:
        letters = list(self.en.answers)
        for lang in LANGUAGES[1:]:
            theirs = list(getattr(self, lang).answers)
            if theirs != letters:
                raise ValueError(
                    f"{lang}.answers: the letters are {', '.join(theirs)}; in {LANGUAGES[0]}: "
                    f"{', '.join(letters)} (every language has the same answers, in order)"
                )
        if self.right not in letters:
            raise ValueError(
                f"right: {self.right!r} is not one of the answers {', '.join(letters)}"
            )
        return self


class Quiz(Strict):
    questions: list[Question] = Field(min_length=1)


class FormField(Strict):
    id: FieldId
    type: Literal["text", "tel", "textarea"]
    rows: Annotated[int, Field(ge=1, le=20)] | None = None
    en: Text
    es: Text

    @model_validator(mode="after")
    def _rows_for_textarea(self) -> FormField:
        if self.rows is not None and self.type != "textarea":
            raise ValueError("rows: only a textarea has rows")
        return self


class FormGroup(Strict):
    en: Text
    es: Text
    hotline: bool = False
    fields: list[FormField] = Field(min_length=1)


class PlanForm(Strict):
    groups: list[FormGroup] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> PlanForm:
        # A repeated id would tie two labels to one field.
        seen: set[str] = set()
        for index, group in enumerate(self.groups):
            for number, field in enumerate(group.fields):
                if field.id in seen:
                    raise ValueError(
                        f"groups[{index}].fields[{number}].id: {field.id!r} is used twice; "
                        "each field needs its own id"
                    )
                seen.add(field.id)
        return self


# --- loading -----------------------------------------------------------------------------


def _all_texts(data: BaseModel):
    """Every text of the validated data as (key path, language, text): the strings under a
    language's key (questions[0].es.why) and a language's own key (groups[0].fields[1].es)."""

    def walk(value: Any, path: str, lang: str | None):
        if isinstance(value, dict):
            for key, child in value.items():
                where = f"{path}.{key}" if path else key
                yield from walk(child, where, key if key in LANGUAGES else lang)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                yield from walk(child, f"{path}[{index}]", lang)
        elif isinstance(value, str) and lang:
            yield path, lang, value

    yield from walk(data.model_dump(), "", None)


def _load(path: Path, model: type[BaseModel]) -> Any:
    validated = datafile.load(path, model)
    # Render every text once now, so that a helper misspelled or a red-card phrase that does
    # not exist stops the build here, with its key, rather than in the middle of a page.
    name = display_path(path)
    problems = []
    for where, lang, value in _all_texts(validated):
        try:
            text(value, lang)
        except (TemplateError, ValueError, TypeError) as error:
            problems.append(f"{name}: {where}: {error}")
    if problems:
        raise ToolDataError(problems)
    return validated


@cache
def _load_cached(path: Path, model: type[BaseModel], modified: int) -> Any:
    return _load(path, model)


def load_quiz(path: Path = QUIZ_FILE) -> Quiz:
    return _load_cached(path, Quiz, datafile.modified(path))


def load_plan_form(path: Path = FORM_FILE) -> PlanForm:
    return _load_cached(path, PlanForm, datafile.modified(path))


def check_data() -> None:
    """Load both files now, before any page is built: on a problem, print one line per problem
    (as the build does for the affiliate's data file) and stop the build."""
    problems = []
    for load in (load_quiz, load_plan_form):
        try:
            load()
        except ToolDataError as error:
            problems += error.problems
    if problems:
        datafile.stop(problems)


# --- rendering ---------------------------------------------------------------------------

# The same HTML as the pages had when they were written by hand; kyr-tools.js and
# kyr-tools.css depend on its classes and data attributes. Pressing Enter submits nowhere
# (kyr-tools.js stops it; no method="dialog", which browsers without <dialog> submit as an
# ordinary form, into the address). The quiz's radio buttons need `name` to be grouped; the
# form's fields have none, so that no browser can put what a reader types into an address.
# The quiz goes through Markdown (`markdown` blocks: its links to pages are resolved and
# checked by MkDocs); the form is one raw HTML block, and must hold no blank line.
_HTML = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)

_QUIZ = _HTML.from_string(
    """\
<form class="kyr-quiz" autocomplete="off" aria-label="{{ label('quiz.name') }}" \
data-right="{{ label('quiz.right') }}" data-wrong="{{ label('quiz.wrong') }}" \
data-score="{{ label('quiz.score') }}" markdown>

{% for q in questions %}
<fieldset markdown>
<legend>{{ q.number }}. {{ q.question }}</legend>
{% for letter, answer in q.answers %}
<label><input type="radio" name="q{{ q.number }}" value="{{ letter }}"\
{% if letter == q.right %} data-right{% endif %}> {{ answer }}</label>
{% endfor %}
<p class="kyr-quiz__why" markdown>{{ q.why }} [{{ q.link_text }}]({{ q.href }})</p>
</fieldset>

{% endfor %}
<p class="kyr-quiz__actions">\
<button type="button" class="md-button" data-kyr-key hidden aria-pressed="false">\
{{ label('quiz.key') }}</button> \
<button type="button" class="md-button" data-kyr-print hidden>{{ label('quiz.print') }}</button> \
<button type="reset" class="md-button">{{ label('quiz.again') }}</button></p>

</form>"""
)

_FORM = _HTML.from_string(
    """\
<form class="kyr-form" autocomplete="off" \
data-confirm-clear="{{ label('plan_form.confirm_clear') }}" \
data-confirm-leave="{{ label('plan_form.confirm_leave') }}" \
aria-label="{{ label('plan_form.name') }}">
{% for group in groups %}
<fieldset>
<legend>{{ group.legend }}</legend>
{% for field in group.fields %}
<p><label for="{{ field.id }}">{{ field.label }}</label>\
{% if field.type == "textarea" %}
<textarea id="{{ field.id }}" rows="{{ field.rows or 3 }}" autocomplete="off"></textarea>\
{% else %}
<input type="{{ field.type }}" id="{{ field.id }}" autocomplete="off">\
{% endif %}
</p>
{% endfor %}
{% if group.hotline %}
<p>{{ label('plan_form.hotline') }}: {{ hotline }}</p>
{% endif %}
</fieldset>
{% endfor %}
<p class="kyr-form__sign">{{ label('plan_form.date') }}: ____________________ &nbsp; \
{{ label('plan_form.signature') }}: ______________________________</p>
<p class="kyr-form__actions">\
<button type="button" class="md-button" data-kyr-print hidden>\
{{ label('plan_form.print') }}</button></p>
<p class="kyr-form__actions kyr-form__clear">\
<button type="reset" class="md-button kyr-button--secondary">\
{{ label('plan_form.clear') }}</button></p>
</form>"""
)


def _texts(item: Any, lang: str) -> Any:
    """An item's texts in `lang`; in a language the file has no texts for (a fork's third
    language), the default language's, as a page not yet translated shows it."""
    return getattr(item, lang if lang in LANGUAGES else LANGUAGES[0])


def quiz(lang: str, page: str) -> str:
    """The quiz in `lang`, for the page at `page` (its path inside its language folder, e.g.
    workshops/quiz.md): the links to pages are made relative to it."""
    here = posixpath.dirname(page)
    questions = []
    for number, question in enumerate(load_quiz().questions, start=1):
        words: QuestionText = _texts(question, lang)
        questions.append(
            {
                "number": number,
                "right": question.right,
                "question": text(words.question, lang),
                "answers": [
                    (letter, text(answer, lang)) for letter, answer in words.answers.items()
                ],
                "why": text(words.why, lang),
                "link_text": text(words.link_text, lang),
                "href": posixpath.relpath(question.link, here or "."),
            }
        )
    return _QUIZ.render(questions=questions, label=lambda key: label(key, lang))


def plan_form(lang: str, hotline: str) -> str:
    """The family-plan form in `lang`; `hotline` is the hotline's link (HTML)."""
    groups = [
        {
            "legend": text(_texts(group, lang), lang),
            "hotline": group.hotline,
            "fields": [
                {"id": f.id, "type": f.type, "rows": f.rows, "label": text(_texts(f, lang), lang)}
                for f in group.fields
            ],
        }
        for group in load_plan_form().groups
    ]
    return _FORM.render(
        groups=groups,
        hotline=Markup(hotline),  # noqa: S704 (render.hotline_link escapes the number)
        label=lambda key: label(key, lang),
    )
