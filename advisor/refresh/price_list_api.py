"""The AWS Price List Query API through boto3 (the only module that imports it, and only when
asked to refresh), bounded in time and distrustful of its answers.

Each call has connect and read timeouts of at most 10 s and three attempts (botocore's standard
retry mode backs off on throttling); the whole update has a deadline on top, kept by running the
calls in a worker thread that the command stops waiting for, so an endpoint that accepts a
connection and never answers ends the run on time. A page token the API already gave stops the
run instead of looping, and every answer goes through `items` before anything reads it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from advisor.errors import AdvisorError, Location
from advisor.refresh.build import EC2_FILTERS, SERVICE_CODES, Offer, keeps
from advisor.refresh.items import Item, MalformedPrice, at, read_date, read_on_demand, read_product

PRICING_ENDPOINT_REGION = "us-east-1"
"""The Price List API answers from us-east-1 whatever region is priced."""

PAGE_SIZE = 100
"""GetProducts' largest page."""

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """How long an update may take: the whole of it, and each connection and read."""

    deadline_s: float = 300.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 10.0
    max_attempts: int = 3


PageProgress = Callable[[str, int, int], None]
"""Called after each page with the service code, the page number and the items kept so far."""


class _Cancelled(Exception):
    """The command stopped waiting; the worker thread ends at its next request."""


def fetch_offers(
    region: str,
    services: Iterable[str],
    endpoint_url: str | None = None,
    limits: Limits = Limits(),
    on_page: PageProgress | None = None,
) -> list[Offer]:
    """Query the Price List API with boto3: GetProducts with TERM_MATCH filters, every page,
    the standard credential chain; AdvisorError for anything that goes wrong, within
    `limits.deadline_s` seconds."""
    try:
        import boto3  # noqa: F401
    except ImportError:
        raise AdvisorError(
            "the Price List API needs boto3: pip install 'aws-compute-advisor[aws]' "
            "(or build from offer files with --from-offer-file, which needs no boto3)"
        ) from None
    plan = queries(region, services)
    return within(
        limits.deadline_s,
        lambda cancelled: _fetch(region, plan, endpoint_url, limits, on_page, cancelled),
        f"the Price List API did not finish within {limits.deadline_s:g} s (--deadline); "
        "nothing was written",
    )


def queries(region: str, services: Iterable[str]) -> dict[str, tuple[str, list[dict[str, str]]]]:
    """The GetProducts queries for the services: name -> (service code, TERM_MATCH filters)."""
    plan: dict[str, tuple[str, list[dict[str, str]]]] = {}
    for service in services:
        code = SERVICE_CODES[service]
        filters = [{"Field": "regionCode", "Value": region}]
        if service == "ec2":
            filters += [{"Field": k, "Value": v} for k, v in EC2_FILTERS.items()]
            plan["ec2:ebs"] = (
                code,
                [
                    {"Field": "regionCode", "Value": region},
                    {"Field": "volumeApiName", "Value": "gp3"},
                ],
            )
        elif service == "nat":
            filters.append({"Field": "productFamily", "Value": "NAT Gateway"})
        elif service == "elb":
            filters.append({"Field": "productFamily", "Value": "Load Balancer-Application"})
        plan[service] = (code, filters)
    return plan


def within(seconds: float, work: Callable[[threading.Event], T], late: str) -> T:
    """`work` run in a worker thread, waited for at most `seconds`; after that AdvisorError(late),
    and the event tells the worker to stop at its next request. Ctrl-C stops the wait too."""
    cancelled = threading.Event()
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, work(cancelled)))
        except BaseException as exc:  # handed to the waiting thread, or dropped once it left
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="advisor-price-list", daemon=True)
    worker.start()
    try:
        worker.join(seconds)
    finally:
        if worker.is_alive():
            cancelled.set()
    if not outcome:
        raise AdvisorError(late)
    finished, value = outcome[0]
    if finished:
        return value  # type: ignore[no-any-return]
    raise value


def _fetch(
    region: str,
    plan: dict[str, tuple[str, list[dict[str, str]]]],
    endpoint_url: str | None,
    limits: Limits,
    on_page: PageProgress | None,
    cancelled: threading.Event,
) -> list[Offer]:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        NoCredentialsError,
        ProfileNotFound,
    )

    def stop_if_cancelled(**_: Any) -> None:
        if cancelled.is_set():
            raise _Cancelled

    offers: dict[str, Offer] = {}
    try:
        session = boto3.session.Session()  # a fresh credential chain each run, never a cached one
        client = session.client(
            "pricing",
            region_name=PRICING_ENDPOINT_REGION,
            endpoint_url=endpoint_url,
            config=Config(
                connect_timeout=min(limits.connect_timeout_s, limits.deadline_s),
                read_timeout=min(limits.read_timeout_s, limits.deadline_s),
                retries={"mode": "standard", "max_attempts": limits.max_attempts},
            ),
        )
        client.meta.events.register("before-send", stop_if_cancelled)
        for code, filters in plan.values():
            offer = offers.setdefault(code, Offer(code, "", None))
            _pages(client, code, filters, region, offer, cancelled, on_page)
    except ProfileNotFound as exc:
        profile = exc.kwargs.get("profile", "")
        raise AdvisorError(
            f"AWS profile {_text(str(profile))} is not in your AWS config (AWS_PROFILE); "
            "name a profile that is, or unset AWS_PROFILE to use the default credentials"
        ) from None
    except NoCredentialsError:
        raise AdvisorError(
            "no AWS credentials found. Provide them the usual way (AWS_PROFILE, or "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or `aws configure`/`aws sso login`); "
            "the caller needs pricing:GetProducts. Or build from AWS's public offer files, which "
            "need no credentials: advisor pricing update --region R --from-offer-file index.json"
        ) from None
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise AdvisorError(
            f"the Price List API refused: {_text(str(error.get('Code', 'error')), quote=False)}: "
            f"{_text(str(error.get('Message', '')), quote=False)}"
        ) from None
    except BotoCoreError as exc:
        raise AdvisorError(
            f"could not reach the Price List API: {_text(str(exc), quote=False)}"
        ) from None
    return list(offers.values())


def _pages(
    client: Any,
    code: str,
    filters: list[dict[str, str]],
    region: str,
    offer: Offer,
    cancelled: threading.Event,
    on_page: PageProgress | None,
) -> None:
    """Every page of one query into `offer`; a token the API gave before stops the run."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    tokens: dict[str, int] = {}
    token: str | None = None
    number = 0
    while True:
        number += 1
        if cancelled.is_set():
            raise _Cancelled
        where = Location(f"Price List API, GetProducts {code} page {number}")
        request: dict[str, Any] = {
            "ServiceCode": code,
            "Filters": [{"Type": "TERM_MATCH", **f} for f in filters],
            "FormatVersion": "aws_v1",
            "MaxResults": PAGE_SIZE,
        }
        if token is not None:
            request["NextToken"] = token
        try:
            page = client.get_products(**request)
        except (ClientError, BotoCoreError, _Cancelled):
            raise
        except (ResponseParserError, TypeError, AttributeError, ValueError) as exc:
            # botocore's parser fails this way on a body that is JSON of the wrong shape
            raise MalformedPrice(
                f"not a GetProducts answer ({_text(str(exc), quote=False)})", where
            ) from None
        if "PriceList" not in page:
            raise MalformedPrice("missing (not a GetProducts answer)", at(where, "PriceList"))
        entries = page["PriceList"]
        if not isinstance(entries, list):
            raise MalformedPrice("expected a list", at(where, "PriceList"))
        for index, text in enumerate(entries):
            item = _item(text, at(where, f"PriceList[{index}]"), offer)
            if item is not None and keeps(code, item.product, region):
                offer.items.append(item)
        if on_page is not None and not cancelled.is_set():
            on_page(code, number, len(offer.items))
        next_token = page.get("NextToken")
        if next_token is None:
            return
        if not isinstance(next_token, str) or not next_token:
            raise MalformedPrice("expected a non-empty string", at(where, "NextToken"))
        if next_token in tokens:
            raise MalformedPrice(
                f"{_text(next_token)} was already given with page {tokens[next_token]}; "
                "the API is repeating itself, so the update stops here",
                at(where, "NextToken"),
            )
        tokens[next_token] = number
        token = next_token


def _item(text: object, where: Location, offer: Offer) -> Item | None:
    """One PriceList entry (a JSON string) checked; None when it has no on-demand price."""
    if not isinstance(text, str):
        raise MalformedPrice("expected a JSON string", where)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise MalformedPrice(f"not JSON ({_text(str(exc), quote=False)})", where) from None
    if not isinstance(data, dict):
        raise MalformedPrice("expected a JSON object", where)
    if "product" not in data:
        raise MalformedPrice("missing", at(where, "product"))
    product = replace(read_product(data["product"], at(where, "product")), where=where)
    if "terms" not in data:
        raise MalformedPrice("missing", at(where, "terms"))
    terms = data["terms"]
    if not isinstance(terms, dict):
        raise MalformedPrice("expected an object", at(where, "terms"))
    version = data.get("version", "")
    if not isinstance(version, str):
        raise MalformedPrice("expected a string", at(where, "version"))
    offer.version = offer.version or version
    if data.get("publicationDate") is not None:
        published = read_date(data["publicationDate"], at(where, "publicationDate"))
        offer.published = max(filter(None, (offer.published, published)))
    if "OnDemand" not in terms:
        return None
    dimensions, effective = read_on_demand(terms["OnDemand"], at(where, "terms.OnDemand"))
    return Item(product, dimensions, effective) if dimensions else None


def _text(text: str, limit: int = 120, quote: bool = True) -> str:
    """Text from the network in a one-line message: control characters escaped, cut short."""
    shown = repr(text[:limit])[1:-1]
    shown += "..." if len(text) > limit else ""
    return f"'{shown}'" if quote else shown
