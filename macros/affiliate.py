"""The affiliate data file: its schema, and loading it with clear, complete error messages.

Everything local to one affiliate (name, hotline, contacts, brand, its own pages and notes)
lives in its own `local/affiliate.yml`, a file upstream never ships; without one, the build
uses the bundled example (`macros/example-affiliate.yml`). `load_affiliate` returns a
validated `Affiliate` or raises `AffiliateError` carrying one line per problem, so that a bad
file never reaches a reader.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import phonenumbers
import pycountry
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
    RootModel,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from . import brand
from .site import (
    LOCAL_SECTION,
    PROJECT_DIR,
    local_pages_dir,
    normalize_url_path,
    site_languages,
    source_pages,
    url_path,
)

LOCAL_FILE = Path("local") / "affiliate.yml"  # the affiliate's own: upstream never ships it
EXAMPLE_FILE = Path(__file__).with_name("example-affiliate.yml")
SCHEMA_FILE = "affiliate.schema.json"
LOGO_SUFFIXES = (".svg", ".png", ".webp")
LOGO_MAX_BYTES = 100_000  # the logo is on every page: keep phones fast


class AffiliateError(Exception):
    """The data file cannot be used; `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --- field types -------------------------------------------------------------------------


class Strict(BaseModel):
    """Base for every mapping in the file: no unknown keys, surrounding spaces ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context or {}


def _languages(info: ValidationInfo) -> tuple[str, ...]:
    return _context(info).get("languages") or site_languages()


class LocalizedText(RootModel[dict[str, Annotated[str, Field(min_length=1)]]]):
    """A text in the site's languages. The default language is required; a language left
    out shows the default language's text (a plain string is the same in every language)."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    @model_validator(mode="after")
    def _known_languages(self, info: ValidationInfo) -> LocalizedText:
        languages = _languages(info)
        unknown = [code for code in self.root if code not in languages]
        if unknown:
            raise ValueError(
                f"{unknown[0]!r} is not a language of this site (use {', '.join(languages)})"
            )
        if languages[0] not in self.root:
            raise ValueError(f"the {languages[0]} text is required")
        # The default language first: `get` falls back to it.
        ordered = {languages[0]: self.root[languages[0]], **self.root}
        object.__setattr__(self, "root", ordered)
        return self

    def get(self, lang: str) -> str:
        return self.root.get(lang) or next(iter(self.root.values()))

    def missing(self, languages: tuple[str, ...]) -> list[str]:
        return [lang for lang in languages if lang not in self.root]


def _same_in_every_language(value: Any, info: ValidationInfo) -> Any:
    # A plain string (a proper name, say) reads the same in every language.
    if isinstance(value, str):
        return dict.fromkeys(_languages(info), value)
    if not isinstance(value, dict):
        raise ValueError(f"should be text, or {{en: ..., es: ...}}, not {_yaml_kind(value)}")
    return value


Text = Annotated[
    LocalizedText,
    BeforeValidator(_same_in_every_language, json_schema_input_type=str | dict[str, str]),
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
    """Any ISO 639 code (en, hmn, mix), or a Babel locale such as pt_BR or zh-Hant."""
    if re.fullmatch("[a-z]{2}", value) and pycountry.languages.get(alpha_2=value):
        return value
    if re.fullmatch("[a-z]{3}", value) and pycountry.languages.get(alpha_3=value):
        return value
    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f'"{value}" is not a language code (use ISO 639 codes such as en, es, ht, hmn, mix)'
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


def _brand_color(value: str) -> str:
    ratio = brand.contrast_ratio(value, brand.TEXT_ON_BRAND)
    if ratio < brand.MINIMUM_CONTRAST:
        raise ValueError(
            f"{value} under white text (the header, buttons) has a contrast of {ratio:.1f}:1; "
            f"WCAG AA needs {brand.MINIMUM_CONTRAST}:1: choose a darker color"
        )
    return value.lower()


def _logo(value: str, info: ValidationInfo) -> str:
    base = _context(info).get("base_dir")
    if base is None:
        return value
    path = Path(base) / value
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise ValueError(f"{value}: use an image in one of {', '.join(LOGO_SUFFIXES)}")
    if not path.is_file():
        raise ValueError(f"{display_path(path)}: file not found (put it beside the data file)")
    if path.stat().st_size > LOGO_MAX_BYTES:
        size = path.stat().st_size // 1000
        raise ValueError(f"{value} is {size} kB; keep it under {LOGO_MAX_BYTES // 1000} kB")
    return value


def _site_page(value: str, info: ValidationInfo) -> str:
    """A page's address on the site, e.g. /know-your-rights/at-home/ (any slashes)."""
    address = normalize_url_path(value)
    pages = _context(info).get("pages")
    if not address:
        raise ValueError("the home page cannot be named here")
    if pages is not None and not any(page.startswith(address) for page in pages):
        close = difflib.get_close_matches(address, pages, n=1, cutoff=0.6)
        hint = f"; did you mean /{close[0]}?" if close else ""
        raise ValueError(f"/{address} is not a page of this site{hint}")
    return address


SitePage = Annotated[
    str,
    AfterValidator(_site_page),
    Field(description="A page's address on the English site, e.g. /know-your-rights/at-home/"),
]


class Brand(Strict):
    """The affiliate's color and logo. The color is checked for contrast with white text."""

    color: Annotated[str, Field(pattern="^#[0-9a-fA-F]{6}$"), AfterValidator(_brand_color)] = Field(
        default=brand.DEFAULT_COLOR,
        description="The header and button color, as #rrggbb; white text must be "
        "readable on it (WCAG AA, 4.5:1).",
    )
    logo: Annotated[str, AfterValidator(_logo)] | None = Field(
        default=None,
        description="An image file beside the data file (.svg, .png or .webp, under 100 kB): "
        "the header logo and the browser tab's icon.",
    )


class LocalNote(Strict):
    """A note of the affiliate's on one page ("In California: ..."), in a marked box."""

    page: SitePage
    text: Text
    reviewed: datetime.date = Field(description="When you last checked this note: 2026-11-30")


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
    language_names: dict[LanguageCode, Text] = Field(
        default={},
        description="Names for language codes that the site cannot name by itself, "
        "e.g. mix: {en: Mixtec, es: mixteco}",
    )
    brand: Brand = Brand()
    hide_pages: list[SitePage] = Field(
        default=[],
        description="Pages to leave out, by address, e.g. /campus/ (a section's address "
        "hides the whole section); links to them become plain text.",
    )
    local_notes: list[LocalNote] = []
    stale_after_days: int = Field(
        default=180,
        ge=30,
        le=730,
        description="Days after a page's last review when readers see a notice to call "
        "the hotline before they act.",
    )

    def note_for(self, address: str) -> LocalNote | None:
        return next((note for note in self.local_notes if note.page == address), None)


# --- loading -----------------------------------------------------------------------------


def affiliate_path(project_dir: Path = PROJECT_DIR) -> Path:
    """The data file to build from: $AFFILIATE_FILE if set, else the affiliate's own
    local/affiliate.yml, else the bundled example."""
    chosen = os.environ.get("AFFILIATE_FILE")
    if chosen:
        return Path(chosen)
    own = project_dir / LOCAL_FILE
    return own if own.exists() else EXAMPLE_FILE


def site_pages(project_dir: Path, data_file: Path, languages: tuple[str, ...]) -> list[str]:
    """The addresses of the default language's pages: upstream's and the affiliate's own."""
    upstream = source_pages(project_dir / "docs" / languages[0])
    own = source_pages(local_pages_dir(data_file) / languages[0])
    return [url_path(p) for p in upstream] + [url_path(f"{LOCAL_SECTION}/{p}") for p in own]


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
        raise AffiliateError([f"{name}: the file is empty; start it with `make new`"])
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


def load_affiliate(path: Path, project_dir: Path = PROJECT_DIR) -> Affiliate:
    """Read and validate the data file; raise AffiliateError listing every problem."""
    data = _read_yaml(path)
    name = display_path(path)
    languages = site_languages(project_dir / "mkdocs.yml")
    context = {
        "region": _region(data),
        "languages": languages,
        "base_dir": path.parent,
        "pages": site_pages(project_dir, path, languages),
    }
    try:
        affiliate = Affiliate.model_validate(data, context=context)
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


def _leaves(value: Any, path: str = ""):
    """Every (key path, value) of plain data, e.g. ("contacts.legal_aid[0].email", "...")."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, f"{path}[{index}]")
    else:
        yield path, value


def untranslated_values(affiliate: Affiliate, languages: tuple[str, ...]) -> list[str]:
    """Key paths of texts that leave out a language (readers of it see the default's text)."""
    gaps = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, LocalizedText):
            if missing := value.missing(languages):
                gaps.append(f"{path} ({', '.join(missing)})")
        elif isinstance(value, BaseModel):
            for key in type(value).model_fields:
                walk(getattr(value, key), f"{path}.{key}" if path else key)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")

    walk(affiliate, "")
    return gaps


# Addresses reserved for documentation (RFC 2606), and words that mark the example's values.
_EXAMPLE_DOMAIN = re.compile(r"(?:^|[@./])example\.(?:org|com|net)$|\.example$", re.I)
_HOSTS = re.compile(r"(?:https?://|@)([^/:?#\s@]+)", re.I)
_EXAMPLE_WORD = re.compile(r"\bexample\b", re.I)


def _collapse_same_texts(value: Any) -> Any:
    """{en: "X", es: "X"} -> "X" (as the file most likely wrote it), everywhere in `value`."""
    if isinstance(value, list):
        return [_collapse_same_texts(item) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) <= set(site_languages()) and len(set(map(str, value.values()))) == 1:
        return next(iter(value.values()))
    return {key: _collapse_same_texts(item) for key, item in value.items()}


def placeholders(affiliate: Affiliate, name: str) -> list[str]:
    """One line per value still taken from the example, for the publish check."""
    example_site = str(load_affiliate(EXAMPLE_FILE).site_url)
    problems = []
    data = _collapse_same_texts(affiliate.model_dump(mode="json", exclude={"example"}))
    for where, value in _leaves(data):
        if not isinstance(value, str):
            continue
        if value == example_site:
            reason = "is the example's site_url; put the address where your site will live"
        elif any(_EXAMPLE_DOMAIN.search(host) for host in _HOSTS.findall(value)):
            reason = "is an example.org/example.com address; put in your own"
        elif _EXAMPLE_WORD.search(value):
            reason = 'still says "example"; put in your own'
        elif _FICTIONAL.match(value):
            value = national_format(value)
            reason = "is a fictional 555-01xx number; put in the real number"
        else:
            continue
        problems.append(f'{name}: {where}: "{value}" {reason}')
    return problems


def publish_problems(path: Path, project_dir: Path = PROJECT_DIR) -> list[str]:
    """Why this data file must not be published (empty when it may be)."""
    if path == EXAMPLE_FILE and not os.environ.get("AFFILIATE_FILE"):
        return [
            f"{display_path(project_dir / LOCAL_FILE)}: file not found: this copy has no data "
            "of its own and would publish the bundled example (run `make new`, or see "
            "README: Make your own copy)"
        ]
    affiliate = load_affiliate(path, project_dir)
    name = display_path(path)
    if affiliate.example:
        return [
            f"{name}: example: true marks the bundled example, whose hotline is not real; "
            "put in your data, then delete that line"
        ]
    return placeholders(affiliate, name)


def national_format(e164: str) -> str:
    """(413) 555-0100 for a US number; other countries in their own national style."""
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def json_schema() -> dict[str, Any]:
    """The JSON Schema that editors use to check a data file while it is typed."""
    schema = Affiliate.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "affiliate.yml: one affiliate's local data"
    return schema
