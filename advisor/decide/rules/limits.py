"""Hard limits: what a platform cannot do at all."""

from __future__ import annotations

from advisor.decide.rules.base import Context, Hit, rule
from advisor.models.report import Severity
from advisor.models.workload import Entry
from advisor.numerals import milliseconds, number, significant

LAMBDA_TIMEOUT_S = 900
LAMBDA_MAX_MEMORY_MB = 10240
LAMBDA_MIN_MEMORY_MB = 128
LAMBDA_MAX_TMP_MB = 10240
LAMBDA_SYNC_PAYLOAD_KB = 6 * 1024
GATEWAY_TIMEOUT_S = {Entry.API_GATEWAY_REST: 29, Entry.API_GATEWAY_HTTP: 30}
SYNCHRONOUS = (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST, Entry.ALB, Entry.FUNCTION_URL)


@rule("ADV101", "lambda-timeout", decides=True)
def lambda_timeout(ctx: Context) -> list[Hit]:
    """Lambda stops any invocation at 15 minutes (900 s).

    Fires when the mean duration exceeds 900 s: such a job cannot finish on Lambda at all. Run it
    on Fargate or EC2, or split it into steps under 15 minutes (Step Functions).
    """
    seconds = ctx.workload.execution.duration_ms / 1000
    if seconds <= LAMBDA_TIMEOUT_S:
        return []
    message = (
        f"Each run takes {milliseconds(seconds * 1000)}; "
        f"Lambda stops a function at 15 min ({LAMBDA_TIMEOUT_S} s)."
    )
    return [Hit("ADV101", Severity.ERROR, message, key) for key in ctx.lambda_keys()]


@rule("ADV102", "lambda-memory", decides=True)
def lambda_memory(ctx: Context) -> list[Hit]:
    """Lambda memory ranges from 128 MB to 10,240 MB.

    Fires when the workload needs more memory than one Lambda environment can have (which also
    caps it at 6 vCPU). Use a container with more memory instead.
    """
    memory = ctx.workload.execution.memory_mb
    if LAMBDA_MIN_MEMORY_MB <= memory <= LAMBDA_MAX_MEMORY_MB:
        return []
    message = f"Needs {number(memory)} MB; Lambda allows 128 to {number(LAMBDA_MAX_MEMORY_MB)} MB."
    return [Hit("ADV102", Severity.ERROR, message, key) for key in ctx.lambda_keys()]


@rule("ADV103", "lambda-ephemeral-storage", decides=True)
def lambda_tmp(ctx: Context) -> list[Hit]:
    """Lambda's /tmp holds at most 10,240 MB.

    Fires when `execution.ephemeral_storage_mb` is above that. Stream through S3 or EFS, or run
    in a container with a larger disk.
    """
    tmp = ctx.workload.execution.ephemeral_storage_mb
    if tmp <= LAMBDA_MAX_TMP_MB:
        return []
    message = (
        f"Needs {number(tmp)} MB of /tmp; Lambda allows at most {number(LAMBDA_MAX_TMP_MB)} MB."
    )
    return [Hit("ADV103", Severity.ERROR, message, key) for key in ctx.lambda_keys()]


@rule("ADV104", "lambda-payload", decides=True)
def lambda_payload(ctx: Context) -> list[Hit]:
    """A synchronous Lambda invocation carries at most 6 MB each way.

    Fires when a request or response is larger than that and the function is called
    synchronously (API Gateway, ALB, function URL). Put large bodies in S3 and pass a link.
    """
    traffic = ctx.workload.traffic
    largest = max(traffic.request_kb, traffic.response_kb)
    if largest <= LAMBDA_SYNC_PAYLOAD_KB:
        return []
    message = (
        f"Payloads of {significant(largest / 1024)} MB exceed Lambda's 6 MB synchronous limit."
    )
    return [
        Hit("ADV104", Severity.ERROR, message, key)
        for key in ctx.lambda_keys()
        if key not in ctx.options or ctx.options[key].entry in SYNCHRONOUS
    ]


@rule("ADV105", "gateway-timeout", decides=True)
def gateway_timeout(ctx: Context) -> list[Hit]:
    """API Gateway waits at most 29 s (REST) or 30 s (HTTP API) for the back end.

    Fires for options behind API Gateway when a request runs longer than that: the client gets a
    504 while the work goes on. Use a function URL or an ALB, or accept the request and finish it
    asynchronously.
    """
    seconds = ctx.workload.execution.duration_ms / 1000
    hits = []
    for entry, limit in GATEWAY_TIMEOUT_S.items():
        if seconds > limit:
            name = "REST API" if entry is Entry.API_GATEWAY_REST else "HTTP API"
            message = (
                f"Requests run {milliseconds(seconds * 1000)}; the API Gateway {name} times "
                f"out at {limit} s."
            )
            hits += [Hit("ADV105", Severity.ERROR, message, k) for k in ctx.keys_behind(entry)]
    return hits


@rule("ADV106", "fargate-task-size", decides=True)
def fargate_task_size(ctx: Context) -> list[Hit]:
    """A Fargate task has at most 16 vCPU and 120 GB of memory.

    Fires when the container settings ask for a task larger than any valid Fargate size. Use EC2,
    or split the work across smaller tasks.
    """
    problem = ctx.problems.get("fargate")
    return [Hit("ADV106", Severity.ERROR, problem, "fargate")] if problem else []


@rule("ADV107", "ec2-no-instance", decides=True)
def ec2_no_instance(ctx: Context) -> list[Hit]:
    """No instance type in the pricing file can hold the task.

    Fires when every type of the workload's architecture is too small for one task (or one
    request's share of it). Add larger types to the pricing file or shrink the task.
    """
    problem = ctx.problems.get("ec2")
    return [Hit("ADV107", Severity.ERROR, problem, "ec2")] if problem else []
