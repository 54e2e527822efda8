"""User text made inert for each output format: one function per format, used by every renderer.

Names, descriptions, queue names and the messages that quote them come from files a pull request
can change, so every renderer treats them as hostile: a name must stay in the cell, heading, list
item or diagram node it was put in, whatever it holds. Ordinary names (`image-thumbnails`,
`checkout_api`) come out unchanged, so reports stay readable and diffable.

- Markdown (`md_text`): one line; backslashes, backticks, `*`, `[`, `]`, `|`, `#` backslash-
  escaped, `_`, `~` and `$` where they could open emphasis, strikethrough or maths, `<` and `&`
  as entities, so no tag, link, image, code span, heading or table cell starts or ends inside the
  text. `md_code` and `md_html` for text in a code span or in raw HTML (`<summary>`), `md_fence`
  for a fenced block (the Mermaid diagram) that no line inside can close.
- Mermaid (`mermaid_label`, `MermaidIds`): labels go inside double quotes with `#quot;`-style
  entity codes; node ids are ASCII slugs (`svc_web_app`), made unique, never the name itself.
- CSV (`csv_cell`): a text cell starting with `= + - @`, a tab or a carriage return gets a leading
  `'` (OWASP's CSV injection advice); plain numbers are left alone; the csv module quotes.
- Terminal (`terminal`) and Rich (`rich_text`): control characters (C0, C1, DEL, line
  separators, bidirectional overrides) shown as `\\x1b`-style text, so no escape sequence reaches
  the terminal; Rich gets `Text` objects, never markup, so `[/]` or `[link=...]` are just text.

HTML is escaped by Jinja's autoescape (advisor/render/html.py), which also passes every value
through `terminal` (HTML allows no control characters).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that move the cursor, start an escape sequence, break a line or reorder text:
C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional marks,
embeddings, overrides and isolates ("Trojan Source")."""

LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    """A control character as text: `\\x1b`, `\\u202e`."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """The text on one line: line breaks and tabs become spaces, other control characters are
    shown as `\\x1b`-style text (never passed on)."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(_visible, LINE_BREAKS.sub(" ", text))


# Terminal and Rich


def terminal(text: str, *, keep_newlines: bool = False) -> str:
    """Text safe to print on a terminal: every control character (ESC, CSI, BEL, CR, backspace,
    bidirectional overrides...) shown as `\\x1b`-style text, so no escape sequence can recolour,
    retitle or rewrite the screen. With `keep_newlines`, `\\n` stays a line break (a message of
    several lines); otherwise it is shown as `\\x0a` too."""
    if CONTROL.search(text) is None:
        return text
    if keep_newlines:
        return "\n".join(CONTROL.sub(_visible, line) for line in text.split("\n"))
    return CONTROL.sub(_visible, text)


def rich_text(text: str, style: str = "") -> Text:
    """User text for a Rich table or line: a Text object, never parsed as markup (`[/]` would
    crash Rich, `[link=...]` would make a link), with control characters made visible."""
    from rich.text import Text  # not at import: the core uses this module without Rich

    return Text(terminal(text), style=style)


# Markdown

_MD_SPECIAL = re.compile(
    r"[\\`*\[\]|~#<&_$\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_MD_ALWAYS = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "#": "\\#",
    "<": "&lt;",
    "&": "&amp;",
}


_BLOCK_START = re.compile(r"[>+=-]|\d+[.)]")


def md_text(text: str, *, line_start: bool = False) -> str:
    """Text for a Markdown table cell, heading, list item or paragraph, on one line, that starts
    and ends no Markdown or HTML construct.

    `_` is escaped unless it sits between two letters or digits (where CommonMark never reads it
    as emphasis: `checkout_api` stays as it is); `~` unless a space or the start is before it (GFM
    strikethrough: such a `~` closes nothing, and with every closer escaped no opener acts:
    `p99 ~250 ms`); `$` unless a digit follows (`$81.53`, as the
    reports write money; GitHub reads `$...$` as maths). `>` needs nothing: with `<` escaped it
    closes no tag. Text that starts a line needs `line_start`, which also escapes a leading
    `>`, `+`, `-`, `=` or `1.` (a quote, a list, a heading's underline)."""
    text = one_line(text)
    if line_start:
        block = _BLOCK_START.match(text)
        if block is not None:
            end = block.end() - 1
            return text[:end] + "\\" + text[end] + md_text(text[end + 1 :])
    if _MD_SPECIAL.search(text) is None:
        return text
    out = []
    last = len(text) - 1
    for index, char in enumerate(text):
        escaped = _MD_ALWAYS.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char == "_":
            inside_word = (
                0 < index < last and text[index - 1].isalnum() and text[index + 1].isalnum()
            )
            out.append("_" if inside_word else "\\_")
        elif char == "~":  # strikethrough: a `~` after a space or at the start closes nothing
            out.append("~" if index == 0 or text[index - 1].isspace() else "\\~")
        elif char == "$":
            out.append("$" if index < last and text[index + 1].isdigit() else "\\$")
        else:
            out.append(char)
    return "".join(out)


def md_strong(text: str) -> str:
    """Text in bold: `**` only holds around text that neither starts nor ends with a space, so the
    text is trimmed (and left plain when nothing is left)."""
    inner = md_text(text).strip()
    return f"**{inner}**" if inner else inner


class Md(str):
    """Markdown the renderer wrote itself (already escaped): `markdown_row` passes it on as is."""

    __slots__ = ()


def md_code(text: str, *, in_table: bool = False) -> Md:
    """Text as a Markdown code span: fenced by more backticks than any run inside it (a code span
    takes no backslash escapes), on one line; in a table, `|` escaped (GFM splits cells first)."""
    text = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    if in_table:
        text = text.replace("|", "\\|")
    return Md(f"{fence}{pad}{text}{pad}{fence}")


def md_html(text: str) -> str:
    """Text inside raw HTML in Markdown (`<summary>...</summary>`): Markdown is not parsed there,
    so HTML entities, on one line (a blank line would end the HTML block)."""
    text = one_line(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_fence(content: str, info: str = "") -> list[str]:
    """A fenced code block (Mermaid source, say) as lines: the fence is longer than any run of
    backticks in the content, so no line of it can close the block early."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *content.split("\n"), fence]


# Mermaid

_MERMAID_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "%": "#37;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
}
_MERMAID_SPECIAL = re.compile(r'["#%&<>`]')


def mermaid_label(text: str) -> str:
    """Text for inside a double-quoted Mermaid label (`id["..."]`): one line, with `"` (which
    would end the label), `#` (entity codes), `%` (`%%{init: ...}%%` directives), `<`, `>`, `&`
    (HTML labels) and backticks (Markdown strings) as Mermaid entity codes."""
    text = one_line(text)
    if _MERMAID_SPECIAL.search(text) is None:
        return text
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ENTITIES[m.group()], text)


_NOT_ID = re.compile(r"[^A-Za-z0-9]+")


def mermaid_id(prefix: str, text: str) -> str:
    """A node id made from a name: `prefix_` and the name's ASCII letters and digits (`svc_web_app`
    for `web-app`), at most 40 of them; never the name itself. Different names can give one
    slug, so the caller keeps ids unique (`MermaidIds`)."""
    return f"{prefix}_{_NOT_ID.sub('_', text)[:40]}"


class MermaidIds:
    """Unique node ids for names: the same name always gets the same id, two names never one."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def __call__(self, prefix: str, name: str) -> str:
        key = (prefix, name)
        found = self._ids.get(key)
        if found is not None:
            return found
        base = candidate = mermaid_id(prefix, name)
        number = 2
        while candidate in self._taken:
            candidate = f"{base}_{number}"
            number += 1
        self._ids[key] = candidate
        self._taken.add(candidate)
        return candidate


# CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text a spreadsheet would run as a formula (`=HYPERLINK(...)`,
    `+1`, `@SUM`, or after a tab, a carriage return or spaces) gets a leading `'`, as OWASP
    advises; plain numbers (`-8.14`) and non-text values are left alone. A carriage return
    becomes a line feed: the csv module quotes a cell holding its line terminator (`\\n`), not
    one holding a lone `\\r`, which a spreadsheet would take as the start of a new row."""
    if not isinstance(value, str) or not value:
        return value
    if value.lstrip(" ").startswith(_FORMULA_START) and _PLAIN_NUMBER.fullmatch(value) is None:
        value = "'" + value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value
