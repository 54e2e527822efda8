"""Reading a live AWS account into workload files (`advisor discover`).

The only package besides `advisor.refresh` that imports boto3, and only inside functions called
by `advisor discover`: `recommend`, `compare` and `check` never load it.

    session   the boto3 session, clients, retries, timeouts, and the count of API calls
    lambdas   Lambda functions and their settings
    ecs       ECS services, their task definitions and the load balancers in front of them
    doors     which front door each function has (API Gateway, function URL, ALB, queue)
    metrics   CloudWatch GetMetricData, batched to its limits
    profile   hourly series to monthly requests, a weekly profile and a pattern
    build     one workload document per resource, with notes on where each figure came from
    files     YAML with a header comment, written atomically, never over a file unasked
    run       the whole run: regions, filters, progress, what was skipped and why
"""
