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
import stat
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import phonenumbers
import pycountry
import yaml
from babel import Locale, UnknownLocaleError
from email_validator import EmailNotValidError, validate_email
from phonenumbers import PhoneNumberFormat as PhoneFormat
from phonenumbers import PhoneNumberType as PhoneType
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    RootModel,
    ValidationError,
    ValidationInfo,
    field_validator,
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

# Limits that keep every value printable on a card, a letter and a phone's screen, and the site
# small enough for the service worker to keep offline (a 5 MB note once made a 107 MB site).
NAME_MAX = 120  # names: of the organization, a contact, a city, a language
LINE_MAX = 200  # other one-line texts: hours, an address, a bill's status
NOTE_MAX = 2_000  # notes, which may run over several lines
FILE_MAX_BYTES = 200_000
MAX_DEPTH = 10  # the example nests 6 levels deep
MAX_VALUES = 10_000  # an alias (*name) repeats its anchor's values: a few lines can hold millions

# Characters no text may hold, as a regular-expression class that pydantic, Python and the
# editors' JSON Schema all read: control characters (python-docx cannot write them, a reader
# sees nothing), Unicode's other line breaks, and the invisible marks that reorder text
# (U+202E shows "exe.txt" as "txt.exe"). The line feed only where text may run over lines.
_BIDI_MARKS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_REFUSED_IN_NOTES = r"\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI_MARKS
_REFUSED_IN_LINES = r"\x00-\x1f\x7f-\x9f\u2028\u2029" + _BIDI_MARKS


def _plain_pattern(multiline: bool) -> str:
    return f"^[^{_REFUSED_IN_NOTES if multiline else _REFUSED_IN_LINES}]*$"


def _quoted(value: Any) -> str:
    """A value as an error line may show it: one short line, with no character that could
    move the terminal's cursor or reorder the text around it."""
    shown = re.sub(f"[{_REFUSED_IN_LINES}]", lambda c: f"\\u{ord(c[0]):04x}", str(value))
    return f'"{shown[:60]}..."' if len(shown) > 63 else f'"{shown}"'


def _refused_character(text: str, multiline: bool) -> str | None:
    """Why `text` cannot be used, naming its first refused character; None when it can."""
    found = re.search(f"[{_REFUSED_IN_NOTES if multiline else _REFUSED_IN_LINES}]", text)
    if found is None:
        return None
    char, where = found[0], f"at character {found.start() + 1}"
    if char == "\n":
        return f"must be on one line (it has a line break {where})"
    if char == "\t":
        return f"has a tab {where}; use a space"
    code = f"U+{ord(char):04X}"
    if re.fullmatch(f"[{_BIDI_MARKS}]", char):
        return (
            f"has {code} {unicodedata.name(char)} {where}, an invisible mark that can show "
            "text reversed or out of order; delete it"
        )
    if char in "\r\x85\u2028\u2029":
        return f"has an unusual line break ({code}) {where}; use an ordinary new line"
    return f"has the control character {code} {where}, which cannot be printed; delete it"


def _plain(multiline: bool) -> BeforeValidator:
    """Refuses the characters above with a line that names them (the `pattern` of the same
    type says the same to editors, in regular-expression terms)."""

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # pydantic says what it should be
        value = value.strip()
        if problem := _refused_character(value, multiline):
            raise ValueError(problem)
        return value

    return BeforeValidator(check)


def _text_type(max_length: int, multiline: bool = False) -> Any:
    return Annotated[
        str,
        Field(min_length=1, max_length=max_length, pattern=_plain_pattern(multiline)),
        _plain(multiline),
    ]


Name = _text_type(NAME_MAX)
Line = _text_type(LINE_MAX)
NoteLine = _text_type(NOTE_MAX, multiline=True)


class Strict(BaseModel):
    """Base for every mapping in the file: no unknown keys, surrounding spaces ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context or {}


def _languages(info: ValidationInfo) -> tuple[str, ...]:
    return _context(info).get("languages") or site_languages()


class LocalizedText(RootModel[dict[str, Line]]):
    """A text in the site's languages. The default language is required; a language left
    out shows the default language's text (a plain string is the same in every language)."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    @model_validator(mode="after")
    def _known_languages(self, info: ValidationInfo) -> LocalizedText:
        languages = _languages(info)
        unknown = [code for code in self.root if code not in languages]
        if unknown:
            raise ValueError(
                f"{_quoted(unknown[0])} is not a language of this site (use {', '.join(languages)})"
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


class LocalizedName(LocalizedText):
    """A name in the site's languages (shorter: it goes on cards, letters and headers)."""

    root: dict[str, Name]


class LocalizedNote(LocalizedText):
    """A note in the site's languages: longer, and it may run over several lines."""

    root: dict[str, NoteLine]


def _same_in_every_language(value: Any, info: ValidationInfo) -> Any:
    # A plain string (a proper name, say) reads the same in every language.
    if isinstance(value, str):
        return dict.fromkeys(_languages(info), value)
    if not isinstance(value, dict):
        raise ValueError(f"should be text, or {{en: ..., es: ...}}, not {_yaml_kind(value)}")
    return value


def _localized(model: type[LocalizedText], text: Any) -> Any:
    return Annotated[
        model,
        BeforeValidator(_same_in_every_language, json_schema_input_type=text | dict[str, text]),
    ]


Text = _localized(LocalizedText, Line)
LocalName = _localized(LocalizedName, Name)
Note = _localized(LocalizedNote, NoteLine)


class PhoneNumber(str):
    """A checked phone number. The text is its E.164 form (+14135550100), which tel: and sms:
    links dial; `display` is how readers see it: national format for the affiliate's own
    country, (413) 555-0100, international for any other, +52 55 1234 5678."""

    display: str


def _phone(value: str, info: ValidationInfo) -> str:
    # None: locality.country is not a country, which is reported there, not here.
    region = _context(info).get("region", "US")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        if region is None:
            return value
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        country = f"for {region}" if region else "(start it with + and the country code)"
        raise ValueError(f"{_quoted(value)} is not a valid phone number {country}")
    if number.extension:
        raise ValueError(
            f"{_quoted(value)} has an extension ({number.extension}), which a tap-to-call link "
            "cannot dial; give a number that reaches the person directly"
        )
    checked = PhoneNumber(phonenumbers.format_number(number, PhoneFormat.E164))
    own_country = region is not None and phonenumbers.region_code_for_number(number) == region
    style = PhoneFormat.NATIONAL if own_country else PhoneFormat.INTERNATIONAL
    checked.display = phonenumbers.format_number(number, style)
    return checked


# Numbers a hotline must not be: callers pay extra, or the number reaches no one directly.
_NOT_CALLABLE = {
    PhoneType.PREMIUM_RATE: "a premium-rate number (callers pay extra)",
    PhoneType.SHARED_COST: "a shared-cost number (callers pay part of the cost)",
    PhoneType.PERSONAL_NUMBER: "a personal forwarding number",
    PhoneType.PAGER: "a pager number",
    PhoneType.VOICEMAIL: "a voicemail-only number",
    PhoneType.UNKNOWN: "a number of no known type",
}


def _callable(value: str) -> str:
    if not isinstance(value, PhoneNumber):
        return value  # not checked: the country is wrong
    kind = _NOT_CALLABLE.get(phonenumbers.number_type(phonenumbers.parse(value)))
    if kind:
        raise ValueError(
            f"{value.display} is {kind}; the hotline must be an ordinary or toll-free number"
        )
    return value


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
            f"{_quoted(value)} is not a language code "
            "(use ISO 639 codes such as en, es, ht, hmn, mix)"
        ) from None
    return value


def _country(value: Any) -> Any:
    if isinstance(value, str) and value.strip() not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(
            f"{_quoted(value)} is not a country code: use the two capital letters of "
            "ISO 3166-1, e.g. US, MX, CA (phone numbers are checked for this country)"
        )
    return value


# A plain address: the mailto: links carry it, where ?, & and % would add headers (a copy
# of every message to someone else) and a display name or space would break it.
_EMAIL_PATTERN = r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"


def _email(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    address = value.strip()
    if not re.fullmatch(_EMAIL_PATTERN, address):
        raise ValueError(
            f"{_quoted(value)} is not a plain e-mail address: write it as name@domain.org, "
            "with only letters, digits and . _ + - before the @ (no spaces, names, ?, & or %)"
        )
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"{_quoted(value)} is not an e-mail address: {error}") from None
    return address


def _no_user_info(url: HttpUrl) -> HttpUrl:
    # https://kyr.example.org@evil.example/ goes to evil.example; a password would be printed.
    if url.username is not None or url.password is not None:
        raise ValueError(
            f"must not hold a user name or password (the part before @): "
            f"this address goes to {url.host}"
        )
    return url


def _https(url: HttpUrl) -> HttpUrl:
    if url.scheme != "https":
        raise ValueError(
            "must start with https:// (an http:// page can be read and changed on its way)"
        )
    return url


def _site_url(url: HttpUrl) -> HttpUrl:
    if url.query is not None or url.fragment is not None:
        raise ValueError(
            "must not have a query (?...) or a fragment (#...): the sitemap and the links "
            "between languages are made from it"
        )
    # Every page's address is made by adding to it: kyr/ + es/ (kyr + es/ would be kyres/).
    return url if url.path.endswith("/") else HttpUrl(f"{url}/")


# Where the authority (the part between // and the next /) has no @.
_URL_PATTERN = r"^https?://[^/?#@]+([/?#].*)?$"
_HTTPS_PATTERN = r"^https://[^/?#@]+([/?#].*)?$"

Url = Annotated[
    HttpUrl,
    AfterValidator(_no_user_info),
    _plain(multiline=False),
    Field(
        description="An http:// or https:// address.", json_schema_extra={"pattern": _URL_PATTERN}
    ),
]
HttpsUrl = Annotated[
    HttpUrl,
    AfterValidator(_no_user_info),
    AfterValidator(_https),
    _plain(multiline=False),
    Field(description="An https:// address.", json_schema_extra={"pattern": _HTTPS_PATTERN}),
]
SiteUrl = Annotated[
    HttpUrl,
    AfterValidator(_no_user_info),
    AfterValidator(_https),
    AfterValidator(_site_url),
    _plain(multiline=False),
    Field(json_schema_extra={"pattern": r"^https://[^/?#@]+(/[^?#]*)?$"}),
]
Phone = Annotated[
    str,
    Field(max_length=40, description="A phone number, e.g. (413) 555-0100."),
    AfterValidator(_phone),
    _plain(multiline=False),
]
HotlinePhone = Annotated[
    Phone,
    AfterValidator(_callable),
    Field(description="A phone number anyone can call at no extra cost, e.g. (413) 555-0100."),
]
Email = Annotated[
    str,
    Field(max_length=254, pattern=_EMAIL_PATTERN, description="name@domain.org"),
    BeforeValidator(_email),
]
Country = Annotated[
    str,
    Field(pattern="^[A-Z]{2}$", description="Two-letter country code for phones."),
    BeforeValidator(_country),
]
LanguageCode = Annotated[
    str, Field(max_length=20), AfterValidator(_language_code), _plain(multiline=False)
]


# --- the file's structure ----------------------------------------------------------------


class Organization(Strict):
    name: LocalName
    short_name: LocalName


class Locality(Strict):
    city: Name
    state: Name
    country: Country = "US"


class Hotline(Strict):
    number: HotlinePhone
    hours: Text
    languages: list[LanguageCode] = Field(min_length=1)
    sms: HotlinePhone | None = None


class Contact(Strict):
    name: LocalName
    phone: Phone | None = None
    email: Email | None = None
    address: Line | None = None
    website: Url | None = None
    languages: list[LanguageCode] = []
    note: Note | None = None


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
        raise ValueError(f"{_quoted(value)}: use an image in one of {', '.join(LOGO_SUFFIXES)}")
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
    Field(max_length=LINE_MAX),
    AfterValidator(_site_page),
    _plain(multiline=False),
    Field(description="A page's address on the English site, e.g. /know-your-rights/at-home/"),
]


class Brand(Strict):
    """The affiliate's color and logo. The color is checked for contrast with white text."""

    color: Annotated[str, Field(pattern="^#[0-9a-fA-F]{6}$"), AfterValidator(_brand_color)] = Field(
        default=brand.DEFAULT_COLOR,
        description="The header and button color, as #rrggbb; white text must be "
        "readable on it (WCAG AA, 4.5:1).",
    )
    logo: Annotated[Name, AfterValidator(_logo)] | None = Field(
        default=None,
        description="An image file beside the data file (.svg, .png or .webp, under 100 kB): "
        "the header logo and the browser tab's icon.",
    )


class LocalNote(Strict):
    """A note of the affiliate's on one page ("In California: ..."), in a marked box."""

    page: SitePage
    text: Note
    reviewed: datetime.date = Field(description="When you last checked this note: 2026-11-30")


def _bare_host(url: HttpUrl) -> str:
    return (url.host or "").lower().removeprefix("www.")


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
    site_url: SiteUrl = Field(
        description="Where the site is published, e.g. https://kyr.example.org/ (https://, "
        "no ? or #; a missing / at the end is added)"
    )
    website: HttpsUrl
    email: Email
    contacts: Contacts = Contacts()
    state_bills: list[StateBill] = []
    quick_exit: HttpsUrl = Field(
        default="https://www.weather.gov/",
        validate_default=True,
        description="Where the Quick exit control sends a reader: a neutral site.",
    )
    language_names: dict[LanguageCode, LocalName] = Field(
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

    @field_validator("quick_exit")
    @classmethod
    def _leaves_the_site(cls, url: HttpUrl, info: ValidationInfo) -> HttpUrl:
        site = info.data.get("site_url")  # absent when it was refused
        if site is not None and _bare_host(url) == _bare_host(site):
            raise ValueError(
                f"{url.host} is this site's own address; Quick exit must leave the site, "
                "for a neutral one such as https://www.weather.gov/"
            )
        return url

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
            part = _quoted(part)[1:-1]  # a key as written, made safe to print
            text += f".{part}" if text else part
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
# The patterns that have no validator of their own to explain them.
_PATTERN_MESSAGES = {
    "^[A-Z]{2}$": "should be a two-letter code in capitals, e.g. MA",
    "^#[0-9a-fA-F]{6}$": "should be a color written #rrggbb, e.g. #7a1f3d",
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
    elif kind == "string_too_long":
        maximum = error["ctx"]["max_length"]
        message = f"is {len(error['input']):,} characters long; keep it to {maximum:,}"
    elif kind == "string_pattern_mismatch":
        message = _PATTERN_MESSAGES.get(error["ctx"]["pattern"], "is not in the expected form")
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
        datetime.date: "a date",
        datetime.datetime: "a date and time",
    }.get(type(value), type(value).__name__)


class _FileProblem(yaml.MarkedYAMLError):
    """A mistake in the file that is valid YAML but not a data file (a number as a key, two
    equal keys, nesting too deep), reported at its line like a syntax error."""

    def __init__(self, problem: str, mark: yaml.Mark):
        super().__init__(problem=problem, problem_mark=mark)


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, made strict about what a person cannot see in the file: two equal
    keys (PyYAML would keep the last silently), keys that YAML 1.1 reads as numbers, dates or
    true/false (`1:`, `yes:`, and `no:`, Norwegian's code), nesting deeper than anyone writes.
    Merge keys (`<<: *anchor`) work as in PyYAML: a mapping's own keys win."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        # Counted while composing: deeper nesting would exhaust Python's stack in PyYAML.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _FileProblem(f"nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise _FileProblem(_key_problem(key_node, key), key_node.start_mark)
            if key in seen:
                problem = f"the key {_quoted(key)} is here twice; keep one"
                raise _FileProblem(problem, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _key_problem(node: yaml.Node, key: Any) -> str:
    if not isinstance(node, yaml.ScalarNode):
        return f"a key must be text, not {_yaml_kind(key)}"
    written = _quoted(node.value)
    if key is None:
        return f"a key is empty ({written}); write the key's name before the colon"
    return (
        f"the key {written} reads as {_yaml_kind(key)} in YAML; keys are text: put it in "
        f"quotes, {written}:"
    )


def display_path(path: Path) -> str:
    """The path as the person running the build would type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _file_stamp(path: Path) -> tuple[int, int]:
    """The file's modification time and size, once it is known to be a readable data file."""
    name = display_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AffiliateError(
            [f"{name}: file not found (set AFFILIATE_FILE or create it)"]
        ) from None
    except OSError as error:
        raise AffiliateError([f"{name}: cannot be read: {error.strerror}"]) from None
    if stat.S_ISDIR(info.st_mode):
        raise AffiliateError(
            [f"{name}: is a folder; name the data file (e.g. {name}/affiliate.yml)"]
        )
    if not stat.S_ISREG(info.st_mode):
        raise AffiliateError([f"{name}: is not a file"])
    if info.st_size > FILE_MAX_BYTES:
        raise AffiliateError(
            [
                f"{name}: is {info.st_size // 1000:,} kB; a data file holds at most "
                f"{FILE_MAX_BYTES // 1000} kB (its texts are on every page of the site)"
            ]
        )
    return info.st_mtime_ns, info.st_size


def _read_yaml(path: Path) -> Any:
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise AffiliateError([f"{name}: cannot be read: {error.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise AffiliateError(
            [
                f"{name}:{line}: is not UTF-8 text (byte 0x{raw[error.start]:02x}); save the "
                "file as UTF-8 (in most editors: Save as, Encoding: UTF-8)"
            ]
        ) from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except _FileProblem as error:
        mark = error.problem_mark
        raise AffiliateError(
            [f"{name}:{mark.line + 1}:{mark.column + 1}: {error.problem}"]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        reason = error.problem or error.context or "not valid YAML"
        if "'\\t'" in reason:
            reason = "a tab; YAML is indented and spaced with spaces only: use spaces"
        raise AffiliateError([f"{where}: YAML syntax error: {reason}"]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        char = chr(error.character) if isinstance(error.character, int) else "\ufffe"
        problem = _refused_character(char, multiline=True) or f"has U+{ord(char):04X}, "
        problem = problem.replace(" at character 1", "")
        if problem.endswith(", "):  # not one of ours: YAML's own list
            problem += "a character YAML does not allow; delete it"
        raise AffiliateError([f"{name}:{line}: {problem}"]) from None
    except yaml.YAMLError as error:
        raise AffiliateError([f"{name}: YAML syntax error: {_quoted(error)}"]) from None
    if data is None:
        raise AffiliateError([f"{name}: the file is empty; start it with `make new`"])
    if not isinstance(data, dict):
        raise AffiliateError([f"{name}: should be a mapping of keys, not {_yaml_kind(data)}"])
    if problem := _shape_problem(data):
        raise AffiliateError([f"{name}: {problem}"])
    return data


def _shape_problem(data: Any) -> str | None:
    """Nesting and size beyond what the file's text shows: aliases (*name) repeat their
    anchor, or hold themselves (&a [*a])."""
    count, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels deep (through an alias, *name)"
        if count > MAX_VALUES:
            return f"holds more than {MAX_VALUES:,} values (aliases, *name, repeat their anchor's)"
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return None


def _region(data: dict[str, Any]) -> str | None:
    """The country whose numbers need no +code: locality.country, US when it is left out,
    None when it is not a country (that key's own problem)."""
    locality = data.get("locality")
    country = locality.get("country", "US") if isinstance(locality, dict) else "US"
    country = country.strip() if isinstance(country, str) else country
    return country if country in phonenumbers.SUPPORTED_REGIONS else None


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


def _raw_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _problem_lines(name: str, data: Any, error: ValidationError) -> list[str]:
    lines: list[str] = []
    for each in error.errors(include_url=False):
        loc = tuple(each["loc"])
        # A plain text stands for every language: one line for it, not one per language.
        if loc and isinstance(_raw_at(data, loc[:-1]), str):
            each = {**each, "loc": loc[:-1]}
        problem = _describe(each)
        line = f"{name}: {problem.path}: {problem.message}"
        if line not in lines:
            lines.append(line)
    return lines


def load_affiliate(path: Path, project_dir: Path = PROJECT_DIR) -> Affiliate:
    """Read and validate the data file; raise AffiliateError listing every problem.

    A build asks for it several times (the hooks, the macros, once per language): the file is
    read once, and again only once it has changed (as under `mkdocs serve`)."""
    mtime, size = _file_stamp(path)
    languages = site_languages(project_dir / "mkdocs.yml")
    pages = tuple(site_pages(project_dir, path, languages))
    return _validated(path.resolve(), project_dir.resolve(), languages, pages, mtime, size)


@lru_cache(maxsize=8)
def _validated(
    path: Path,
    project_dir: Path,
    languages: tuple[str, ...],
    pages: tuple[str, ...],
    mtime: int,  # with `size`: a changed file is read again
    size: int,
) -> Affiliate:
    data = _read_yaml(path)
    name = display_path(path)
    context = {
        "region": _region(data),
        "languages": languages,
        "base_dir": path.parent,
        "pages": list(pages),
    }
    try:
        affiliate = Affiliate.model_validate(data, context=context)
    except ValidationError as error:
        raise AffiliateError(_problem_lines(name, data, error)) from None
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
    """How readers see a phone number: a checked number as the check decided (national format
    for the affiliate's country, international for any other, see PhoneNumber); any other
    E.164 text in its own country's national format, e.g. (413) 555-0100."""
    if isinstance(e164, PhoneNumber):
        return e164.display
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, PhoneFormat.NATIONAL)


def json_schema() -> dict[str, Any]:
    """The JSON Schema that editors use to check a data file while it is typed."""
    schema = Affiliate.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "affiliate.yml: one affiliate's local data"
    return schema
