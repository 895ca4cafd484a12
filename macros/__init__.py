"""Macros for the pages: a thin layer over `macros.render`, in the page's language.

Use in Markdown:
    {{ hotline() }}            the 24-hour hotline as a tap-to-call link
    {{ call_us() }}            a block: hotline, hours, languages answered, text number
    {{ org_name() }}           the affiliate's name
    {{ locality() }}           "City, ST"
    {{ contacts("legal_aid") }}  the contacts of one category (see affiliate.CONTACT_CATEGORIES)
Block macros go on a line of their own with a blank line before and after.
"""

from __future__ import annotations

from pathlib import Path

from . import render
from .affiliate import affiliate_path, load_affiliate


def define_env(env) -> None:
    # The build hook has already validated this file and stopped on any problem.
    affiliate = load_affiliate(affiliate_path(Path(env.project_dir)))

    def lang() -> str:
        # mkdocs-static-i18n tags each page's file with its language.
        return env.page.file.locale

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
