"""The Price List API client's own bounds: per-call timeouts and few attempts, and the deadline
kept whatever a call does."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from advisor.errors import AdvisorError
from advisor.refresh import Limits, fetch_offers
from advisor.refresh.price_list_api import within
from tests.fixtures.price_list import fake_aws_credentials, silent_server


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_aws_credentials(monkeypatch, tmp_path, "test-secret")


def test_a_read_that_never_ends_times_out_after_the_last_attempt(credentials: None) -> None:
    """With a deadline far away, the read timeout and the attempts end the call, not the
    deadline: the message is the timeout's."""
    limits = Limits(deadline_s=600, connect_timeout_s=0.2, read_timeout_s=0.2, max_attempts=2)
    with silent_server() as url, pytest.raises(AdvisorError) as caught:
        fetch_offers("us-east-1", ["lambda"], url, limits)
    assert str(caught.value).startswith("could not reach the Price List API: Read timeout on ")


def test_the_deadline_does_not_wait_for_the_work() -> None:
    """The waiting thread leaves at the deadline and tells the worker to stop."""
    release = threading.Event()
    told: list[bool] = []

    def work(cancelled: threading.Event) -> str:
        release.wait(30)
        told.append(cancelled.is_set())
        return "too late"

    with pytest.raises(AdvisorError, match="^late$"):
        within(0.05, work, "late")
    release.set()
    for thread in threading.enumerate():
        if thread.name == "advisor-price-list":
            thread.join(5)
    assert told == [True]


def test_the_work_s_own_error_comes_through() -> None:
    def work(cancelled: threading.Event) -> str:
        raise AdvisorError("the Price List API refused: AccessDeniedException: no")

    with pytest.raises(AdvisorError, match="AccessDeniedException"):
        within(5, work, "late")
    assert within(5, lambda cancelled: 42, "late") == 42
