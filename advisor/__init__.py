"""advisor: where a workload should run on AWS (Lambda, Fargate or EC2), what it costs, and why."""

__version__ = "0.1.0"
