"""`advisor schema`, `rules` and `explain`: what the tool accepts and how it decides."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from advisor.cli.console import deliver, emit, user_errors
from advisor.cli.recommend import OutputOption
from advisor.decide import rules
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
    rule_id: Annotated[
        str,
        typer.Argument(
            metavar="RULE_OR_KEY",
            help="A rule ID such as ADV201, or a workload key such as execution.cpu_ms.",
        ),
    ],
) -> None:
    """Explain one decision rule (when it fires, why, and what to do), or one workload key
    (its default and what it means).

    Examples: advisor explain ADV201; advisor explain execution.cpu_ms
    """
    rule = rules.REGISTRY.get(rule_id.upper())
    if rule is not None:
        emit(f"{rule.id} {rule.name}\n\n{rule.doc}\n")
        return
    field = workload_key(rule_id)
    if field is None:
        raise AdvisorError(
            f"no rule or workload key '{rule_id}'; `advisor rules` lists the rules, "
            "`advisor schema workload` the keys"
        )
    default = "required" if field.is_required() else json.dumps(field.default, default=str)
    if default == "null":
        default = "derived, as below"
    emit(f"{rule_id}  (default: {default})\n\n{field.description or ''}\n")


def workload_key(path: str) -> FieldInfo | None:
    """The field of a dotted workload key (`execution.cpu_ms`), by its name in the file."""
    model: type[BaseModel] = Workload
    field: FieldInfo | None = None
    for part in path.split("."):
        fields = {(f.alias or name): f for name, f in model.model_fields.items()}
        field = fields.get(part)
        if field is None:
            return None
        nested = field.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            model = nested
    return field


def register(app: typer.Typer) -> None:
    """Add the commands to the app."""
    app.command()(schema)
    app.command("rules")(list_rules)
    app.command()(explain)
