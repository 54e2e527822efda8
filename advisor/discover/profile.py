"""Hourly request counts to what a workload file says: requests a month (scaled from the
window to 730 hours), a 168-hour profile (Monday 00:00 UTC first) or a 24-hour one when the
window is shorter than a week, the pattern the hours show, and weighted means."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.models.workload import HOURS_PER_MONTH

STEADY_PEAK = 1.5
"""A busiest hour under 1.5x the mean hour is steady traffic."""
DIURNAL_SHARE = 0.6
"""Diurnal when the mean day explains at least this share of the hours' variance."""
SCHEDULED_ACTIVE = 0.25
"""With no front door, requests in at most a quarter of the hours are scheduled jobs."""


@dataclass(frozen=True)
class Shape:
    """The traffic a window of hourly counts shows."""

    total: float
    hours: int
    monthly_requests: float
    profile: list[float]
    pattern: str
    peak_hour: float
    active_share: float


def shape_of(
    counts: Sequence[float | None], start: dt.datetime, *, has_front_door: bool
) -> Shape | None:
    """The shape of hourly counts starting at `start` (UTC); None when nothing arrived."""
    hourly = [c or 0.0 for c in counts]
    total = sum(hourly)
    if not hourly or total <= 0:
        return None
    hours = len(hourly)
    mean = total / hours
    profile = weekly_profile(hourly, start) if hours >= 168 else daily_profile(hourly, start)
    active = sum(1 for c in hourly if c > 0) / hours
    peak = max(hourly)
    return Shape(
        total=total,
        hours=hours,
        monthly_requests=total * HOURS_PER_MONTH / hours,
        profile=profile,
        pattern=pattern_of(hourly, start, mean, active, has_front_door=has_front_door),
        peak_hour=peak,
        active_share=active,
    )


def _slot_means(hourly: Sequence[float], start: dt.datetime, slots: int) -> list[float]:
    sums = [0.0] * slots
    seen = [0] * slots
    for offset, count in enumerate(hourly):
        stamp = start + dt.timedelta(hours=offset)
        slot = (stamp.weekday() * 24 + stamp.hour) % slots if slots == 168 else stamp.hour
        sums[slot] += count
        seen[slot] += 1
    return [s / n if n else 0.0 for s, n in zip(sums, seen, strict=True)]


def weekly_profile(hourly: Sequence[float], start: dt.datetime) -> list[float]:
    """Mean requests in each hour of the week, Monday 00:00 UTC first."""
    return [round(v, 3) for v in _slot_means(hourly, start, 168)]


def daily_profile(hourly: Sequence[float], start: dt.datetime) -> list[float]:
    """Mean requests in each hour of the day, 00:00 UTC first."""
    return [round(v, 3) for v in _slot_means(hourly, start, 24)]


def pattern_of(
    hourly: Sequence[float],
    start: dt.datetime,
    mean: float,
    active: float,
    *,
    has_front_door: bool,
) -> str:
    """steady, diurnal, bursty or scheduled, from the hours: scheduled when nothing fronts it
    and it runs in few hours; steady when no hour reaches 1.5x the mean; diurnal when the
    mean day explains most of the variation; bursty otherwise."""
    if not has_front_door and active <= SCHEDULED_ACTIVE:
        return "scheduled"
    if max(hourly) < STEADY_PEAK * mean:
        return "steady"
    day = _slot_means(hourly, start, 24)
    total_var = sum((c - mean) ** 2 for c in hourly)
    residual = 0.0
    for offset, count in enumerate(hourly):
        hour = (start + dt.timedelta(hours=offset)).hour
        residual += (count - day[hour]) ** 2
    explained = 1 - residual / total_var if total_var else 1.0
    return "diurnal" if explained >= DIURNAL_SHARE else "bursty"


def weighted_mean(values: Sequence[float | None], weights: Sequence[float | None]) -> float | None:
    """The mean of hourly values weighted by the hour's requests (an hourly average duration
    weighted by that hour's invocations is the window's mean duration)."""
    num = 0.0
    den = 0.0
    for value, weight in zip(values, weights, strict=False):
        if value is None or not weight:
            continue
        num += value * weight
        den += weight
    if den == 0:
        present = [v for v in values if v is not None]
        return sum(present) / len(present) if present else None
    return num / den


def peak(values: Sequence[float | None] | None) -> float | None:
    """The highest value, or None when there is none."""
    present = [v for v in values or () if v is not None]
    return max(present) if present else None


def total(values: Sequence[float | None] | None) -> float | None:
    """The sum, or None when there is no value."""
    present = [v for v in values or () if v is not None]
    return sum(present) if present else None
