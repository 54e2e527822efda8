"""One cost model per platform, plus the pieces around them; each returns line items."""
