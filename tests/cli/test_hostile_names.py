"""Hostile names through the real commands (issue 26): a workload, service, queue or policy name
that a pull request controls cannot plant headings, links or tags in the check comment, break out
of a table cell or the Mermaid fence, run as a spreadsheet formula, crash Rich, or send escape
sequences to the terminal. Names with line breaks or control characters are refused on loading
(one located line, exit 2); a saved JSON report, which skips that rule, still renders safely."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import SCENARIOS, Run, run_cli
from tests.render.shapes import MERMAID_LINE, fences, markdown_cells, markdown_shape

HOSTILE = [
    "<h1>big</h1>",
    '<img src=x onerror="alert(1)">',
    "</details></summary>",
    "[click](http://evil.example)",
    "![pixel](http://evil.example/p.png)",
    "```",
    '"]-->evil["x',
    "[/]",
    "[link=http://x]y[/link]",
    '=HYPERLINK("http://x","y")',
    "**b** _e_ ~~s~~ | pipe # hash",
    "$\\color{red}{PASSED}$",
    "%%{init: {'securityLevel': 'loose'}}%%",
]
REFUSED = {
    "newline": "a\n### ✅ advisor check passed\n[x](http://evil.example)",
    "escape": "\x1b[31mred\x1b]0;title\x07",
    "tab": "a\tb",
    "carriage return": "a\rb",
    "bidi override": "\u202eevil",
    "blank": "   ",
    "too long": "x" * 201,
}
ESCAPE_IN_SAVED = "a\n### ✅ advisor check passed\n[x](http://evil.example) \x1b[31m[/]\x1b]0;t\x07"
"""A name a workload file may not hold, but a saved report can."""


def _workload(folder: Path, name: str, file: str = "w.yaml", requests: int = 10_000_000) -> Path:
    """api-10m under another name (a YAML double-quoted string: JSON's escapes)."""
    path = folder / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"version: 1\nname: {json.dumps(name)}\n"
        f"traffic: {{monthly_requests: {requests}, pattern: steady}}\n"
        "execution: {duration_ms: 100, memory_mb: 512}\n"
    )
    return path


def _policy(folder: Path, budgets: dict[str, int], file: str = "policy.yaml") -> Path:
    lines = ["version: 1", "budgets:", "  per_workload:"]
    lines += [f"    {json.dumps(name)}: {limit}" for name, limit in budgets.items()]
    path = folder / file
    path.write_text("\n".join(lines) + "\n")
    return path


def name_free(stdout: str, name: str) -> bool:
    """No row or heading for the refused name: at most the failure's own line quotes it."""
    return all(name not in line or line.startswith("failed: ") for line in stdout.splitlines())


def _no_escape(run: Run) -> None:
    assert "\x1b" not in run.stdout and "\x1b" not in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("name", HOSTILE)
def test_recommend_markdown_keeps_the_name_in_its_heading(tmp_path: Path, name: str) -> None:
    run = run_cli("recommend", str(_workload(tmp_path, name)), "--format", "markdown")
    usual = run_cli("recommend", str(_workload(tmp_path / "o", "ordinary")), "--format", "markdown")
    assert run.code == 0, run.stderr
    assert markdown_shape(run.stdout) == markdown_shape(usual.stdout)
    assert run.stdout.count("\n## ") == usual.stdout.count("\n## ")
    assert not re.search(r"^#", run.stdout.split("\n", 1)[1], re.M)  # one heading, ours


@pytest.mark.parametrize("name", HOSTILE)
def test_recommend_table_prints_markup_as_text(tmp_path: Path, name: str) -> None:
    run = run_cli("recommend", str(_workload(tmp_path, name)))
    assert run.code == 0, run.stderr
    assert name in run.stdout.splitlines()[0]
    _no_escape(run)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_check_with_a_name_of_markup_and_a_failed_budget(tmp_path: Path, fmt: str) -> None:
    """`[/]` crashed `advisor check` (table); in the comment, the failed check names it in place."""
    folder = tmp_path / "workloads"
    names = ["[/]", "[link=http://x]y[/link]", "a</details>", "### ✅ advisor check passed"]
    for index, name in enumerate(names):
        _workload(folder, name, f"w{index}.yaml")
    policy = _policy(tmp_path, dict.fromkeys(names, 1))
    run = run_cli("check", str(folder), "--policy", str(policy), "--format", fmt)
    assert run.code == 1, run.stderr
    _no_escape(run)
    if fmt == "table":
        for name in names:
            assert name in run.stdout
        assert "advisor check failed: 4 of 4 checks failed" in run.stdout
        return
    tokens = markdown_shape(run.stdout)
    assert tokens.count("heading_open:h3") == 1
    assert run.stdout.startswith("### ❌ advisor check failed")
    failed = run.stdout.split("Failed checks:\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(failed) == 4 and all(
        line.startswith("- `budgets.per_workload` **") for line in failed
    )
    rows = markdown_cells(run.stdout)
    assert {len(row) for row in rows} == {3, 4}  # the workloads' table, the checks' table


def test_diff_with_names_of_markup(tmp_path: Path) -> None:
    """`[/]` crashed `advisor diff` (table) when a workload of that name changed."""
    names = ["[/]", "[link=http://x]y[/link]", "<h1>x</h1>"]
    for side, requests in (("base", 10_000_000), ("head", 90_000_000)):
        folder = tmp_path / side
        for index, name in enumerate(names):
            _workload(folder, name, f"w{index}.yaml", requests)
        run = run_cli("compare", str(folder), "--format", "json")
        (tmp_path / f"{side}.json").write_text(run.stdout)
    base, head = str(tmp_path / "base.json"), str(tmp_path / "head.json")
    table = run_cli("diff", base, head)
    assert table.code == 0, table.stderr
    assert all(name in table.stdout for name in names)
    markdown = run_cli("diff", base, head, "--format", "markdown")
    rows = markdown_cells(markdown.stdout)
    assert [len(row) for row in rows] == [7] * 5
    assert sorted(row[0] for row in rows[1:4]) == sorted(names)


def test_compare_csv_runs_no_formula(tmp_path: Path) -> None:
    for index, name in enumerate(HOSTILE):
        _workload(tmp_path, name, f"w{index}.yaml")
    run = run_cli("compare", str(tmp_path), "--format", "csv")
    assert run.code == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout, newline="")))
    assert {len(row) for row in rows} == {len(rows[0])}
    assert len(rows) == len(HOSTILE) + 1
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)
    names = {row[0] for row in rows[1:]}
    assert "'" + '=HYPERLINK("http://x","y")' in names
    assert "[/]" in names


def test_compare_markdown_and_table_keep_one_row_per_workload(tmp_path: Path) -> None:
    for index, name in enumerate(HOSTILE):
        _workload(tmp_path, name, f"w{index}.yaml")
    markdown = run_cli("compare", str(tmp_path), "--format", "markdown")
    rows = markdown_cells(markdown.stdout)
    assert [len(row) for row in rows] == [11] * (len(HOSTILE) + 1)
    assert sorted(row[0] for row in rows[1:]) == sorted(HOSTILE)
    table = run_cli("compare", str(tmp_path))
    assert len(table.stdout.splitlines()) == 2 + len(HOSTILE) + 1 + 5
    _no_escape(table)


def test_system_names_stay_in_the_mermaid_diagram(tmp_path: Path) -> None:
    """Service, queue and store names that would close the fence, end a label or add a node."""
    service = '"]-->evil["x```'
    queue = 'q```"] --> svc_api'
    store = "%%{init: {'securityLevel': 'loose'}}%%"
    system = tmp_path / "system.yaml"
    system.write_text(
        "version: 1\nkind: system\nname: '```'\n"
        f"queues: [{json.dumps(queue)}]\nstores: [{json.dumps(store)}]\n"
        "services:\n"
        f"  - name: {json.dumps(service)}\n"
        "    traffic: {monthly_requests: 1000000}\n"
        "    execution: {duration_ms: 100, memory_mb: 512}\n"
        f"    uses: [{json.dumps(store)}, {json.dumps(queue)}]\n"
        "  - name: '</details>'\n"
        "    traffic: {monthly_requests: 1000000}\n"
        "    execution: {duration_ms: 100, memory_mb: 512}\n"
        f"    consumes: [{json.dumps(queue)}]\n"
    )
    run = run_cli("recommend", str(system), "--format", "markdown")
    assert run.code == 0, run.stderr
    ((info, diagram),) = fences(run.stdout)
    assert info == "mermaid"
    lines = diagram.splitlines()
    assert all(MERMAID_LINE.fullmatch(line) for line in lines), diagram
    defined = {
        re.match(r"\s*(\w+)", line).group(1)  # type: ignore[union-attr]
        for line in lines[1:]
        if "-->" not in line and line.strip() != "end"
    }
    nodes = defined - {"subgraph"}
    assert sorted(n.split("_")[0] for n in nodes if not n.startswith("entry_")) == [
        "q", "s", "svc", "svc",
    ]  # fmt: skip
    edges = [line.split() for line in lines if "-->" in line]
    assert edges and all(start in nodes and end in nodes for start, _, end in edges)
    tokens = markdown_shape(run.stdout)
    assert tokens.count("heading_open:h1") == 1


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_name_that_is_not_one_line_of_text_is_refused(tmp_path: Path, case: str) -> None:
    path = _workload(tmp_path, REFUSED[case])
    for command in (["recommend", str(path)], ["compare", str(path)]):
        run = run_cli(*command)
        assert run.code == 2
        assert name_free(run.stdout, REFUSED[case])  # compare lists the failure, nothing else
        (line,) = run.stderr.splitlines()
        assert line.startswith(f"{path}:2:7: name: a name ")
        _no_escape(run)


def test_a_policy_name_with_a_line_break_is_refused(tmp_path: Path) -> None:
    policy = _policy(tmp_path, {"a\n### ✅ advisor check passed": 1})
    run = run_cli("check", str(SCENARIOS / "api-10m.yaml"), "--policy", str(policy))
    assert run.code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"{policy}:4:")
    assert "a name cannot hold control characters" in line


@pytest.mark.parametrize("fmt", ["markdown", "table", "html"])
def test_a_saved_report_with_a_name_of_line_breaks_and_escapes(tmp_path: Path, fmt: str) -> None:
    """`advisor render` skips the name rule (a report is not a workload file): the renderers are
    safe on their own."""
    saved = run_cli("recommend", str(SCENARIOS / "api-10m.yaml"), "--format", "json").json()
    usual = tmp_path / "usual.json"
    usual.write_text(json.dumps(saved))
    saved["workload"]["name"] = ESCAPE_IN_SAVED
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(saved))
    run = run_cli("render", str(hostile), "--format", fmt)
    assert run.code == 0, run.stderr
    _no_escape(run)
    if fmt == "markdown":
        expected = run_cli("render", str(usual), "--format", fmt).stdout
        assert markdown_shape(run.stdout) == markdown_shape(expected)
    elif fmt == "html":
        assert "<h1>big" not in run.stdout and "\x1b" not in run.stdout
        assert "### ✅ advisor check passed" in run.stdout  # as text, in the title
    else:
        assert "\\x1b[31m[/]" in run.stdout


def test_diff_of_saved_reports_with_escapes_in_names(tmp_path: Path) -> None:
    saved = run_cli("recommend", str(SCENARIOS / "api-10m.yaml"), "--format", "json").json()
    (tmp_path / "base.json").write_text(json.dumps(saved))
    saved["workload"]["name"] = ESCAPE_IN_SAVED
    (tmp_path / "head.json").write_text(json.dumps(saved))
    base, head = str(tmp_path / "base.json"), str(tmp_path / "head.json")
    table = run_cli("diff", base, head)
    assert table.code == 0, table.stderr
    _no_escape(table)
    markdown = run_cli("diff", base, head, "--format", "markdown")
    assert [len(row) for row in markdown_cells(markdown.stdout)] == [7] * 4
    assert markdown_shape(markdown.stdout).count("heading_open:h3") == 0


def test_a_name_of_200_characters_is_accepted(tmp_path: Path) -> None:
    run = run_cli("recommend", str(_workload(tmp_path, "x" * 200)), "--format", "json")
    assert run.code == 0, run.stderr
    assert run.json()["workload"]["name"] == "x" * 200


def test_a_queue_name_with_a_line_break_is_refused(tmp_path: Path) -> None:
    system = tmp_path / "system.yaml"
    system.write_text(
        'version: 1\nkind: system\nname: shop\nqueues: ["a\\n```"]\nservices:\n'
        "  - name: api\n"
        "    traffic: {monthly_requests: 1000000}\n"
        "    execution: {duration_ms: 100, memory_mb: 512}\n"
    )
    run = run_cli("recommend", str(system), "--format", "markdown")
    assert run.code == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"{system}:4:") and "queues[0].name: a name cannot hold" in line
