"""Plain functions that turn the affiliate's data into HTML in one language.

The macros and the page templates call these; tests call them directly. Every value that
comes from the data file goes through `html.escape` here, and nowhere else.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import quote_plus

import yaml
from babel import Locale

from .affiliate import CONTACT_CATEGORIES, Affiliate, Contact, LocalizedText, national_format

LABELS_FILE = Path(__file__).with_name("labels.yml")


@cache
def _labels() -> dict:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label(key: str, lang: str) -> str:
    """A label of the site's own, e.g. label("hotline", "es"); dotted keys reach nested ones."""
    node = _labels()
    for part in key.split("."):
        node = node[part]
    return node[lang]


def text(value: LocalizedText, lang: str) -> str:
    """A reader-visible text from the data file, in `lang`, escaped for HTML."""
    return escape(value.get(lang))


def org_name(affiliate: Affiliate, lang: str) -> str:
    return text(affiliate.organization.name, lang)


def locality(affiliate: Affiliate) -> str:
    return escape(f"{affiliate.locality.city}, {affiliate.locality.state}")


def language_names(codes: list[str], lang: str) -> str:
    """["en", "es"] -> "English, Spanish" (or "inglés, español"), in the reader's language."""
    names = Locale.parse(lang).languages
    return escape(", ".join(names.get(code.replace("-", "_"), code) for code in codes))


def tel_link(e164: str, css_class: str = "kyr-tel") -> str:
    """A tap-to-call link: the number in national format, dialled as E.164."""
    return f'<a class="{css_class}" href="tel:{e164}">{escape(national_format(e164))}</a>'


def hotline_link(affiliate: Affiliate) -> str:
    return tel_link(affiliate.hotline.number, "kyr-tel kyr-hotline")


def call_us(affiliate: Affiliate, lang: str) -> str:
    """The "call us" block: the hotline, its hours, languages answered and text number."""
    hotline = affiliate.hotline
    lines = [
        f'<p class="kyr-call__number"><strong>{label("hotline", lang)}:</strong> '
        f"{hotline_link(affiliate)}</p>",
        f"<p>{label('hours', lang)}: {text(hotline.hours, lang)}. "
        f"{label('languages_answered', lang)}: {language_names(hotline.languages, lang)}.</p>",
    ]
    if hotline.sms:
        lines.append(
            f'<p>{label("text_us", lang)}: <a class="kyr-tel" href="sms:{hotline.sms}">'
            f"{escape(national_format(hotline.sms))}</a></p>"
        )
    return '<div class="kyr-call">\n' + "\n".join(lines) + "\n</div>"


def _contact(contact: Contact, lang: str) -> str:
    parts = [f"<strong>{text(contact.name, lang)}</strong>"]
    if contact.phone:
        parts.append(f"{label('phone', lang)}: {tel_link(contact.phone)}")
    if contact.email:
        address = escape(str(contact.email))
        parts.append(f'{label("email", lang)}: <a href="mailto:{address}">{address}</a>')
    if contact.address:
        # A plain link to a map search: no embedded map, nothing loaded from elsewhere.
        search = "https://www.openstreetmap.org/search?query=" + quote_plus(contact.address)
        parts.append(
            f'{escape(contact.address)} (<a href="{escape(search)}">'
            f"{label('address_map', lang)}</a>)"
        )
    if contact.website:
        url = escape(str(contact.website))
        parts.append(f'{label("website", lang)}: <a href="{url}">{url}</a>')
    if contact.languages:
        parts.append(f"{label('languages', lang)}: {language_names(contact.languages, lang)}")
    if contact.note:
        parts.append(text(contact.note, lang))
    return "<li>" + "<br>\n".join(parts) + "</li>"


def contacts(affiliate: Affiliate, category: str, lang: str) -> str:
    """The affiliate's contacts of one category as a list (or a pointer to the hotline)."""
    if category not in CONTACT_CATEGORIES:
        raise ValueError(f"unknown contact category {category!r}; use one of {CONTACT_CATEGORIES}")
    entries = getattr(affiliate.contacts, category)
    if not entries:
        return f'<p class="kyr-contacts kyr-contacts--empty">{label("no_contacts", lang)}</p>'
    items = "\n".join(_contact(contact, lang) for contact in entries)
    return f'<ul class="kyr-contacts">\n{items}\n</ul>'
