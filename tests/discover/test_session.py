"""Retry settings and how failures are described."""

from __future__ import annotations

import pytest

from advisor.discover.session import CallBudgetSpent, Calls, describe_failure, retry_settings


def test_adaptive_retries_bounded_unless_botocore_settings_say_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AWS_MAX_ATTEMPTS", raising=False)
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    assert retry_settings() == {"mode": "adaptive", "total_max_attempts": 5}
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "50")
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    assert retry_settings() == {"mode": "standard", "total_max_attempts": 10}


def test_access_denied_is_named_as_such() -> None:
    from botocore.exceptions import ClientError

    error = ClientError(
        {"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "ListFunctions"
    )
    assert describe_failure(error) == "access denied (AccessDeniedException on ListFunctions)"


def test_the_budget_stops_the_next_call() -> None:
    calls = Calls(budget=2)
    calls.on_call()
    calls.on_call()
    with pytest.raises(CallBudgetSpent):
        calls.on_call()
    assert calls.made == 2
