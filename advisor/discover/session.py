"""The boto3 session: the standard credential chain and settings, bounded retries and timeouts,
and a count of every API call made (the closing summary reports it; a budget bounds it)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from advisor.errors import AdvisorError

DEFAULT_MAX_ATTEMPTS = 5
"""Attempts per call (the first and four retries) unless AWS_MAX_ATTEMPTS says otherwise."""
MAX_ATTEMPTS_CAP = 10
CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 30

NO_CREDENTIALS = (
    "no AWS credentials found. Provide them the usual way: `aws configure` or `aws sso login` "
    "(then --profile NAME or AWS_PROFILE), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
    "(and AWS_SESSION_TOKEN) in the environment, or an instance or container role. The caller "
    "needs read access: lambda:List*/Get*, ecs:List*/Describe*, elasticloadbalancing:Describe*, "
    "apigateway:GET, cloudwatch:GetMetricData."
)

DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedException",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "AuthFailure",
    }
)
"""Error codes that mean the caller may not read a region (or its credentials are no good)."""


class DiscoverError(AdvisorError):
    """Discovery cannot run at all (no credentials, an unknown profile, no region)."""


class CallBudgetSpent(Exception):
    """The run made as many API calls as it was allowed."""


@dataclass
class Calls:
    """API calls made (each operation once) and HTTP requests sent (retries included)."""

    budget: int
    made: int = 0
    sent: int = 0
    by_operation: dict[str, int] = field(default_factory=dict)

    @property
    def retried(self) -> int:
        """Requests sent again after a throttle or a transient error."""
        return max(self.sent - self.made, 0)

    def on_call(self, model: Any = None, **_: Any) -> None:
        """botocore's before-call event: count the call, or stop when the budget is spent."""
        if self.made >= self.budget:
            raise CallBudgetSpent(f"the budget of {self.budget} API calls is spent (--max-calls)")
        self.made += 1
        name = getattr(model, "name", "?")
        self.by_operation[name] = self.by_operation.get(name, 0) + 1

    def on_send(self, **_: Any) -> None:
        """botocore's before-send event: one HTTP request, first try or retry."""
        self.sent += 1


def new_session(profile: str | None) -> Any:
    """A fresh boto3 session on the standard chain (a seam the tests wrap to add event hooks)."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        return boto3.session.Session(profile_name=profile)
    except ProfileNotFound:
        raise DiscoverError(
            f"AWS profile '{profile}' is not in your AWS config files (~/.aws/config, "
            "~/.aws/credentials or AWS_CONFIG_FILE); `aws configure --profile NAME` makes one"
        ) from None


def retry_settings() -> dict[str, Any]:
    """Adaptive retries (a client-side rate limit that backs off when throttled) with a bounded
    number of attempts; AWS_RETRY_MODE and AWS_MAX_ATTEMPTS, botocore's own settings, win."""
    mode = os.environ.get("AWS_RETRY_MODE", "adaptive")
    try:
        attempts = int(os.environ.get("AWS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))
    except ValueError:
        attempts = DEFAULT_MAX_ATTEMPTS
    return {"mode": mode, "total_max_attempts": min(max(attempts, 1), MAX_ATTEMPTS_CAP)}


@dataclass
class Account:
    """The session, one client per service and region, and the calls made through them."""

    session: Any
    calls: Calls
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)

    def client(self, service: str, region: str) -> Any:
        """A client for a service in a region, made once, counted and bounded."""
        key = (service, region)
        if key not in self._clients:
            from botocore.config import Config

            config = Config(
                retries=retry_settings(),
                connect_timeout=CONNECT_TIMEOUT_S,
                read_timeout=READ_TIMEOUT_S,
                user_agent_extra="advisor-discover",
            )
            client = self.session.client(service, region_name=region, config=config)
            client.meta.events.register("before-call", self.calls.on_call)
            client.meta.events.register("before-send", self.calls.on_send)
            self._clients[key] = client
        return self._clients[key]


def open_account(
    profile: str | None, regions: list[str], max_calls: int
) -> tuple[Account, list[str]]:
    """The account and the regions to read; a DiscoverError saying what to do when there are
    no credentials or no region. Credentials are resolved here and never printed."""
    session = new_session(profile)
    try:
        credentials = session.get_credentials()
    except Exception as exc:  # a broken credential source (SSO expired, a bad process)
        raise DiscoverError(f"{NO_CREDENTIALS} ({type(exc).__name__})") from None
    if credentials is None:
        raise DiscoverError(NO_CREDENTIALS)
    chosen = list(dict.fromkeys(regions)) or ([session.region_name] if session.region_name else [])
    if not chosen:
        raise DiscoverError(
            "no region: pass --region (repeat it for several) or set AWS_REGION, "
            "or a region in your AWS profile"
        )
    return Account(session, Calls(max_calls)), chosen


def error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ClientError, else the exception's class name."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if code:
            return str(code)
    return type(exc).__name__


def describe_failure(exc: BaseException) -> str:
    """Why a call failed, in a few words for the skipped list (never the credentials)."""
    code = error_code(exc)
    operation = getattr(exc, "operation_name", "")
    where = f" on {operation}" if operation else ""
    if code in DENIED_CODES:
        return f"access denied ({code}{where})"
    if isinstance(exc, CallBudgetSpent):
        return str(exc)
    message = ""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        message = str(response.get("Error", {}).get("Message", ""))
    message = " ".join(message.split())[:120]
    return f"{code}{where}" + (f": {message}" if message and "<" not in message else "")


def is_denied(exc: BaseException) -> bool:
    """Whether an error means the caller may not read this region."""
    return error_code(exc) in DENIED_CODES
