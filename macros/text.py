"""The project's one escaper. A value from a data file is text, never markup: put into HTML
with `Inert(...).format(...)` (or `escape`), it reaches the reader as the characters it holds,
whether a browser reads it as HTML or MkDocs first parses it as Markdown (the macros' output
is Markdown to MkDocs)."""

from __future__ import annotations

import re

import markupsafe
from markupsafe import Markup

# After HTML's own escaping (&, <, >, quotes), what Markdown would still read as markup in a
# line of text: links and images ([...]), emphasis, code, escapes, attribute lists, table
# cells, and line breaks, which would start new blocks. Written as numeric character
# references, which Markdown passes through untouched and browsers show as the characters.
_MARKDOWN = str.maketrans({char: f"&#{ord(char)};" for char in "\\`*_[]{}|\n\r"})
# At the start of a line: a heading, a list item or a numbered list item ("1. ", "2) ").
_LINE_START = re.compile(r"[#+-]|\d+[.)]")


class Inert(Markup):
    """HTML in which every value put in with `.format()` (or `escape`) stays text."""

    @classmethod
    def escape(cls, value: object) -> Inert:
        if hasattr(value, "__html__"):  # already HTML of ours: a link, a template
            return cls(value.__html__())
        text = str(markupsafe.escape(str(value))).translate(_MARKDOWN)
        if _LINE_START.match(text):
            text = f"&#{ord(text[0])};{text[1:]}"
        return cls(text)


escape = Inert.escape
