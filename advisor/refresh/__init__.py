"""Rebuild pricing files from the AWS Price List: the Query API (boto3's `pricing` client) or the
public bulk offer files, read as a stream.

`items` checks every answer at the door, `price_list_api` and `offer_files` read the two sources
into offers of checked items, and `build` turns offers into a pricing file; the command writes it
to the user's data folder (`advisor.pricing.catalog.user_pricing_dir`) or `--output`.
"""

from __future__ import annotations

from advisor.refresh.build import (
    SERVICES,
    Offer,
    build_pricing_file,
    offer_url,
    to_yaml,
    usage_name,
)
from advisor.refresh.items import MalformedPrice
from advisor.refresh.offer_files import read_offer, read_offer_file
from advisor.refresh.price_list_api import Limits, fetch_offers

__all__ = [
    "SERVICES",
    "Limits",
    "MalformedPrice",
    "Offer",
    "build_pricing_file",
    "fetch_offers",
    "offer_url",
    "read_offer",
    "read_offer_file",
    "to_yaml",
    "usage_name",
]
