"""Comparing folders of workloads: in parallel, row by row, with account totals."""
