"""Renderers for `advisor check` (a verdict, the checks, what changed) and `advisor diff`."""

from __future__ import annotations

import io
import json

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from advisor.escape import md_code, md_strong, md_text, rich_text
from advisor.models.policy import CheckReport, Diff
from advisor.money import usd
from advisor.render.text import markdown_row


def _signed(value: object) -> str:
    if value is None:
        return "-"
    text = usd(value)  # type: ignore[arg-type]
    return text if text.startswith("-") or text == "$0.00" else f"+{text}"


def _percent(value: object) -> str:
    if value is None:
        return "-"
    text = f"{value}"
    return f"{text} %" if text.startswith("-") else f"+{text} %"


def _platform_change(before: str | None, after: str | None) -> str:
    if before and after and before != after:
        return f"{before} -> {after}"
    return after or before or "-"


MARK = {"passed": "ok", "failed": "FAIL", "skipped": "skip"}
ICON = {"passed": "✅", "failed": "❌", "skipped": "➖"}


def verdict(report: CheckReport) -> str:
    """The first line: pass or fail, how many checks (skipped ones apart: they did not run),
    the total."""
    failed = [c for c in report.checks if c.status == "failed"]
    skipped = [c for c in report.checks if c.status == "skipped"]
    ran = len(report.checks) - len(skipped)
    total = usd(report.comparison.summary.total_recommended)
    also = f", {len(skipped)} skipped" if skipped else ""
    if failed:
        return f"advisor check failed: {len(failed)} of {ran} checks failed{also} ({total}/month)"
    return f"advisor check passed: {ran} checks hold{also} ({total}/month)"


def diff_rows(d: Diff) -> list[list[str]]:
    """Rows of what changed (unchanged workloads left out), then the total."""
    rows = [
        [
            c.name,
            usd(c.before),
            usd(c.after),
            _signed(c.change),
            _percent(c.change_percent),
            _platform_change(c.platform_before, c.platform_after),
            c.status,
        ]
        for c in d.changes
        if c.status != "unchanged"
    ]
    rows.append(
        ["total", usd(d.total_before), usd(d.total_after), _signed(d.total_change),
         _percent(d.total_change_percent), "", ""]
    )  # fmt: skip
    return rows


DIFF_COLUMNS = ("Workload", "Before", "After", "Change", "Change %", "Platform", "Status")


def diff_markdown(d: Diff) -> str:
    """A Markdown table of what changed."""
    lines = [
        markdown_row(DIFF_COLUMNS),
        markdown_row(["---", "---:", "---:", "---:", "---:", "---", "---"]),
    ]
    lines += [markdown_row(row) for row in diff_rows(d)]
    return "\n".join(lines) + "\n"


def check_markdown(report: CheckReport) -> str:
    """A pull-request comment: the verdict first, what changed, the checks folded."""
    icon = "✅" if report.passed else "❌"
    lines = [f"### {icon} {verdict(report)}", ""]
    if report.diff is not None:
        lines += ["What changed against the baseline:", "", diff_markdown(report.diff).rstrip(), ""]
    else:
        lines += [
            markdown_row(("Workload", "Runs on", "Monthly")),
            markdown_row(("---", "---", "---:")),
        ]
        lines += [
            markdown_row((r.name, r.label, usd(r.monthly_cost))) for r in report.comparison.rows
        ]
        lines.append("")
    for status, heading in (("failed", "Failed checks:"), ("skipped", "Skipped checks:")):
        listed = [c for c in report.checks if c.status == status]
        if listed:
            lines += [heading, ""] + [
                f"- {md_code(c.check)} {md_strong(c.subject)}: {md_text(c.detail)}" for c in listed
            ]
            lines.append("")
    lines += ["<details>", f"<summary>All {len(report.checks)} checks</summary>", ""]
    lines += [
        markdown_row(("", "Check", "Subject", "Detail")),
        markdown_row(("---", "---", "---", "---")),
    ]
    lines += [
        markdown_row((ICON[c.status], md_code(c.check, in_table=True), c.subject, c.detail))
        for c in report.checks
    ]
    lines += ["", f"Checked on {report.as_of} by `advisor check`.", "", "</details>"]
    return "\n".join(lines) + "\n"


def _console_text(parts: list[object], width: int, color: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, color_system="auto" if color else None
    )
    console.print(Group(*parts))  # type: ignore[arg-type]
    return buffer.getvalue()


def check_table(report: CheckReport, width: int = 120, color: bool = False) -> str:
    """The checks as a terminal table, then the verdict."""
    table = Table(title="Checks", title_justify="left")
    for column in ("", "Check", "Subject", "Detail"):
        table.add_column(column)
    for c in report.checks:
        table.add_row(MARK[c.status], *map(rich_text, (c.check, c.subject, c.detail)))
    parts: list[object] = [table]
    if report.diff is not None:
        parts.append(_diff_table(report.diff))
    parts.append(Text(verdict(report), style="bold green" if report.passed else "bold red"))
    return _console_text(parts, width, color)


def _diff_table(d: Diff) -> Table:
    table = Table(title="Against the baseline", title_justify="left")
    for column in DIFF_COLUMNS:
        table.add_column(
            column, justify="left" if column in ("Workload", "Platform", "Status") else "right"
        )
    for row in diff_rows(d):
        table.add_row(*map(rich_text, row))
    return table


def diff_table(d: Diff, width: int = 120, color: bool = False) -> str:
    """What changed, as a terminal table."""
    return _console_text([_diff_table(d)], width, color)


def as_json(model: CheckReport | Diff) -> str:
    """Any of these models as JSON."""
    return json.dumps(model.model_dump(mode="json"), indent=2) + "\n"
