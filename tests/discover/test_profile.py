"""Hourly counts to monthly requests, a weekly profile and a pattern, worked by hand."""

from __future__ import annotations

import datetime as dt

from advisor.discover.profile import shape_of, weighted_mean

MONDAY = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)  # a Monday, 00:00 UTC


def test_monthly_requests_scale_the_window_to_730_hours() -> None:
    """336 hours of 10 requests: 3,360 in the window, 3,360 x 730 / 336 = 7,300 a month."""
    shape = shape_of([10.0] * 336, MONDAY, has_front_door=True)
    assert shape is not None
    assert shape.monthly_requests == 7_300
    assert shape.pattern == "steady"
    assert shape.profile == [10.0] * 168


def test_the_weekly_profile_starts_on_monday_at_midnight() -> None:
    """A window starting Wednesday 05:00 with one request in its first hour: that request is
    in slot 2 x 24 + 5 = 53 of the week; the week seen twice, so its mean there is 0.5."""
    start = MONDAY + dt.timedelta(days=2, hours=5)
    counts: list[float | None] = [None] * 336
    counts[0] = 1.0
    shape = shape_of(counts, start, has_front_door=True)
    assert shape is not None
    assert [i for i, v in enumerate(shape.profile) if v] == [53]
    assert shape.profile[53] == 0.5


def test_a_window_under_a_week_gives_a_daily_profile() -> None:
    counts = [float(h) for h in range(24)] * 3
    shape = shape_of(counts, MONDAY, has_front_door=True)
    assert shape is not None
    assert shape.profile == [float(h) for h in range(24)]


def test_the_pattern_follows_the_hours() -> None:
    day = [50.0] * 8 + [200.0] * 12 + [50.0] * 4
    diurnal = shape_of(day * 14, MONDAY, has_front_door=True)
    assert diurnal is not None and diurnal.pattern == "diurnal"
    # the same hours as diurnal, shuffled from day to day: the mean day explains little
    bursty_hours = [100.0] * 336
    for day_number in range(14):
        bursty_hours[day_number * 24 + (day_number * 7) % 24] = 2_000.0
    bursty = shape_of(bursty_hours, MONDAY, has_front_door=True)
    assert bursty is not None and bursty.pattern == "bursty"
    nightly = [1.0 if h % 24 == 2 else 0.0 for h in range(336)]
    job = shape_of(nightly, MONDAY, has_front_door=False)
    assert job is not None and job.pattern == "scheduled"
    # behind a front door, the same hours are requests, not job runs
    fronted = shape_of(nightly, MONDAY, has_front_door=True)
    assert fronted is not None and fronted.pattern != "scheduled"


def test_nothing_arrived_is_no_shape() -> None:
    assert shape_of([None] * 336, MONDAY, has_front_door=True) is None
    assert shape_of([0.0] * 336, MONDAY, has_front_door=True) is None


def test_the_mean_duration_is_weighted_by_requests() -> None:
    """(2,400 x 100 + 600 x 200) / 3,000 = 120 ms; hours without requests do not count."""
    assert weighted_mean([100.0, 200.0, 999.0], [2_400.0, 600.0, 0.0]) == 120
    assert weighted_mean([None, None], [1.0, 2.0]) is None
