"""Traffic shapes to demand per hour of a typical day or week, and the peaks within each hour.

A month is 730 hours. A profile of 24 (or 168) buckets stands for that month: each bucket carries
the hours it represents, its mean request rate and the highest rate within the hour. Little's law
(concurrency = arrival rate x duration) turns rates into work in flight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import NamedTuple

from advisor.models.workload import HOURS_PER_MONTH, SECONDS_PER_MONTH, Pattern, Traffic

BURSTY_PEAK_FACTOR = 10.0
"""Without `peak_rps`, a bursty workload's bursts run at this multiple of the mean rate."""

PEAK_HOUR_UTC = 14
"""A diurnal cycle peaks at 14:00 (the afternoon of the region's users)."""

MAX_BUSY_HOURS = 12
"""A business-hours day is busy for at most 12 hours."""
QUIET_SHARE = 0.1
"""A business-hours day leaves at least a tenth of its requests to the quiet hours when it can."""


class Bucket(NamedTuple):
    """One hour of the profile: how many hours of the month it stands for, and its rates (a
    named tuple: a month has 24 or 168, made for every workload and every scaled demand, and a
    frozen dataclass took three times as long to make)."""

    hours: float
    rps: float
    peak_rps: float


@dataclass(frozen=True, slots=True)
class Demand:
    """A month of traffic as hourly buckets, plus what bursts look like."""

    pattern: Pattern
    monthly_requests: float
    buckets: tuple[Bucket, ...]
    burst_duration_s: float
    bursts_per_hour: float

    @property
    def average_rps(self) -> float:
        """Mean request rate over the month."""
        return self.monthly_requests / SECONDS_PER_MONTH

    @property
    def peak_rps(self) -> float:
        """Highest rate within any hour."""
        return max([b.peak_rps for b in self.buckets])

    def merged(self) -> Demand:
        """The same month with identical hours merged: for sums that ignore the order of hours
        (capacity, cost), not for cold starts, which follow the daily ramps."""
        hours: dict[tuple[float, float], float] = {}
        for bucket_hours, rps, peak_rps in self.buckets:
            hours[rps, peak_rps] = hours.get((rps, peak_rps), 0.0) + bucket_hours
        if len(hours) == len(self.buckets):
            return self  # no two hours alike (a steady month has one)
        buckets = tuple(Bucket(h, r, p) for (r, p), h in hours.items())
        return Demand(
            self.pattern,
            self.monthly_requests,
            buckets,
            self.burst_duration_s,
            self.bursts_per_hour,
        )

    def scaled(self, factor: float) -> Demand:
        """The same shape with every rate multiplied by `factor`."""
        return replace(
            self,
            monthly_requests=self.monthly_requests * factor,
            buckets=tuple(
                Bucket(b.hours, b.rps * factor, b.peak_rps * factor) for b in self.buckets
            ),
        )


_DAILY_CYCLE = tuple(math.cos(2 * math.pi * (hour - PEAK_HOUR_UTC) / 24) for hour in range(24))
"""Each hour's place in the daily cycle, from -1 to 1 at the peak: the same for every diurnal
workload, which only scales it."""


def shape_weights(traffic: Traffic) -> list[float]:
    """Relative weight of each hour, normalised to a mean of 1."""
    if traffic.hourly_profile is not None:
        raw = list(traffic.hourly_profile)
    elif traffic.pattern is Pattern.DIURNAL:
        if traffic.peak_rps is not None:
            top = traffic.peak_rps / (traffic.requests_per_month / SECONDS_PER_MONTH)
            if top > 2.0:
                return business_hours(top)
            amplitude = max(top - 1.0, 0.0)
        else:
            ratio = traffic.peak_to_trough
            amplitude = (ratio - 1.0) / (ratio + 1.0)
        raw = [1.0 + amplitude * cycle for cycle in _DAILY_CYCLE]
    else:
        raw = [1.0]
    mean = sum(raw) / len(raw)
    return [w / mean for w in raw]


def business_hours(top: float) -> list[float]:
    """A day whose busiest hour is `top` times its mean, for a peak a cosine day cannot reach
    (past 2x the mean its quietest hours would go below zero): a plateau of `busy` hours at
    `top`, centred on PEAK_HOUR_UTC, and an even rate in the other hours that keeps the mean.

    `busy` is the most whole hours, at most MAX_BUSY_HOURS, that leave at least QUIET_SHARE of
    the day's requests to the quiet hours, and at least one: 3x the mean is 7 busy hours and
    quiet hours at 0.18x; 10x the mean, 2 busy hours and 0.18x; 24x (the models' limit), one
    hour holding every request of the day."""
    busy = max(1, min(MAX_BUSY_HOURS, math.floor(24 * (1 - QUIET_SHARE) / top + 1e-9)))
    quiet = max(0.0, (24 - busy * top) / (24 - busy))
    first = PEAK_HOUR_UTC - busy // 2
    return [top if 0 <= (hour - first) % 24 < busy else quiet for hour in range(24)]


def demand_from(traffic: Traffic) -> Demand:
    """Turn a workload's traffic section into hourly demand."""
    monthly = traffic.requests_per_month
    average = monthly / SECONDS_PER_MONTH
    weights = shape_weights(traffic)
    hours = HOURS_PER_MONTH / len(weights)
    top_weight = max(weights)
    rates = [average * w for w in weights]
    in_hour_peak = traffic.peak_rps
    if in_hour_peak is None and traffic.pattern is Pattern.BURSTY:
        in_hour_peak = BURSTY_PEAK_FACTOR * average * top_weight
    if traffic.pattern is Pattern.DIURNAL and traffic.hourly_profile is None:
        in_hour_peak = None  # the peak set the amplitude of the daily cycle
    buckets = []
    for weight, rate in zip(weights, rates, strict=True):
        peak = rate
        if in_hour_peak is not None:
            peak = max(rate, in_hour_peak * weight / top_weight)
        buckets.append(Bucket(hours, rate, peak))
    return Demand(
        pattern=traffic.pattern,
        monthly_requests=monthly,
        buckets=tuple(buckets),
        burst_duration_s=traffic.burst_duration_s,
        bursts_per_hour=traffic.bursts_per_day / 24,
    )
