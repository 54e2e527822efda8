"""Classic pitfalls: large packages, functions calling functions, quotas, burstable instances."""

from __future__ import annotations

import math
from decimal import Decimal

from advisor.decide.rules.base import Context, Hit, is_lambda, rule
from advisor.models.report import Severity
from advisor.models.sizing import Ec2Sizing, LambdaSizing
from advisor.money import ZERO, dec
from advisor.numerals import milliseconds, number
from advisor.pricing.aws_lambda import MAX_INVOCATION_MS
from advisor.pricing.charges import line_items
from advisor.pricing.glue import workflow_charges

ZIP_UNZIPPED_LIMIT_MB = 250
ACCOUNT_CONCURRENCY = 1000
LONG_JOB_S = 300


@rule("ADV601", "large-package")
def large_package(ctx: Context) -> list[Hit]:
    """Large deployment packages slow cold starts and can exceed the ZIP limit.

    Fires when `execution.package_mb` is above 250 MB, Lambda's limit for an unzipped ZIP
    package with its layers. Ship a container image (up to 10 GB) instead, and expect longer
    cold starts: set `execution.init_ms` to what you measure.
    """
    size = ctx.workload.execution.package_mb
    if size is None or size <= ZIP_UNZIPPED_LIMIT_MB:
        return []
    message = (
        f"A {number(size)} MB package exceeds the 250 MB unzipped ZIP limit; it needs a container "
        "image, and its cold starts grow with its size."
    )
    return [
        Hit("ADV601", Severity.WARNING, message, k) for k in ctx.lambda_keys() if k in ctx.options
    ]


def usd(amount: Decimal) -> str:
    """Dollars to the cent, with thousands separators."""
    return f"${amount.quantize(Decimal('0.01')):,}"


@rule("ADV602", "function-chains")
def function_chains(ctx: Context) -> list[Hit]:
    """A function that waits on another function pays for both.

    Fires when `execution.calls_functions_synchronously` is true: the caller is billed while it
    waits, errors and timeouts compound, and cold starts add up along the chain. The finding
    prices the orchestration that would replace the waiting against merging the steps into one
    process, and recommends the cheaper: Step Functions Standard at one state transition per
    step ($25 a million), Express at $1.00 a million executions plus GB-seconds for the chain's
    duration, or the steps merged into the caller (no transitions, no requests of the functions
    it calls: the work is the same). Merging wins on cost whenever the merged process fits
    Lambda's 15 minutes (the caller already runs the whole chain); the orchestration is worth
    its price only where the steps must scale, retry or fail apart.
    """
    execution = ctx.workload.execution
    if not execution.calls_functions_synchronously:
        return []
    calls = execution.synchronous_calls
    requests = dec(ctx.demand.monthly_requests)
    callee_requests = requests * calls
    lambda_rates = ctx.pricing.lambda_ if ctx.pricing else None
    saved = callee_requests * lambda_rates.requests.bands[0].price if lambda_rates else Decimal(0)
    merged = (
        f"merging the steps into this function adds nothing and drops the "
        f"{number(float(callee_requests))} requests a month of the functions it calls "
        f"({usd(saved)})"
    )
    sfn = ctx.pricing.step_functions if ctx.pricing else None
    if ctx.pricing is None or sfn is None:
        priced = "Step Functions is not priced in this region's pricing file"
    else:
        transitions = requests * (calls + 1)
        standard = line_items(
            workflow_charges("", requests, transitions, ZERO, False, None, ctx.pricing)
        )
        billed_ms = math.ceil(execution.duration_ms / 100 - 1e-9) * 100
        gb_seconds = requests * Decimal(billed_ms) / 1000 * Decimal(64) / 1024
        express = line_items(
            workflow_charges("", requests, ZERO, gb_seconds, True, None, ctx.pricing)
        )
        standard_cost = sum((i.cost for i in standard), ZERO)
        express_cost = sum((i.cost for i in express), ZERO)
        priced = (
            f"Step Functions Standard would add {usd(standard_cost)} a month "
            f"({calls + 1} state transitions a request at $25 a million), Express "
            f"{usd(express_cost)}"
        )
    fits = execution.duration_ms <= MAX_INVOCATION_MS
    verdict = (
        "merge the steps (cheapest), unless they must scale or fail apart"
        if fits
        else "the chain runs past Lambda's 15 minutes: orchestrate it, or merge it into a "
        "container process"
    )
    message = (
        f"Waits on {calls} other function{'s' if calls > 1 else ''} a request, paying for their "
        f"duration twice. {priced}; {merged}: {verdict}."
    )
    return [Hit("ADV602", Severity.WARNING, message, k) for k in ctx.options if is_lambda(k)]


@rule("ADV603", "lambda-concurrency-quota")
def concurrency_quota(ctx: Context) -> list[Hit]:
    """Peak concurrency above Lambda's default account quota of 1,000.

    Fires when the peak rate times the duration exceeds 1,000 environments: requests are
    throttled unless the quota is raised (a Service Quotas request), and every function in the
    account and region shares it.
    """
    option = ctx.options.get("lambda")
    sizing = option.sizing if option is not None else None
    if not isinstance(sizing, LambdaSizing):
        return []
    peak = sizing.peak_concurrency
    if peak <= ACCOUNT_CONCURRENCY:
        return []
    message = (
        f"Peak concurrency {number(peak)} exceeds the default quota of 1,000 per account and "
        "region."
    )
    return [Hit("ADV603", Severity.WARNING, message, "lambda")]


@rule("ADV604", "burstable-baseline")
def burstable_baseline(ctx: Context) -> list[Hit]:
    """Burstable instances sustain only a share of each vCPU.

    Reports when the EC2 fleet uses a t3 or t4g type: it sustains its baseline share of each vCPU
    (for example 20 % on a t3.medium) and spends CPU credits above it, so the fleet is sized so the
    mean busy vCPU stays within the baseline.
    """
    option = ctx.options.get("ec2")
    sizing = option.sizing if option is not None else None
    if not isinstance(sizing, Ec2Sizing) or sizing.burstable_baseline is None:
        return []
    baseline = sizing.burstable_baseline
    message = (
        f"{sizing.instance_type} sustains {baseline * 100:.0f} % of each vCPU; "
        "the fleet is sized for the mean busy vCPU at that baseline."
    )
    return [Hit("ADV604", Severity.INFO, message, "ec2")]


@rule("ADV605", "near-timeout")
def near_timeout(ctx: Context) -> list[Hit]:
    """Jobs of 5 to 15 minutes run close to Lambda's hard limit.

    Fires when the mean duration is between 300 s and 900 s: a slower day (larger input, a slow
    dependency) hits the 15-minute timeout and the work is lost. Containers have no such limit.
    """
    seconds = ctx.workload.execution.duration_ms / 1000
    if not LONG_JOB_S < seconds <= 900:
        return []
    message = f"Runs {milliseconds(seconds * 1000)} of Lambda's 15 min; little room for a slow day."
    return [
        Hit("ADV605", Severity.WARNING, message, k) for k in ctx.lambda_keys() if k in ctx.options
    ]


SPOT_KEYS = ("fargate:spot", "ec2:spot")
CHECKPOINT_AFTER_S = 300


@rule("ADV606", "spot-interruptions")
def spot_interruptions(ctx: Context) -> list[Hit]:
    """Spot capacity can be taken back at two minutes' notice.

    Fires on the Spot options priced for an interruptible workload (`requirements.interruptible`),
    or on the workload when its pricing file has no Spot figures. Fargate Spot runs x86 tasks
    only (ARM64 tasks cannot use it), so an arm64 workload gets EC2 Spot alone.
    Fargate Spot sends SIGTERM and stops the task two minutes later, EC2 Spot gives a two-minute
    interruption notice. The work must be retried or resumed elsewhere: a run longer than five
    minutes needs checkpoints, or an interruption loses everything done so far; keep an
    on-demand share (a capacity provider strategy) for work that cannot wait.
    """
    keys = [key for key in SPOT_KEYS if key in ctx.options]
    if not keys:
        pricing = ctx.pricing
        options = pricing.purchase_options if pricing is not None else None
        if (
            pricing is not None
            and ctx.workload.requirements.interruptible
            and (options is None or options.spot is None)
        ):
            message = (
                f"Spot is not priced: the {pricing.region} pricing file has no Spot figures "
                "(purchase_options.spot)."
            )
            return [Hit("ADV606", Severity.INFO, message, None)]
        return []
    duration_s = ctx.workload.execution.duration_ms / 1000
    message = (
        "Spot capacity can be reclaimed with a two-minute warning: handle SIGTERM, retry "
        "interrupted work"
    )
    if duration_s > CHECKPOINT_AFTER_S:
        message += (
            f", and checkpoint: a run of {milliseconds(duration_s * 1000)} loses what it has done "
            "when it is stopped"
        )
    return [Hit("ADV606", Severity.INFO, message + ".", key) for key in keys]
