"""The affiliate data file: its schema, and loading it with clear, complete error messages.

Everything local to one affiliate (name, hotline, contacts) lives in `affiliate.yml`.
`load_affiliate` returns a validated `Affiliate` or raises `AffiliateError` carrying one
line per problem, so that a bad file never reaches a reader.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import phonenumbers
import yaml
from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    HttpUrl,
    ValidationError,
    ValidationInfo,
)

LANGUAGES = ("en", "es")
DEFAULT_FILE = "affiliate.yml"
SCHEMA_FILE = "affiliate.schema.json"


class AffiliateError(Exception):
    """The data file cannot be used; `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --- field types -------------------------------------------------------------------------


class Strict(BaseModel):
    """Base for every mapping in the file: no unknown keys, surrounding spaces ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class LocalizedText(Strict):
    en: str = Field(min_length=1)
    es: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return getattr(self, lang)


def _same_in_both_languages(value: Any) -> Any:
    # A plain string (a proper name, say) reads the same in both languages.
    if isinstance(value, str):
        return {"en": value, "es": value}
    if not isinstance(value, dict):
        raise ValueError(f"should be text, or {{en: ..., es: ...}}, not {_yaml_kind(value)}")
    return value


Text = Annotated[
    LocalizedText,
    BeforeValidator(_same_in_both_languages, json_schema_input_type=str | LocalizedText),
]
Name = Annotated[str, Field(min_length=1)]


def _phone(value: str, info: ValidationInfo) -> str:
    region = (info.context or {}).get("region", "US")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(f'"{value}" is not a valid phone number for {region}')
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _language_code(value: str) -> str:
    try:
        Locale.parse(value)
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f'"{value}" is not a language code (use codes such as en, es, pt, ht)'
        ) from None
    return value


Phone = Annotated[
    str,
    AfterValidator(_phone),
    Field(description="A phone number, e.g. (413) 555-0100; shown in national format."),
]
LanguageCode = Annotated[str, AfterValidator(_language_code)]
Url = Annotated[HttpUrl, Field(description="An http:// or https:// address.")]


# --- the file's structure ----------------------------------------------------------------


class Organization(Strict):
    name: Text
    short_name: Text


class Locality(Strict):
    city: Name
    state: Name
    country: str = Field(
        default="US", pattern="^[A-Z]{2}$", description="Two-letter country code for phones."
    )


class Hotline(Strict):
    number: Phone
    hours: Text
    languages: list[LanguageCode] = Field(min_length=1)
    sms: Phone | None = None


class Contact(Strict):
    name: Text
    phone: Phone | None = None
    email: EmailStr | None = None
    address: str | None = Field(default=None, min_length=1)
    website: Url | None = None
    languages: list[LanguageCode] = []
    note: Text | None = None


class Contacts(Strict):
    legal_aid: list[Contact] = []
    consulates: list[Contact] = []
    congregations: list[Contact] = []
    local_media: list[Contact] = []
    elected_officials: list[Contact] = []
    ice_field_office: list[Contact] = []
    school_district: list[Contact] = []
    allied_groups: list[Contact] = []


class StateBill(Strict):
    """A state bill the affiliate watches, shown on /sanctuary/."""

    bill: Name = Field(description="The bill's number, e.g. H.1234")
    state: str = Field(pattern="^[A-Z]{2}$", description="Two-letter state code, e.g. MA")
    stance: Literal["support", "oppose", "watch"]
    link: Url
    status: Text


CONTACT_CATEGORIES: tuple[str, ...] = tuple(Contacts.model_fields)


class Affiliate(Strict):
    """One affiliate's local data: everything that differs between published copies."""

    example: bool = Field(
        default=False,
        description="True only for the bundled example: its site shows a demo banner "
        "and the deploy workflow refuses to publish it.",
    )
    organization: Organization
    locality: Locality
    hotline: Hotline
    site_url: Url = Field(description="Where the site is published, e.g. https://kyr.example.org/")
    website: Url
    email: EmailStr
    contacts: Contacts = Contacts()
    state_bills: list[StateBill] = []
    quick_exit: Url = Field(
        default="https://www.weather.gov/",
        validate_default=True,
        description="Where the Quick exit control sends a reader: a neutral site.",
    )


# --- loading -----------------------------------------------------------------------------


def affiliate_path(project_dir: Path) -> Path:
    """The data file to build from: $AFFILIATE_FILE if set, else affiliate.yml."""
    chosen = os.environ.get("AFFILIATE_FILE")
    return Path(chosen) if chosen else project_dir / DEFAULT_FILE


@dataclass(frozen=True)
class _Problem:
    path: str
    message: str


def _format_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The valid key names of the mapping found at `loc` (for "did you mean")."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        inner = field.annotation
        for candidate in _model_candidates(inner):
            model = candidate
            break
        else:
            return []
    return list(model.model_fields)


def _model_candidates(annotation: Any):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _model_candidates(arg)


_PLAIN_MESSAGES = {
    "missing": "required key is missing",
    "string_too_short": "must not be empty",
    "too_short": "must list at least one item",
    "string_type": "should be text",
    "list_type": "should be a list (lines starting with '-')",
    "model_type": "should be a mapping of keys",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "url_scheme": "must be an http:// or https:// address",
    "url_parsing": "is not a web address (it should start with https://)",
}


def _describe(error: dict[str, Any]) -> _Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        valid = _fields_at(Affiliate, loc[:-1])
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else f"; valid keys: {', '.join(valid)}"
        return _Problem(_format_path(loc), f"unknown key{hint}")
    if kind == "value_error":
        message = error["msg"].removeprefix("Value error, ")
    elif kind == "model_attributes_type" or kind == "dict_type":
        message = "should be a mapping of keys"
    else:
        message = _PLAIN_MESSAGES.get(kind, error["msg"])
    if kind in ("string_type", "list_type", "model_type", "bool_type"):
        message += f", not {_yaml_kind(error.get('input'))}"
    return _Problem(_format_path(loc), message)


def _yaml_kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; we refuse them."""

    def construct_mapping(self, node, deep=False):
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def display_path(path: Path) -> str:
    """The path as the person running the build would type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_yaml(path: Path) -> Any:
    name = display_path(path)
    if not path.is_file():
        raise AffiliateError([f"{name}: file not found (set AFFILIATE_FILE or create it)"])
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        reason = error.problem or error.context or "not valid YAML"
        raise AffiliateError([f"{where}: YAML syntax error: {reason}"]) from None
    except yaml.YAMLError as error:
        raise AffiliateError([f"{name}: YAML syntax error: {error}"]) from None
    if data is None:
        raise AffiliateError([f"{name}: the file is empty; copy the example affiliate.yml"])
    if not isinstance(data, dict):
        raise AffiliateError([f"{name}: should be a mapping of keys, not {_yaml_kind(data)}"])
    return data


def _region(data: dict[str, Any]) -> str:
    locality = data.get("locality")
    country = locality.get("country") if isinstance(locality, dict) else None
    return country if isinstance(country, str) and re.fullmatch("[A-Z]{2}", country) else "US"


# North American numbers 555-0100 to 555-0199 are reserved for fiction.
_FICTIONAL = re.compile(r"^\+1\d{3}55501\d\d$")


def _phones(value: Any, path: str):
    """Every phone number in the validated data, with its key path."""
    if isinstance(value, BaseModel):
        for key in type(value).model_fields:
            child = getattr(value, key)
            child_path = f"{path}.{key}" if path else key
            if key in ("number", "sms", "phone") and isinstance(child, str):
                yield child_path, child
            else:
                yield from _phones(child, child_path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _phones(item, f"{path}[{index}]")


def load_affiliate(path: Path) -> Affiliate:
    """Read and validate the data file; raise AffiliateError listing every problem."""
    data = _read_yaml(path)
    name = display_path(path)
    try:
        affiliate = Affiliate.model_validate(data, context={"region": _region(data)})
    except ValidationError as error:
        problems = [_describe(e) for e in error.errors(include_url=False)]
        raise AffiliateError([f"{name}: {p.path}: {p.message}" for p in problems]) from None
    if not affiliate.example:
        fictional = [
            f"{name}: {where}: {national_format(number)} is a fictional 555-01xx number; "
            "put in the real number (or mark the file `example: true`)"
            for where, number in _phones(affiliate, "")
            if _FICTIONAL.match(number)
        ]
        if fictional:
            raise AffiliateError(fictional)
    return affiliate


def national_format(e164: str) -> str:
    """(413) 555-0100 for a US number; other countries in their own national style."""
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def json_schema() -> dict[str, Any]:
    """The JSON Schema that editors use to check affiliate.yml while it is typed."""
    schema = Affiliate.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "affiliate.yml: one affiliate's local data"
    return schema
