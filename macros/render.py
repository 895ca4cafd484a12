"""Plain functions that turn the affiliate's data into HTML in one language.

The macros and the page templates call these; tests call them directly. Every value that
comes from the data file goes through `html.escape` here, and nowhere else.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import quote, quote_plus

import pycountry
import yaml
from babel import Locale
from babel.dates import format_date

from . import law
from .affiliate import (
    CONTACT_CATEGORIES,
    Affiliate,
    Contact,
    LocalizedText,
    LocalNote,
    national_format,
)
from .offline import ZIP_NAME
from .site import site_languages

LABELS_FILE = Path(__file__).with_name("labels.yml")


@cache
def _labels() -> dict:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label(key: str, lang: str) -> str:
    """A label of the site's own, e.g. label("hotline", "es"); dotted keys reach nested ones.
    A language whose labels are not all written yet gets the default language's."""
    node = _labels()
    for part in key.split("."):
        node = node[part]
    return node.get(lang) or node[site_languages()[0]]


def text(value: LocalizedText, lang: str) -> str:
    """A reader-visible text from the data file, in `lang`, escaped for HTML."""
    return escape(value.get(lang))


def org_name(affiliate: Affiliate, lang: str) -> str:
    return text(affiliate.organization.name, lang)


def locality(affiliate: Affiliate) -> str:
    return escape(f"{affiliate.locality.city}, {affiliate.locality.state}")


def language_name(affiliate: Affiliate, code: str, lang: str) -> str:
    """A language's name in the reader's language: the data file's name for it, else Babel's,
    else the ISO 639 name (in English: the standard has no other)."""
    if code in affiliate.language_names:
        return affiliate.language_names[code].get(lang)
    babel_name = Locale.parse(lang).languages.get(code.replace("-", "_"))
    if babel_name:
        return babel_name
    iso = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    return iso.name if iso else code


def language_names(affiliate: Affiliate, codes: list[str], lang: str) -> str:
    """["en", "es"] -> "English, Spanish" (or "inglés, español"), in the reader's language."""
    return escape(", ".join(language_name(affiliate, code, lang) for code in codes))


def tel_link(e164: str, css_class: str = "kyr-tel") -> str:
    """A tap-to-call link: the number in national format, dialled as E.164."""
    return f'<a class="{css_class}" href="tel:{e164}">{escape(national_format(e164))}</a>'


def hotline_link(affiliate: Affiliate) -> str:
    return tel_link(affiliate.hotline.number, "kyr-tel kyr-hotline")


def sms_link(affiliate: Affiliate, lang: str) -> str:
    """A link that opens a text message to the hotline's SMS number ("" when it has none)."""
    sms = affiliate.hotline.sms
    if not sms:
        return ""
    return (
        f'<a class="kyr-tel kyr-sms" href="sms:{sms}">{label("text_us", lang)}: '
        f'<span class="kyr-nowrap">{escape(national_format(sms))}</span></a>'
    )


def call_us(affiliate: Affiliate, lang: str) -> str:
    """The "call us" block: the hotline, its hours, languages answered and text number."""
    hotline = affiliate.hotline
    lines = [
        f'<p class="kyr-call__number"><strong>{label("hotline", lang)}:</strong> '
        f"{hotline_link(affiliate)}</p>",
        f"<p>{label('hours', lang)}: {text(hotline.hours, lang)}. "
        f"{label('languages_answered', lang)}: "
        f"{language_names(affiliate, hotline.languages, lang)}.</p>",
    ]
    if hotline.sms:
        lines.append(f"<p>{sms_link(affiliate, lang)}</p>")
    return '<div class="kyr-call">\n' + "\n".join(lines) + "\n</div>"


def _contact(affiliate: Affiliate, contact: Contact, lang: str) -> str:
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
        parts.append(
            f"{label('languages', lang)}: {language_names(affiliate, contact.languages, lang)}"
        )
    if contact.note:
        parts.append(text(contact.note, lang))
    return "<li>" + "<br>\n".join(parts) + "</li>"


def _category(affiliate: Affiliate, category: str) -> list[Contact]:
    if category not in CONTACT_CATEGORIES:
        raise ValueError(f"unknown contact category {category!r}; use one of {CONTACT_CATEGORIES}")
    return getattr(affiliate.contacts, category)


def contacts(affiliate: Affiliate, category: str, lang: str) -> str:
    """The affiliate's contacts of one category as a list (or a pointer to the hotline)."""
    entries = _category(affiliate, category)
    if not entries:
        return f'<p class="kyr-contacts kyr-contacts--empty">{label("no_contacts", lang)}</p>'
    items = "\n".join(_contact(affiliate, contact, lang) for contact in entries)
    return f'<ul class="kyr-contacts">\n{items}\n</ul>'


def email_link(affiliate: Affiliate, subject: str | None = None) -> str:
    """The affiliate's email as a link; with `subject`, the mail app opens with it filled in."""
    address = escape(str(affiliate.email))
    query = f"?subject={quote(subject)}" if subject else ""
    return f'<a href="mailto:{address}{escape(query)}">{address}</a>'


def website_link(affiliate: Affiliate) -> str:
    url = escape(str(affiliate.website))
    return f'<a href="{url}">{url}</a>'


def long_date(day: date, lang: str) -> str:
    """November 23, 2026 / 23 de noviembre de 2026."""
    return escape(format_date(day, format="long", locale=lang))


def addressee(affiliate: Affiliate, category: str, lang: str) -> str:
    """A letter's addressee: the first contact of `category`, or blanks to fill in."""
    entries = _category(affiliate, category)
    if not entries:
        lines = [label("name_blank", lang), label("address_blank", lang)]
    else:
        first = entries[0]
        lines = [text(first.name, lang), escape(first.address or label("address_blank", lang))]
    return '<p class="kyr-addressee">' + "<br>\n".join(lines) + "</p>"


def signature_block(affiliate: Affiliate, lang: str) -> str:
    """Blanks for the signer, then the organization's details from the data file."""
    lines = [
        "______________________________",
        label("name_blank", lang),
        label("title_blank", lang),
        org_name(affiliate, lang),
        locality(affiliate),
        email_link(affiliate),
        website_link(affiliate),
    ]
    return '<p class="kyr-signature">' + "<br>\n".join(lines) + "</p>"


# The rapid-response contact sheet's categories, in the AFL-CIO toolkit's order.
CONTACT_SHEET = (
    "legal_aid",
    "local_media",
    "ice_field_office",
    "elected_officials",
    "congregations",
    "consulates",
)


def contact_sheet(affiliate: Affiliate, lang: str) -> str:
    """Every contact of the contact sheet's categories, compact enough to print on a page."""
    sections = []
    for category in CONTACT_SHEET:
        sections.append(
            f'<h2 class="kyr-sheet__category">{label("categories." + category, lang)}</h2>\n'
            + contacts(affiliate, category, lang)
        )
    return '<div class="kyr-sheet">\n' + "\n".join(sections) + "\n</div>"


def state_bills(affiliate: Affiliate, lang: str) -> str:
    """The state bills the affiliate watches, as a table; a message when there are none."""
    if not affiliate.state_bills:
        return f'<p class="kyr-empty">{label("no_state_bills", lang)} {email_link(affiliate)}</p>'
    header = "".join(
        f'<th scope="col">{label(key, lang)}</th>' for key in ("bill", "state", "stance", "status")
    )
    rows = [
        "<tr>"
        f'<td><a href="{escape(str(bill.link))}">{escape(bill.bill)}</a></td>'
        f"<td>{escape(bill.state)}</td>"
        f"<td>{label('stances.' + bill.stance, lang)}</td>"
        f"<td>{text(bill.status, lang)}</td>"
        "</tr>"
        for bill in affiliate.state_bills
    ]
    return (
        f'<table class="kyr-bills">\n<thead><tr>{header}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def local_note(affiliate: Affiliate, note: LocalNote, lang: str) -> str:
    """The affiliate's own note on a page, marked as theirs, with the date they checked it."""
    paragraphs = "".join(
        f"<p>{escape(part.strip())}</p>" for part in note.text.get(lang).split("\n\n")
    )
    return (
        f'<aside class="kyr-local-note">'
        f'<p class="kyr-local-note__title">{label("local_note", lang)} {org_name(affiliate, lang)}'
        f"</p>{paragraphs}"
        f'<p class="kyr-local-note__date">{label("local_note_checked", lang)} '
        f'<time datetime="{note.reviewed.isoformat()}">{long_date(note.reviewed, lang)}</time>'
        "</p></aside>"
    )


def offline_copy(zip_file: Path | None, page_url: str, lang: str, reading_offline: bool) -> str:
    """The link to the offline copy published at the site's root, with its size (or what
    stands in its place: in the offline copy itself, and in a build without it)."""
    if reading_offline or zip_file is None:
        key = "offline_copy_this" if reading_offline else "offline_copy_unpublished"
        return f'<p class="kyr-offline-copy">{label(key, lang)}</p>'
    megabytes = max(1, round(zip_file.stat().st_size / 1_000_000))
    to_root = "../" * page_url.count("/")
    text = label("offline_copy_download", lang).replace("{size}", str(megabytes))
    return (
        f'<p class="kyr-offline-copy"><a class="md-button" href="{to_root}{ZIP_NAME}" download>'
        f"{text}</a></p>"
    )


def dated_note(affiliate: Affiliate, note_id: str, lang: str) -> str:
    """A rule in flux, as the fact base's dated note of that id: what to do first, with the
    hotline, then what is known, the date it was checked (in words) and its sources."""
    note = law.note(note_id)
    text = note.get(lang) or note[site_languages()[0]]
    checked = note["checked"]
    sources = ", ".join(  # titled in English, as the fact base cites them
        f'<a href="{escape(source["url"])}" lang="en">{escape(source["title"])}</a>'
        for source in note["sources"]
    )
    return (
        f'<div class="admonition warning kyr-note" id="note-{escape(note_id)}">'
        f'<p class="admonition-title">{escape(text["title"])}</p>'
        f"<p><strong>{escape(text['action'])}</strong> {label('note_call', lang)} "
        f"{hotline_link(affiliate)}</p>"
        f"<p>{escape(text['known'])}</p>"
        f'<p class="kyr-note__meta">{label("note_as_of", lang)} '
        f'<time datetime="{checked.isoformat()}">{long_date(checked, lang)}</time>. '
        f"{label('sources', lang)}: {sources}.</p></div>"
    )
