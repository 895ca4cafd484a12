"""Sample letters: the copy and download tools on a letter page, and the Word (.docx) copy of
each letter, written at build time from the letter as the page shows it.

A letter page has `letter: true` in its front matter and its letter inside
`<div class="kyr-letter" markdown>`; see docs/en/letters/.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import PurePosixPath

from docx import Document
from docx.shared import Pt

from .render import label
from .text import escape

LETTER_CLASS = "kyr-letter"


def docx_name(src_uri: str, lang: str) -> str:
    """letters/city-council.md in Spanish -> letter-city-council-es.docx (beside the page)."""
    return f"letter-{PurePosixPath(src_uri).stem}-{lang}.docx"


def letter_tools(docx_file: str, lang: str) -> str:
    """The copy button (shown once its script runs) and the .docx download link."""
    return (
        '<p class="kyr-letter-tools">\n'
        f'<button type="button" class="md-button kyr-copy" data-kyr-copy hidden>'
        f"{label('copy_letter', lang)}</button>\n"
        f'<a class="md-button" href="{escape(docx_file)}" download>'
        f"{label('download_docx', lang)}</a>\n"
        f'<span class="kyr-copy-status" role="status" data-copied="{label("copied", lang)}">'
        "</span>\n</p>"
    )


class _Letter(HTMLParser):
    """Reads the letter out of a page: paragraphs, list items and line breaks, with bold."""

    BLOCKS = {"p": "p", "li": "li", "h2": "h", "h3": "h", "h4": "h"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # <div> nesting inside the letter; 0 = outside it
        self.blocks: list[tuple[str, list[tuple[str, bool]]]] = []  # (kind, [(text, bold)])
        self.lists: list[str] = []
        self.bold = 0

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            classes = (dict(attrs).get("class") or "").split()
            if self.depth or LETTER_CLASS in classes:
                self.depth += 1
            return
        if not self.depth:
            return
        if tag in ("ol", "ul"):
            self.lists.append(tag)
        elif tag in self.BLOCKS:
            kind = self.BLOCKS[tag]
            if kind == "li":
                kind = "ol" if self.lists and self.lists[-1] == "ol" else "ul"
            self.blocks.append((kind, []))
        elif tag == "br" and self.blocks:
            self.blocks[-1][1].append(("\n", False))
        elif tag in ("strong", "b"):
            self.bold += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif self.depth and tag in ("strong", "b"):
            self.bold -= 1

    def handle_data(self, data):
        if self.depth and self.blocks and (data.strip() or self.blocks[-1][1]):
            self.blocks[-1][1].append((re.sub(r"\s+", " ", data), self.bold))


def letter_blocks(page_html: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    parser = _Letter()
    parser.feed(page_html)
    return parser.blocks


def letter_docx(page_html: str, title: str, author: str) -> bytes:
    """The page's letter as a Word document (US Letter, 1-inch margins, 11 pt)."""
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = title
    document.core_properties.author = author
    blocks = letter_blocks(page_html)
    if not blocks:
        raise ValueError(f'no <div class="{LETTER_CLASS}"> letter found in the page')
    styles = {"p": None, "h": "Heading 2", "ol": "List Number", "ul": "List Bullet"}
    for kind, runs in blocks:
        paragraph = document.add_paragraph(style=styles[kind])
        for text, bold in _joined(runs):
            paragraph.add_run(text).bold = bold
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _joined(runs: list[tuple[str, bool]]):
    """Trim the spaces HTML leaves around line breaks and at the ends of a block."""
    merged: list[list] = []
    for text, bold in runs:
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    for index, (text, bold) in enumerate(merged):
        text = text.replace(" \n", "\n").replace("\n ", "\n")
        if index == 0:
            text = text.lstrip()
        if index == len(merged) - 1:
            text = text.rstrip()
        if text:
            yield text, bool(bold)
