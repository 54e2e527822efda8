"""Pydantic models at every boundary: inputs, pricing files and the report."""
