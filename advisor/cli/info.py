"""`advisor schema`, `rules` and `explain`: what the tool accepts and how it decides."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer
from pydantic import BaseModel

from advisor import rules
from advisor.cli.console import deliver, emit, user_errors
from advisor.cli.recommend import OutputOption
from advisor.errors import AdvisorError
from advisor.models.catalog import PricingFile
from advisor.models.report import Report
from advisor.models.workload import Workload


class SchemaName(str, Enum):
    """Documents with a published JSON Schema."""

    WORKLOAD = "workload"
    REPORT = "report"
    PRICING = "pricing"


SCHEMAS: dict[SchemaName, type[BaseModel]] = {
    SchemaName.WORKLOAD: Workload,
    SchemaName.REPORT: Report,
    SchemaName.PRICING: PricingFile,
}


@user_errors
def schema(
    name: Annotated[
        SchemaName, typer.Argument(metavar="DOCUMENT", help="Which document.")
    ] = SchemaName.WORKLOAD,
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of a workload file, the JSON report, or a pricing file.

    Example: advisor schema workload > workload.schema.json
    """
    model = SCHEMAS[name]
    document = model.model_json_schema(
        by_alias=True, mode="serialization" if name is SchemaName.REPORT else "validation"
    )
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    deliver(json.dumps(document, indent=2) + "\n", output)


@user_errors
def list_rules() -> None:
    """List every decision rule with its ID, name and summary.

    Example: advisor rules
    """
    for rule_id in sorted(rules.REGISTRY):
        rule = rules.REGISTRY[rule_id]
        emit(f"{rule.id}  {rule.name:28} {rule.summary}\n")


@user_errors
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule ID such as ADV201.")],
) -> None:
    """Explain one decision rule: when it fires, why, and what to do.

    Example: advisor explain ADV201
    """
    rule = rules.REGISTRY.get(rule_id.upper())
    if rule is None:
        raise AdvisorError(f"no rule '{rule_id}'; `advisor rules` lists them")
    emit(f"{rule.id} {rule.name}\n\n{rule.doc}\n")


def register(app: typer.Typer) -> None:
    """Add the commands to the app."""
    app.command()(schema)
    app.command("rules")(list_rules)
    app.command()(explain)
