"""Macros for the pages: a thin layer over `macros.render`, in the page's language.

Use in Markdown:
    {{ hotline() }}            the 24-hour hotline as a tap-to-call link
    {{ call_us() }}            a block: hotline, hours, languages answered, text number
    {{ org_name() }}           the affiliate's name
    {{ locality() }}           "City, ST"
    {{ contacts("legal_aid") }}  the contacts of one category (see affiliate.CONTACT_CATEGORIES)
    {% if has_contacts("consulates") %}  whether a category lists anyone (to leave out a section)
    {{ org_email() }}, {{ org_website() }}  the affiliate's email and website, as links
    {{ org_email("workshop_report") }}  the email, opening with a subject from labels.yml
    {{ today() }}              the date of the build, written out in the page's language
    {{ contact_sheet() }}      the rapid-response contact sheet (render.CONTACT_SHEET)
    {{ state_bills() }}        the state bills the affiliate watches, as a table
    {{ red_cards() }}          red cards with the hotline and a QR code: preview and print sheets
    {{ card_downloads() }}     links to the red-card PDFs the build writes beside the page
    {{ show_card() }}          "Show the card": the card's words fill the phone's screen
    {{ offline_copy() }}       the link to the offline copy published with the site, and its size
    {{ dated_note("i205-home-entry") }}  a rule in flux, from macros/dated-notes.yml (a block)
    {{ say("remain_silent", "lawyer") }}  the red card's words (macros/red-card.yml), quoted in
                               English, with the page's language in brackets; translated=True
                               adds the card's Spanish on English pages
    {{ quiz() }}               the workshop quiz, from macros/quiz.yml (a block)
    {{ plan_form() }}          the family-plan form, from macros/family-plan-form.yml (a block)
    {{ agenda("parents-60") }}  a workshop agenda from macros/agendas.yml: its table, slides
                               and pack of handouts (a block); {{ agenda_packs() }} what to
                               print for each agenda, with each pack (a block)
  On letter pages (see macros/letters.py):
    {{ letter_tools() }}       the copy button and the .docx download of this letter
    {{ addressee("elected_officials") }}  the first contact of a category, or blanks
    {{ signature_block() }}    blanks for the signer, then the organization's details
Block macros go on a line of their own with a blank line before and after.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from . import agendas, cards, law, letters, render, tools
from .affiliate import affiliate_path, load_affiliate
from .offline import is_offline_build, offline_zip
from .site import page_path, text_language


def define_env(env) -> None:
    # The build hook has already validated this file and stopped on any problem.
    project_dir = Path(env.project_dir)
    affiliate = load_affiliate(affiliate_path(project_dir), project_dir)

    def lang() -> str:
        return text_language(env.page)

    @env.macro
    def hotline() -> str:
        return render.hotline_link(affiliate)

    @env.macro
    def call_us() -> str:
        return render.call_us(affiliate, lang())

    @env.macro
    def org_name() -> str:
        return render.org_name(affiliate, lang())

    @env.macro
    def locality() -> str:
        return render.locality(affiliate)

    @env.macro
    def contacts(category: str) -> str:
        return render.contacts(affiliate, category, lang())

    @env.macro
    def org_email(subject: str | None = None) -> str:
        return render.email_link(affiliate, subject and render.label(subject, lang()))

    @env.macro
    def org_website() -> str:
        return render.website_link(affiliate)

    @env.macro
    def today() -> str:
        return render.long_date(date.today(), lang())

    @env.macro
    def contact_sheet() -> str:
        return render.contact_sheet(affiliate, lang())

    @env.macro
    def state_bills() -> str:
        return render.state_bills(affiliate, lang())

    @env.macro
    def letter_tools() -> str:
        return letters.letter_tools(letters.docx_name(env.page.file.src_uri, lang()), lang())

    @env.macro
    def addressee(category: str) -> str:
        return render.addressee(affiliate, category, lang())

    @env.macro
    def signature_block() -> str:
        return render.signature_block(affiliate, lang())

    @env.macro
    def red_cards() -> str:
        return cards.card_sheets(affiliate, lang())

    @env.macro
    def show_card() -> str:
        return cards.show_card(lang())

    @env.macro
    def card_downloads() -> str:
        return cards.card_downloads(lang())

    @env.macro
    def dated_note(note_id: str) -> str:
        return render.dated_note(affiliate, note_id, lang())

    @env.macro
    def say(*keys: str, translated: bool = False) -> str:
        return law.say(keys, lang(), translated)

    @env.macro
    def offline_copy() -> str:
        zip_file = offline_zip()
        return render.offline_copy(zip_file, env.page.url, lang(), is_offline_build(env.conf))

    @env.macro
    def has_contacts(category: str) -> bool:
        return render.has_contacts(affiliate, category)

    # The quiz's and the form's data files, checked before any page is built: a problem stops
    # the build with one line naming the file and the key.
    tools.check_data()

    @env.macro
    def quiz() -> str:
        return tools.quiz(lang(), page_path(env.page))

    @env.macro
    def plan_form() -> str:
        return tools.plan_form(lang(), render.hotline_link(affiliate))

    # The agendas' data file, checked before any page is built (one line per problem).
    workshop_agendas = agendas.checked_agendas()

    def fill(text: str) -> str:
        # A talking point may hold page macros ({{ say("no_entry") }}): render it like a page.
        return env.env.from_string(text).render() if "{{" in text else text

    @env.macro
    def agenda(agenda_id: str) -> str:
        hotline_link = render.marked_hotline_link(affiliate, lang())
        chosen = workshop_agendas.get(agenda_id)
        return agendas.agenda_markdown(chosen, lang(), hotline_link, env.page.url, fill)

    @env.macro
    def agenda_packs() -> str:
        return agendas.packs_list(workshop_agendas, lang(), env.page.url)
