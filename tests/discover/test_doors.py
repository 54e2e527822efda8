"""Front doors read from the stand-in: an HTTP API, a REST API, a function URL and a queue."""

from __future__ import annotations

from advisor.discover.doors import find_doors
from advisor.discover.session import open_account
from tests.discover.conftest import REGION


def test_each_kind_of_door_sets_the_entry(aws):  # type: ignore[no-untyped-def]
    account, _ = open_account(None, [REGION], 1_000)
    names = ["orders-api", "filler-00", "filler-01", "filler-02", "filler-03"]
    doors = find_doors(account, REGION, names)
    assert doors.unread == []
    assert doors.entry_of("orders-api")[0] == "api_gateway_http"
    assert doors.entry_of("filler-00")[0] == "function_url"
    assert doors.entry_of("filler-02")[0] == "api_gateway_rest"
    entry, found = doors.entry_of("filler-01")
    assert entry is None and found[0].via.startswith("SQS queue arn:aws:sqs:")
    assert doors.entry_of("filler-03") == (None, [])
