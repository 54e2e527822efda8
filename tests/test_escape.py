"""Escaping user text per output format: each attack from issue 26 stays in its cell, heading, list
item, diagram label, CSV cell or terminal line, and ordinary names come out unchanged.

The property tests render random names (built from the characters each format gives meaning to,
the attacks, and any other text) through every renderer and compare the structure a reader would
see with that of an ordinary name: no heading, row, cell, link, tag, node or fence is added or
lost, and no escape sequence reaches a terminal."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from advisor.escape import (
    CONTROL,
    MermaidIds,
    csv_cell,
    md_code,
    md_fence,
    md_html,
    md_strong,
    md_text,
    mermaid_label,
    one_line,
    rich_text,
    terminal,
)
from advisor.render.text import markdown_row
from tests.render.shapes import ID, MERMAID_LINE, fences, html_tags, markdown_cells, markdown_shape

ATTACKS = [
    "a\n### ✅ advisor check passed\n[details](http://evil.example)",
    "x\r\n\r\n- planted item",
    "**bold** _em_ ~~gone~~ ~s~",
    "<h1>big</h1>",
    '<img src=x onerror="alert(1)">',
    "</details>",
    "</summary></details><script>alert(1)</script>",
    "[click](http://evil.example)",
    "![pixel](http://evil.example/p.png)",
    "<http://evil.example>",
    "```",
    "```\n```mermaid",
    '"]-->evil["x',
    'a]\n  click svc_a href "javascript:alert(1)"',
    "[/]",
    "[link=http://x]y[/link]",
    "[bold red]loud",
    '=HYPERLINK("http://x","y")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m C1 CSI",
    "back\bspace\rreturn",
    "| a | b |",
    "`code`",
    "&lt;h1&gt;",
    "&#60;h1&#62;",
    "%%{init: {'securityLevel': 'loose'}}%%",
    "$\\color{red}{PASSED}$",
    "# not a heading",
    "\u202eevil\u2066",
    "line\u2028separator",
    "trailing backslash\\",
    "_",
    "__init__",
]
ORDINARY = ["image-thumbnails", "checkout_api", "api-10m", "web app (v2)", "Queue 7", "café"]

MARKDOWN_SIGNS = list("\\`*_[]()<>|~#&$!\"'%{}=+-@:;/. \n\r\t\x1b\x9b\u2028\u202e") + ["]", "```"]
NAMES = st.lists(
    st.one_of(
        st.sampled_from(ATTACKS),
        st.sampled_from(MARKDOWN_SIGNS),
        st.text(min_size=1, max_size=6),
        st.sampled_from(ORDINARY),
    ),
    min_size=1,
    max_size=6,
).map("".join)
VISIBLE_NAMES = NAMES.filter(lambda name: one_line(name).strip() != "")
"""Names that show something: a blank name is refused on loading and would leave a heading
empty (a change of shape that hides nothing)."""

PROPERTY = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
SLOW_PROPERTY = settings(PROPERTY, max_examples=20)


def _table(*cells: str) -> str:
    return "\n".join(
        [
            markdown_row(["A", "B", "C"][: len(cells)]),
            markdown_row(["---"] * len(cells)),
            markdown_row(cells),
        ]
    )


# Markdown


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_names_come_out_unchanged(name: str) -> None:
    assert md_text(name) == name
    assert mermaid_label(name) == name
    assert csv_cell(name) == name
    assert terminal(name) == name


@pytest.mark.parametrize("name", ATTACKS)
def test_a_name_stays_in_its_table_cell(name: str) -> None:
    """Three cells in, three cells out; the cell reads as the name (on one line), plain text."""
    table = _table("before", name, "after")
    assert markdown_cells(table)[1] == ["before", one_line(name).strip(), "after"]
    assert markdown_shape(table) == markdown_shape(_table("before", "name", "after"))


@pytest.mark.parametrize("name", ATTACKS)
def test_a_name_stays_in_its_heading(name: str) -> None:
    page = f"## {md_text(name)}\n\nafter\n"
    assert markdown_shape(page) == markdown_shape("## name\n\nafter\n")


@pytest.mark.parametrize("name", ATTACKS)
def test_a_name_stays_in_its_list_item(name: str) -> None:
    """The check comment's "Failed checks" line: a name with line breaks cannot plant a heading
    (`### ✅ advisor check passed`) or a link after it."""
    item = f"- {md_code('budgets.per_workload')} {md_strong(name)}: over by {md_text(name)}\n"
    expected = "- `budgets.per_workload` **name**: over by name\n"
    assert markdown_shape(item) == markdown_shape(expected)


@pytest.mark.parametrize("name", ATTACKS)
def test_a_code_span_holds_any_text(name: str) -> None:
    tokens = markdown_shape(f"- {md_code(name)}\n")
    assert tokens == markdown_shape("- `name`\n")


def test_a_code_span_in_a_table_escapes_the_pipe() -> None:
    table = _table("x", md_code("a|b", in_table=True))
    assert markdown_cells(table)[1] == ["x", "a|b"]


@pytest.mark.parametrize("name", ATTACKS)
def test_text_in_a_summary_tag_is_entities(name: str) -> None:
    """Inside `<details><summary>` Markdown is not parsed: only tags count, and none is added."""
    page = f"<details>\n<summary>{md_html(name)}</summary>\n\n</details>\n"
    assert html_tags(page) == ["<details >", "<summary >", "</summary>", "</details>"]
    assert markdown_shape(page) == markdown_shape(
        "<details>\n<summary>name</summary>\n\n</details>\n"
    )


def test_markdown_escapes_in_detail() -> None:
    assert md_text("a\n### b") == "a \\#\\#\\# b"
    assert md_text("<h1>&") == "&lt;h1>&amp;"
    assert md_text("[x](y)") == "\\[x\\](y)"
    assert md_text("_a_b_") == "\\_a_b\\_"  # inside a word, `_` is no emphasis
    assert md_text("$5 or $x$") == "$5 or \\$x\\$"  # money stays, maths does not open
    assert md_text("p99 ~250 ms, a~b") == "p99 ~250 ms, a\\~b"
    assert md_text("esc\x1b[31m") == "esc\\\\x1b\\[31m"  # shown, never sent
    assert md_text("-1. x", line_start=True) == "\\-1. x"
    assert md_text("12) x", line_start=True) == "12\\) x"


def test_a_fence_is_longer_than_any_backticks_inside() -> None:
    content = 'flowchart LR\n  a["```"]\n```\n````'
    lines = md_fence(content, "mermaid")
    assert lines[0] == "`````mermaid" and lines[-1] == "`````"
    page = "\n".join(lines) + "\n\nafter\n"
    assert fences(page) == [("mermaid", content + "\n")]
    assert md_fence("flowchart LR", "mermaid") == ["```mermaid", "flowchart LR", "```"]


# Mermaid


@pytest.mark.parametrize("name", ATTACKS)
def test_a_mermaid_label_cannot_end_its_quotes(name: str) -> None:
    label = mermaid_label(name)
    assert not set(label) & set('"\n\r<>%`')
    assert re.sub(r"#(\w+);", "", label).count("#") == 0  # every `#` is an entity code
    assert MERMAID_LINE.fullmatch(f'    svc_x["{label}"]')


def test_mermaid_ids_are_ascii_unique_and_stable() -> None:
    ids = MermaidIds()
    web = ids("svc", "web-app")
    assert web == "svc_web_app"
    assert ids("svc", "web_app") == "svc_web_app_2"  # a different name, a different node
    assert ids("svc", "web app") == "svc_web_app_3"
    assert ids("svc", "web-app") == web
    assert ids("q", "web-app") == "q_web_app"
    for name in ATTACKS:
        assert re.fullmatch(ID, ids("svc", name))


# CSV


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\n=1"),
        ("a\r=1\r\nb", "a\n=1\nb"),
        ("  =1", "'  =1"),
        ("-8.14", "-8.14"),  # a negative saving is a number, not a formula
        ("97.39", "97.39"),
        ("1e-05", "1e-05"),
        ("checkout_api", "checkout_api"),
        ("", ""),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote(value: str, cell: str) -> None:
    assert csv_cell(value) == cell


def test_csv_cells_keep_to_their_columns() -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for name in ATTACKS:
        writer.writerow([csv_cell(name), "1.00"])
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert [len(row) for row in rows] == [2] * len(ATTACKS)
    assert [row[0] for row in rows] == [csv_cell(name) for name in ATTACKS]
    assert not any(row[0].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows)


# Terminal and Rich


@pytest.mark.parametrize("name", ATTACKS)
def test_no_control_character_reaches_the_terminal(name: str) -> None:
    shown = terminal(name)
    assert CONTROL.search(shown) is None
    assert "\n" not in shown


def test_terminal_shows_what_it_removed() -> None:
    assert terminal("a\x1b[31mb") == "a\\x1b[31mb"
    assert terminal("x\u202ey") == "x\\u202ey"
    assert terminal("two\nlines\x07", keep_newlines=True) == "two\nlines\\x07"


@pytest.mark.parametrize("name", ATTACKS)
@pytest.mark.parametrize("color", [False, True])
def test_rich_prints_markup_as_text(name: str, color: bool) -> None:
    """`[/]` crashed Rich (a closing tag with nothing open), `[link=...]` made a link (OSC 8)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=color, color_system="truecolor")
    table = Table(title=rich_text(name))
    table.add_column(rich_text(name))
    table.add_row(rich_text(name))
    console.print(table)
    console.print(rich_text(name, style="bold"))
    out = buffer.getvalue()
    assert out.count(terminal(name).strip()) >= 3
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0  # only Rich's own colours


# Property: random names through every renderer


@given(VISIBLE_NAMES)
@PROPERTY
def test_random_names_keep_to_cells_headings_and_list_items(name: str) -> None:
    table = _table("before", name, md_code(name, in_table=True))
    assert markdown_cells(table)[1] == ["before", one_line(name).strip(), one_line(name)]
    assert markdown_shape(f"## {md_text(name)}\n") == markdown_shape("## name\n")
    item = f"- {md_code(name)} {md_strong(name)}: {md_text(name)}\n"
    assert markdown_shape(item) == markdown_shape("- `name` **name**: name\n")
    assert html_tags(f"<summary>{md_html(name)}</summary>") == ["<summary >", "</summary>"]
    fenced = markdown_shape("\n".join(md_fence(name, "mermaid")) + "\nafter\n")
    assert fenced[0].startswith("fence:mermaid:")  # one block, whatever its lines
    assert fenced[1:] == markdown_shape("```mermaid\nname\n```\nafter\n")[1:]


@given(NAMES)
@PROPERTY
def test_random_names_keep_to_mermaid_labels_csv_cells_and_terminal_lines(name: str) -> None:
    assert MERMAID_LINE.fullmatch(f'    {MermaidIds()("svc", name)}["{mermaid_label(name)}"]')
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([csv_cell(name), "x"])
    (row,) = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    unix = name.replace("\r\n", "\n").replace("\r", "\n")
    assert len(row) == 2 and row[0] in (unix, "'" + unix)
    assert not row[0].lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
    assert CONTROL.search(terminal(name)) is None


# Property: whole documents, each renderer, a hostile name where an ordinary one was


@functools.cache
def _report():  # type: ignore[no-untyped-def]
    from advisor.decide.report import analyze
    from advisor.input.documents import load_document
    from advisor.pricing.catalog import Catalog
    from tests.conftest import SCENARIOS

    document = load_document(SCENARIOS / "api-10m.yaml")
    return analyze(document.workload, Catalog(None), document.source, with_curve=True)  # type: ignore[union-attr]


@functools.cache
def _system():  # type: ignore[no-untyped-def]
    from advisor.decide.system import analyze_system
    from advisor.input.documents import load_document
    from advisor.pricing.catalog import Catalog
    from tests.conftest import SCENARIOS

    return analyze_system(load_document(SCENARIOS / "ecommerce-system.yaml"), Catalog(None))  # type: ignore[arg-type]


@functools.cache
def _comparison():  # type: ignore[no-untyped-def]
    from advisor.compare.batch import compare
    from tests.conftest import SCENARIOS

    comparison, _ = compare([SCENARIOS / "api-10m.yaml", SCENARIOS / "api-100k.yaml"], workers=1)
    return comparison


def named_report(name: str):  # type: ignore[no-untyped-def]
    report = _report()
    return report.model_copy(update={"workload": report.workload.model_copy(update={"name": name})})


def named_system(name: str):  # type: ignore[no-untyped-def]
    """The e-commerce system with its first service, the system and a queue and a store named
    `name` (the services that use them, too), and its diagram drawn again."""
    from advisor.decide.system import mermaid

    report = _system()
    queue, store = f"{name} q", f"{name} s"
    services = [
        plan.model_copy(
            update={
                "name": name if index == 0 else plan.name,
                "uses": [queue, store],
                "consumes": [queue] if index == 1 else [],
            }
        )
        for index, plan in enumerate(report.services)
    ]
    return report.model_copy(
        update={
            "system": {**report.system, "name": name},
            "services": services,
            "diagram": mermaid([queue], [store], services),
        }
    )


def named_comparison(name: str):  # type: ignore[no-untyped-def]
    comparison = _comparison()
    rows = [comparison.rows[0].model_copy(update={"name": name}), *comparison.rows[1:]]
    return comparison.model_copy(update={"rows": rows})


def named_check(name: str):  # type: ignore[no-untyped-def]
    from advisor.gate.policy import evaluate
    from advisor.models.policy import Budgets, Policy

    policy = Policy(version=1, budgets=Budgets(per_workload={"placeholder": Decimal(0)}))
    check = evaluate(policy, named_comparison(name), dt.date(2026, 11, 29))
    checks = [
        c.model_copy(update={"subject": name, "detail": f"'{name}' is over budget"})
        for c in check.checks
    ]
    return check.model_copy(update={"checks": checks, "passed": False})


def named_diff(name: str):  # type: ignore[no-untyped-def]
    from advisor.models.policy import Change, Diff

    one = Decimal("1.00")
    change = Change(
        name=name, before=one, after=one * 2, change=one, change_percent=Decimal(100),
        platform_before="lambda", platform_after="fargate", status="changed",
    )  # fmt: skip
    return Diff(
        changes=[change], total_before=one, total_after=one * 2, total_change=one,
        total_change_percent=Decimal(100),
    )  # fmt: skip


def _markdown_documents(name: str) -> list[str]:
    from advisor.render.check import check_markdown, diff_markdown
    from advisor.render.comparison import comparison_markdown
    from advisor.render.markdown import render_markdown

    return [
        render_markdown([named_report(name)]),
        render_markdown([named_system(name)]),
        check_markdown(named_check(name)),
        diff_markdown(named_diff(name)),
        comparison_markdown(named_comparison(name)),
    ]


@functools.cache
def _ordinary_markdown() -> list[list[str]]:
    return [markdown_shape(text) for text in _markdown_documents("ordinary-name")]


@given(VISIBLE_NAMES)
@SLOW_PROPERTY
def test_random_names_change_no_markdown_document_s_structure(name: str) -> None:
    """Recommend (a workload, a system with its diagram), the check comment, diff and compare:
    the same headings, tables, rows, cells, list items and fences as with an ordinary name."""
    documents = _markdown_documents(name)
    assert [markdown_shape(text) for text in documents] == _ordinary_markdown()
    ((info, diagram),) = fences(documents[1])
    assert info == "mermaid"
    assert all(MERMAID_LINE.fullmatch(line) for line in diagram.splitlines()), diagram


@given(NAMES)
@SLOW_PROPERTY
def test_random_names_send_no_escape_sequence_to_a_terminal(name: str) -> None:
    """Rich tables (recommend, check, diff) and the plain compare table, with and without
    colour: the only escape sequences are Rich's own colours."""
    from advisor.render.check import check_table, diff_table
    from advisor.render.comparison import comparison_table
    from advisor.render.table import render_table

    for color in (False, True):
        outputs = [
            render_table([named_report(name), named_system(name)], width=100, color=color),
            check_table(named_check(name), width=100, color=color),
            diff_table(named_diff(name), width=100, color=color),
            comparison_table(named_comparison(name), 100, color),
        ]
        for out in outputs:
            assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0
            assert CONTROL.search(re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\n", "")) is None
    plain = comparison_table(named_comparison(name), 100, False)
    assert len(plain.splitlines()) == len(comparison_table(_comparison(), 100, False).splitlines())


def _csv(name: str) -> list[list[str]]:
    from advisor.render.comparison import comparison_csv

    return list(csv.reader(io.StringIO(comparison_csv(named_comparison(name)), newline="")))


@given(NAMES)
@SLOW_PROPERTY
def test_random_names_keep_to_their_csv_column(name: str) -> None:
    rows = _csv(name)
    assert [len(row) for row in rows] == [len(row) for row in _csv("ordinary-name")]
    unix = name.replace("\r\n", "\n").replace("\r", "\n")
    assert rows[1][0] in (unix, "'" + unix)
    assert not any(
        cell.lstrip(" ").startswith(("=", "+", "@", "\t", "\r"))
        or (cell.startswith("-") and not re.fullmatch(r"-[0-9.]+", cell))
        for row in rows
        for cell in row
    )


def _page_and_charts(page: str) -> tuple[list[str], set[str]]:
    """The page's tags outside its SVG charts, in order, and the kinds of tag in the charts (pygal
    adds a `<title>` to a legend it shortens, so their order varies with a name's length)."""
    outside: list[str] = []
    inside: set[str] = set()
    depth = 0
    for tag in html_tags(page):
        if tag.startswith("<svg "):
            depth += 1
        if depth:
            inside.add(tag)
        else:
            outside.append(tag)
        if tag == "</svg>":
            depth -= 1
    return outside, inside


@functools.cache
def _ordinary_html() -> list[tuple[list[str], set[str]]]:
    from advisor.render.html import render_html

    pages = [render_html([named_report("ordinary-name")]), render_html([named_system("o-n")])]
    return [_page_and_charts(page) for page in pages]


@given(VISIBLE_NAMES)
@settings(SLOW_PROPERTY, max_examples=6)
def test_random_names_add_no_html_tag(name: str) -> None:
    """The HTML report escapes already (Jinja's autoescape; pygal escapes its SVG text)."""
    from advisor.render.html import render_html

    pages = [render_html([named_report(name)]), render_html([named_system(name)])]
    for (outside, inside), (usual_outside, usual_inside) in zip(
        [_page_and_charts(page) for page in pages], _ordinary_html(), strict=True
    ):
        assert outside == usual_outside
        assert inside <= usual_inside
