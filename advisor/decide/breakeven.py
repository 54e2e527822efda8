"""The break-even search: at what traffic, up and down from today's, the cheapest option
changes. One pass prices every workload of a batch on a grid of traffic multiples through the
cost curves; a second pass prices the inside of each step where the cheapest changed, to narrow
the change to a bracket at most 0.5 % wide."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from advisor.models.report import BreakEvenPoint
from advisor.money import cents, dec
from advisor.pricing.curves import CostCurves, CurveBatch
from advisor.pricing.options import KEYS

STEPS_PER_DECADE = 8
BREAK_EVEN_GRID = np.logspace(-3, 3, 6 * STEPS_PER_DECADE + 1)
"""Where the search looks for a change of cheapest option: eight steps a decade, 0.001x to 1000x."""
TODAY = 3 * STEPS_PER_DECADE
"""The grid's 1x."""
BREAK_EVEN_PRECISION = 1.005
"""How narrow the bracket around a break-even is: its ends at most 0.5 % apart."""
_STEP = 10 ** (1 / STEPS_PER_DECADE)
_INNER = math.ceil(math.log(_STEP) / math.log(BREAK_EVEN_PRECISION)) - 1
INNER_STEPS = _STEP ** (np.arange(1, _INNER + 1) / (_INNER + 1))
"""Multiples of a grid point that split one step into pieces of at most BREAK_EVEN_PRECISION."""


Figures = npt.NDArray[Any]
"""Costs, option numbers or multiples of traffic, per workload (and step, and point)."""


class Sample(NamedTuple):
    """The cheapest option, and its cost, at one multiple of today's traffic."""

    scale: float
    cheapest: str
    cost: float


def break_even_points(
    curves: CostCurves, monthly_requests: float, labels: dict[str, str]
) -> list[BreakEvenPoint]:
    """The nearest traffic, below and above today's, at which the cheapest option changes."""
    return break_evens(curves.batch, [monthly_requests], [labels])[0]


def break_evens(
    batch: CurveBatch, monthly_requests: list[float], labels: list[dict[str, str]]
) -> list[list[BreakEvenPoint]]:
    """For each workload of the batch, the nearest traffic, below and above today's, at which
    its cheapest option changes.

    One pass prices the grid for every workload; from 1x, the first grid step in each direction
    whose far end has another cheapest option brackets a change; a second pass prices the
    inside of those steps, and the first change along each gives the bracket."""
    grid = BREAK_EVEN_GRID
    table = batch.costs(grid)
    names = table.argmin(axis=1)  # ties go to the simpler option: KEYS are simplest first
    costs = np.take_along_axis(table, names[:, None, :], axis=1)[:, 0, :]
    today = names[:, TODAY]
    differs = names != today[:, None]
    index = np.arange(len(grid))
    lower = np.where(differs[:, :TODAY], index[:TODAY], -1).max(axis=1)
    higher = np.where(differs[:, TODAY + 1 :], index[TODAY + 1 :], len(grid)).min(axis=1)
    # every step to search, in order: (its workload, direction, near end, far end)
    steps: list[tuple[int, Literal["lower", "higher"], int, int]] = []
    for owner in range(batch.count):
        if sum(batch.offers[owner]) >= 2:
            if lower[owner] >= 0:
                steps.append((owner, "lower", int(lower[owner]) + 1, int(lower[owner])))
            if higher[owner] < len(grid):
                steps.append((owner, "higher", int(higher[owner]) - 1, int(higher[owner])))
    points: list[list[BreakEvenPoint]] = [[] for _ in range(batch.count)]
    if not steps:
        return points
    # the second pass: the inside of each step, a row each (a workload with two, two rows)
    rows = np.array([owner for owner, _, _, _ in steps])
    ends = np.array([(near, far) for _, _, near, far in steps], dtype=np.intp)
    # each step goes one grid point up or down: the inner multiples or their reciprocals (not
    # numpy's power with an exponent of +-1, which rounds the last bit by the array's shape)
    upward = ends[:, 1:] > ends[:, :1]
    inside = grid[ends[:, :1]] * np.where(upward, INNER_STEPS, 1 / INNER_STEPS)
    inner_table = batch.costs(inside, rows)
    inner_names = inner_table.argmin(axis=1)
    inner_costs = np.take_along_axis(inner_table, inner_names[:, None, :], axis=1)[:, 0, :]

    def along(at_grid: Figures, inner_values: Figures) -> Figures:
        """A figure at each point along each step: its near end, the inside, its far end."""
        near, far = at_grid[rows, ends[:, 0]], at_grid[rows, ends[:, 1]]
        return np.concatenate([near[:, None], inner_values, far[:, None]], axis=1)

    scales = along(np.broadcast_to(grid, names.shape), inside)
    cheapest = along(names, inner_names)
    prices = along(costs, inner_costs)
    # the first point along each step (after its near end) whose cheapest is not today's; the
    # far end's is not, so there is one
    change = (cheapest[:, 1:] != today[rows][:, None]).argmax(axis=1) + 1

    def samples(point: Figures) -> list[Sample]:
        """The sample at `point` along each step."""
        figures = [
            np.take_along_axis(values, point[:, None], axis=1)[:, 0].tolist()
            for values in (scales, cheapest, prices)
        ]
        return [Sample(scale, KEYS[key], cost) for scale, key, cost in zip(*figures, strict=True)]

    near_sides, far_sides = samples(change - 1), samples(change)
    for (owner, direction, _, _), near_side, far_side in zip(
        steps, near_sides, far_sides, strict=True
    ):
        low, high = (far_side, near_side) if direction == "lower" else (near_side, far_side)
        point = math.sqrt(low.scale * high.scale)
        points[owner].append(
            BreakEvenPoint(
                direction=direction,
                monthly_requests=Decimal(round(monthly_requests[owner] * point)),
                scale=Decimal(f"{point:.6g}"),
                scale_low=dec(low.scale),
                scale_high=dec(high.scale),
                monthly_cost=cents(dec(high.cost)),
                below=labels[owner][low.cheapest],
                above=labels[owner][high.cheapest],
            )
        )
    return points
