"""Pricing: the catalog, tiered charges, traffic and capacity, one module per platform
and per front door; each charge declared once and priced exactly or as curves."""
