"""Deciding: rules, the engine that walks them, break-even points, system reports."""
