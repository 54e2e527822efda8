"""The CI gate: policies, baselines and diffs between two sets of reports."""
