"""The comparison table: one aligned line per workload, cut to the terminal's width only there."""

from __future__ import annotations

from pathlib import Path

from advisor.compare.batch import compare
from advisor.render.comparison import COLUMNS, comparison_table

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def _table(width: int = 120, terminal: bool = False) -> tuple[str, list[str]]:
    comparison, _ = compare([SCENARIOS], workers=1)
    names = [row.name for row in comparison.rows]
    return comparison_table(comparison, width, terminal), names


def test_one_aligned_line_per_workload_then_the_summary() -> None:
    text, names = _table()
    lines = text.splitlines()
    header, rule, body = lines[0], lines[1], lines[2 : 2 + len(names)]
    assert header.split() == [word for column in COLUMNS for word in column.split()]
    assert set(rule.replace(" ", "")) == {"-"}
    assert [line.split()[0] for line in body] == names
    # money columns are right-aligned: each ends where its header ends
    for column in ("Monthly", "Lambda", "Fargate", "EC2", "Saving"):
        end = header.index(column) + len(column)
        assert all(line[end - 1] != " " and line[end] == " " for line in body), column
    assert lines[2 + len(names)] == ""
    assert lines[3 + len(names)].startswith(f"{len(names)} workloads compared")


def test_lines_are_cut_to_the_width_on_a_terminal_only() -> None:
    piped, _ = _table(width=60, terminal=False)
    shown, _ = _table(width=60, terminal=True)
    assert max(len(line) for line in piped.splitlines()[:2]) > 60
    lines = shown.splitlines()
    cut = lines[: lines.index("")]  # the summary's sentences, after a blank line, are not cut
    assert all(len(line) <= 60 for line in cut)
    assert any(line.endswith("…") for line in cut)


def test_the_summary_counts_in_words() -> None:
    comparison, _ = compare([SCENARIOS / "api-100k.yaml"], workers=1)
    assert comparison_table(comparison, 120, False).splitlines()[4] == (
        "1 workload compared (1 on lambda, 0 on lambda_managed_instances, 0 on fargate, "
        "0 on ec2); 0 failed."
    )


def test_markdown_cells_keep_to_their_cell_and_row(tmp_path: Path) -> None:
    """A line break (which a workload file may not hold, but a saved report may) and a `|`."""
    from advisor.render.comparison import comparison_markdown

    (tmp_path / "w.yaml").write_text(
        "version: 1\nname: w\ntraffic: {monthly_requests: 1000}\n"
        "execution: {duration_ms: 100, memory_mb: 128}\n"
    )
    comparison, _ = compare([tmp_path], workers=1)
    rows = [comparison.rows[0].model_copy(update={"name": "two\nlines|pipe"})]
    row = comparison_markdown(comparison.model_copy(update={"rows": rows})).splitlines()[4]
    assert row.startswith("| two lines\\|pipe | Lambda |")
    assert row.count(" | ") == 10  # eleven cells
