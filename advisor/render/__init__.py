"""Renderers: one per output format, chosen from an enum, each turning reports into text."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING

from typing_extensions import assert_never

if TYPE_CHECKING:
    from advisor.models.report import Report
    from advisor.models.system import SystemReport


class OutputFormat(str, Enum):
    """Formats a report can be rendered in."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


def render(
    reports: Sequence[Report | SystemReport],
    fmt: OutputFormat,
    *,
    width: int = 120,
    color: bool = False,
) -> str:
    """Render workload reports in one format."""
    if fmt is OutputFormat.TABLE:
        from advisor.render.table import render_table

        return render_table(reports, width=width, color=color)
    if fmt is OutputFormat.JSON:
        from advisor.render.json import render_json

        return render_json(reports)
    if fmt is OutputFormat.MARKDOWN:
        from advisor.render.markdown import render_markdown

        return render_markdown(reports)
    if fmt is OutputFormat.HTML:
        from advisor.render.html import render_html

        return render_html(reports)
    assert_never(fmt)
