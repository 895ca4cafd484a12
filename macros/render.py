"""Plain functions that turn the affiliate's data into HTML in one language.

The macros and the page templates call these; tests call them directly. Every piece of HTML
here is an `Inert` template: the values put into it are escaped by `Inert.escape`, the one
escaper of the project, which makes a data value plain text both for HTML and for Markdown
(MkDocs parses the macros' output as Markdown after they run).
"""

from __future__ import annotations

from datetime import date
from functools import cache
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
from .text import Inert, escape

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


def text(value: LocalizedText, lang: str) -> Inert:
    """A reader-visible text from the data file, in `lang`, as text (see `Inert`)."""
    return escape(value.get(lang))


def org_name(affiliate: Affiliate, lang: str) -> Inert:
    return text(affiliate.organization.name, lang)


def locality(affiliate: Affiliate) -> Inert:
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


def language_names(affiliate: Affiliate, codes: list[str], lang: str) -> Inert:
    """["en", "es"] -> "English, Spanish" (or "inglés, español"), in the reader's language."""
    return escape(", ".join(language_name(affiliate, code, lang) for code in codes))


def tel_link(e164: str, css_class: str = "kyr-tel") -> Inert:
    """A tap-to-call link: the number in national format, dialled as E.164."""
    return Inert('<a class="{}" href="{}">{}</a>').format(
        css_class, f"tel:{e164}", national_format(e164)
    )


def hotline_link(affiliate: Affiliate) -> Inert:
    return tel_link(affiliate.hotline.number, "kyr-tel kyr-hotline")


def marked_hotline_link(affiliate: Affiliate, lang: str) -> Inert:
    """The hotline's link where the page's demo banner is not seen (slides): on the example,
    marked as not a real number."""
    if not affiliate.example:
        return hotline_link(affiliate)
    return Inert('{} <em class="kyr-demo-mark">{}</em>').format(
        hotline_link(affiliate), label("demo_mark", lang)
    )


def sms_link(affiliate: Affiliate, lang: str) -> Inert:
    """A link that opens a text message to the hotline's SMS number ("" when it has none)."""
    sms = affiliate.hotline.sms
    if not sms:
        return Inert()
    return Inert(
        '<a class="kyr-tel kyr-sms" href="{}">{}: <span class="kyr-nowrap">{}</span></a>'
    ).format(f"sms:{sms}", label("text_us", lang), national_format(sms))


def call_us(affiliate: Affiliate, lang: str) -> Inert:
    """The "call us" block: the hotline, its hours, languages answered and text number."""
    hotline = affiliate.hotline
    lines = [
        Inert('<p class="kyr-call__number"><strong>{}:</strong> {}</p>').format(
            label("hotline", lang), hotline_link(affiliate)
        ),
        Inert("<p>{}: {}. {}: {}.</p>").format(
            label("hours", lang),
            text(hotline.hours, lang),
            label("languages_answered", lang),
            language_names(affiliate, hotline.languages, lang),
        ),
    ]
    if hotline.sms:
        lines.append(Inert("<p>{}</p>").format(sms_link(affiliate, lang)))
    return Inert('<div class="kyr-call">\n{}\n</div>').format(Inert("\n").join(lines))


def _contact(affiliate: Affiliate, contact: Contact, lang: str) -> Inert:
    parts = [Inert("<strong>{}</strong>").format(text(contact.name, lang))]
    if contact.phone:
        parts.append(Inert("{}: {}").format(label("phone", lang), tel_link(contact.phone)))
    if contact.email:
        parts.append(
            Inert('{}: <a href="mailto:{}">{}</a>').format(
                label("email", lang), contact.email, contact.email
            )
        )
    if contact.address:
        # A plain link to a map search: no embedded map, nothing loaded from elsewhere.
        search = "https://www.openstreetmap.org/search?query=" + quote_plus(contact.address)
        parts.append(
            Inert('{} (<a href="{}">{}</a>)').format(
                contact.address, search, label("address_map", lang)
            )
        )
    if contact.website:
        url = str(contact.website)
        parts.append(Inert('{}: <a href="{}">{}</a>').format(label("website", lang), url, url))
    if contact.languages:
        parts.append(
            Inert("{}: {}").format(
                label("languages", lang), language_names(affiliate, contact.languages, lang)
            )
        )
    if contact.note:
        parts.append(text(contact.note, lang))
    return Inert("<li>{}</li>").format(Inert("<br>\n").join(parts))


def _category(affiliate: Affiliate, category: str) -> list[Contact]:
    if category not in CONTACT_CATEGORIES:
        raise ValueError(f"unknown contact category {category!r}; use one of {CONTACT_CATEGORIES}")
    return getattr(affiliate.contacts, category)


def has_contacts(affiliate: Affiliate, category: str) -> bool:
    """Whether the data file lists anyone in `category`: a page can leave out an empty one."""
    return bool(_category(affiliate, category))


def contacts(affiliate: Affiliate, category: str, lang: str) -> Inert:
    """The affiliate's contacts of one category as a list (or a pointer to the hotline)."""
    entries = _category(affiliate, category)
    if not entries:
        return Inert('<p class="kyr-contacts kyr-contacts--empty">{}</p>').format(
            label("no_contacts", lang)
        )
    items = Inert("\n").join(_contact(affiliate, contact, lang) for contact in entries)
    return Inert('<ul class="kyr-contacts">\n{}\n</ul>').format(items)


def email_link(affiliate: Affiliate, subject: str | None = None) -> Inert:
    """The affiliate's email as a link; with `subject`, the mail app opens with it filled in."""
    query = f"?subject={quote(subject)}" if subject else ""
    return Inert('<a href="mailto:{}{}">{}</a>').format(affiliate.email, query, affiliate.email)


def website_link(affiliate: Affiliate) -> Inert:
    url = str(affiliate.website)
    return Inert('<a href="{}">{}</a>').format(url, url)


def long_date(day: date, lang: str) -> Inert:
    """November 23, 2026 / 23 de noviembre de 2026."""
    return escape(format_date(day, format="long", locale=lang))


def addressee(affiliate: Affiliate, category: str, lang: str) -> Inert:
    """A letter's addressee: the first contact of `category`, or blanks to fill in."""
    entries = _category(affiliate, category)
    if not entries:
        lines = [label("name_blank", lang), label("address_blank", lang)]
    else:
        first = entries[0]
        lines = [text(first.name, lang), first.address or label("address_blank", lang)]
    return Inert('<p class="kyr-addressee">{}</p>').format(Inert("<br>\n").join(lines))


def signature_block(affiliate: Affiliate, lang: str) -> Inert:
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
    return Inert('<p class="kyr-signature">{}</p>').format(Inert("<br>\n").join(lines))


# The rapid-response contact sheet's categories, in the AFL-CIO toolkit's order.
CONTACT_SHEET = (
    "legal_aid",
    "local_media",
    "ice_field_office",
    "elected_officials",
    "congregations",
    "consulates",
)


def contact_sheet(affiliate: Affiliate, lang: str) -> Inert:
    """Every contact of the contact sheet's categories, compact enough to print on a page."""
    sections = [
        Inert('<h2 class="kyr-sheet__category">{}</h2>\n{}').format(
            label("categories." + category, lang), contacts(affiliate, category, lang)
        )
        for category in CONTACT_SHEET
    ]
    return Inert('<div class="kyr-sheet">\n{}\n</div>').format(Inert("\n").join(sections))


def state_bills(affiliate: Affiliate, lang: str) -> Inert:
    """The state bills the affiliate watches, as a table; a message when there are none."""
    if not affiliate.state_bills:
        return Inert('<p class="kyr-empty">{} {}</p>').format(
            label("no_state_bills", lang), email_link(affiliate)
        )
    header = Inert("").join(
        Inert('<th scope="col">{}</th>').format(label(key, lang))
        for key in ("bill", "state", "stance", "status")
    )
    rows = Inert("\n").join(
        Inert('<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>').format(
            str(bill.link),
            bill.bill,
            bill.state,
            label("stances." + bill.stance, lang),
            text(bill.status, lang),
        )
        for bill in affiliate.state_bills
    )
    return Inert(
        '<table class="kyr-bills">\n<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>'
    ).format(header, rows)


def local_note(affiliate: Affiliate, note: LocalNote, lang: str) -> Inert:
    """The affiliate's own note on a page, marked as theirs, with the date they checked it."""
    paragraphs = Inert("").join(
        Inert("<p>{}</p>").format(part.strip()) for part in note.text.get(lang).split("\n\n")
    )
    return Inert(
        '<aside class="kyr-local-note"><p class="kyr-local-note__title">{} {}</p>{}'
        '<p class="kyr-local-note__date">{} <time datetime="{}">{}</time></p></aside>'
    ).format(
        label("local_note", lang),
        org_name(affiliate, lang),
        paragraphs,
        label("local_note_checked", lang),
        note.reviewed.isoformat(),
        long_date(note.reviewed, lang),
    )


def offline_copy(zip_file: Path | None, page_url: str, lang: str, reading_offline: bool) -> Inert:
    """The link to the offline copy published at the site's root, with its size (or what
    stands in its place: in the offline copy itself, and in a build without it)."""
    if reading_offline or zip_file is None:
        key = "offline_copy_this" if reading_offline else "offline_copy_unpublished"
        return Inert('<p class="kyr-offline-copy">{}</p>').format(label(key, lang))
    megabytes = max(1, round(zip_file.stat().st_size / 1_000_000))
    to_root = "../" * page_url.count("/")
    words = label("offline_copy_download", lang).replace("{size}", str(megabytes))
    return Inert(
        '<p class="kyr-offline-copy"><a class="md-button" href="{}" download>{}</a></p>'
    ).format(to_root + ZIP_NAME, words)


def dated_note(affiliate: Affiliate, note_id: str, lang: str) -> Inert:
    """A rule in flux, as the fact base's dated note of that id: what to do first, with the
    hotline, then what is known, the date it was checked (in words) and its sources."""
    note = law.note(note_id)
    words = note.get(lang) or note[site_languages()[0]]
    checked = note["checked"]
    sources = Inert(", ").join(  # titled in English, as the fact base cites them
        Inert('<a href="{}" lang="en">{}</a>').format(source["url"], source["title"])
        for source in note["sources"]
    )
    return Inert(
        '<div class="admonition warning kyr-note" id="note-{}">'
        '<p class="admonition-title">{}</p>'
        "<p><strong>{}</strong> {} {}</p>"
        "<p>{}</p>"
        '<p class="kyr-note__meta">{} <time datetime="{}">{}</time>. {}: {}.</p></div>'
    ).format(
        note_id,
        words["title"],
        words["action"],
        label("note_call", lang),
        hotline_link(affiliate),
        words["known"],
        label("note_as_of", lang),
        checked.isoformat(),
        long_date(checked, lang),
        label("sources", lang),
        sources,
    )
