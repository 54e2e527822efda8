"""The structure of rendered output, to compare a hostile name's rendering with an ordinary one's:
what a reader (GitHub's Markdown, a browser, Mermaid, a spreadsheet) would see as headings, table
cells, links, tags and diagram nodes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
"""CommonMark with GFM's tables and strikethrough, as GitHub reads a pull-request comment."""


def markdown_shape(text: str) -> list[str]:
    """Every block of a Markdown document and, for each run of inline text, the kinds of inline
    element in it (text, code, emphasis, link, image, HTML), runs of plain text counted as one:
    equal shapes mean no heading, cell, row, list item, link or tag was added or lost."""
    shape = []
    for token in MARKDOWN.parse(text):
        if token.type == "inline":
            kinds: list[str] = []
            for child in token.children or []:
                if not (child.type == "text" and kinds and kinds[-1] == "text"):
                    kinds.append(child.type)
            shape.append("inline:" + ",".join(kinds))
        elif token.type == "fence":
            shape.append(f"fence:{token.info}:{token.content.count(chr(10))} lines")
        elif token.type == "html_block":
            shape.append(f"html_block:{token.content.count(chr(10))} lines")
        else:
            shape.append(f"{token.type}:{token.tag}")
    return shape


def markdown_cells(text: str) -> list[list[str]]:
    """The text of every table row's cells, as a reader sees it (escapes and entities resolved)."""
    rows: list[list[str]] = []
    inside_cell = False
    for token in MARKDOWN.parse(text):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("td_open", "th_open"):
            inside_cell = True
        elif token.type == "inline" and inside_cell:
            rows[-1].append("".join(c.content for c in token.children or []))
            inside_cell = False
    return rows


def fences(text: str) -> list[tuple[str, str]]:
    """Every fenced block's info string and content."""
    return [(t.info, t.content) for t in MARKDOWN.parse(text) if t.type == "fence"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(f"<{tag} {' '.join(sorted(name for name, _ in attrs))}>")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"</{tag}>")


def html_tags(text: str) -> list[str]:
    """The start and end tags of an HTML page, with their attribute names, in order."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


ID = r"[A-Za-z0-9_]+"
LABEL = r'"(?:[^"\n`<>%]|<br/>)*"'
MERMAID_LINE = re.compile(
    rf"flowchart LR|  subgraph {ID}\[{LABEL}\]|  end|    {ID}\[{LABEL}\]|  {ID}\{{\{{{LABEL}\}}\}}"
    rf"|  {ID}>{LABEL}\]|  {ID}\[\({LABEL}\)\]|  {ID} --> {ID}"
)
"""Every line the Mermaid generator writes: a node is an ASCII id and one double-quoted label."""
