"""`advisor compare`: a folder of good files, a bad one and a system; the edge cases of folders."""

from __future__ import annotations

import csv
import gc
import io
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from advisor.compare import batch
from advisor.compare.batch import BATCH, PARALLEL_FROM, compare, usable_cores
from advisor.errors import AdvisorError
from tests.conftest import SCENARIOS

API = """\
version: 1
name: {name}
traffic: {{monthly_requests: {requests}}}
execution: {{duration_ms: 100, memory_mb: 512}}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "scenarios"
    (root / "team-a").mkdir(parents=True)
    (root / "team-b").mkdir()
    (root / "team-a" / "small.yaml").write_text(API.format(name="small", requests=100_000))
    (root / "team-a" / "big.yml").write_text(API.format(name="big", requests=100_000_000))
    (root / "team-b" / "broken.yaml").write_text(API.format(name="broken", requests=-5))
    (root / "team-b" / "notes.md").write_text("# not a workload, ignored\n")
    system = (SCENARIOS / "ecommerce-system.yaml").read_text()
    (root / "team-b" / "shop.yaml").write_text(system)
    return root


def test_mixed_folder_rows_summary_and_exit_code(cli, folder: Path):  # type: ignore[no-untyped-def]
    run = cli("compare", str(folder), "--format", "json")
    assert run.code == 2
    data = run.json()
    rows = {r["name"]: r for r in data["rows"]}
    assert sorted(rows) == [
        "big",
        "ecommerce-platform/analytics-pipeline",
        "ecommerce-platform/api",
        "ecommerce-platform/email-notifications",
        "ecommerce-platform/image-processing",
        "ecommerce-platform/search",
        "ecommerce-platform/web-app",
        "small",
    ]
    # each row agrees with `advisor recommend` on the same file
    small = cli("recommend", str(folder / "team-a" / "small.yaml"), "--format", "json").json()
    assert rows["small"]["platform"] == small["recommendation"]["platform"] == "lambda"
    assert rows["small"]["monthly_cost"] == small["recommendation"]["monthly_cost"]
    # $0.2033 of requests, duration and HTTP API, and $0.0404 of logs (100k x 0.8 KB)
    assert rows["small"]["costs"]["lambda"] == "0.24"
    assert rows["small"]["break_even"].startswith("EC2 cheaper than Lambda above ")
    assert rows["big"]["platform"] in {"fargate", "ec2"}
    assert rows["ecommerce-platform/search"]["costs"]["lambda"] is None  # ruled out
    assert rows["ecommerce-platform/search"]["top_rule"] in {"ADV201", "ADV301"}
    for row in data["rows"]:
        assert row["top_reason"]
    (failure,) = data["failures"]
    assert failure["source"].endswith("broken.yaml")
    assert ":3:29: traffic.monthly_requests: Input should be greater than 0" in failure["error"]
    assert failure["error"] in run.stderr
    summary = data["summary"]
    assert summary["workloads"] == 8
    assert summary["failed"] == 1
    assert sum(summary["per_platform"].values()) == 8
    # the rows are priced alone; the total bills big's and small's logs and data sent out in
    # one account (the system's services pool theirs inside the system already)
    total = sum(float(r["monthly_cost"]) for r in data["rows"])
    assert float(summary["total_priced_alone"]) == pytest.approx(total)
    assert float(summary["total_recommended"]) >= total
    assert summary["total_if_all_on"]["lambda"] is None  # search cannot run on Lambda
    savings = [float(s["saving"]) for s in summary["biggest_savings"]]
    assert savings == sorted(savings, reverse=True)


def test_sort_and_platform_filter(cli, folder: Path):  # type: ignore[no-untyped-def]
    data = cli(
        "compare", str(folder), "-f", "json", "--sort", "cost", "--platform", "lambda"
    ).json()
    costs = [float(r["monthly_cost"]) for r in data["rows"]]
    assert costs == sorted(costs, reverse=True)
    assert {r["platform"] for r in data["rows"]} == {"lambda"}
    assert data["summary"]["workloads"] == 8  # the summary covers the whole batch


def test_bad_sort_key_exits_2(cli, folder: Path):  # type: ignore[no-untyped-def]
    run = cli("compare", str(folder), "--sort", "colour")
    assert run.code == 2
    assert "--sort must be one of name, platform, cost, saving" in run.stderr


def test_csv_and_markdown(cli, folder: Path):  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(cli("compare", str(folder), "-f", "csv").stdout)))
    assert len(rows) == 8
    assert rows[0]["name"] == "big"
    assert rows[-1]["lambda"] == "0.24"
    markdown = cli("compare", str(folder), "-f", "markdown").stdout
    assert markdown.startswith("## Comparison\n")
    assert "| small | Lambda | $0.24 |" in markdown
    assert "**Failed:**" in markdown


def test_duplicate_names_are_failures(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").write_text(API.format(name="same", requests=1000))
    (tmp_path / "b.yaml").write_text(API.format(name="same", requests=2000))
    run = cli("compare", str(tmp_path), "-f", "json")
    assert run.code == 2
    data = run.json()
    assert [r["source"] for r in data["rows"]] == [str(tmp_path / "a.yaml")]
    assert "'same' is already used by" in data["failures"][0]["error"]


def test_not_yaml_is_a_failure_not_a_crash(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "w.yaml").write_text(API.format(name="w", requests=1000))
    (tmp_path / "junk.yaml").write_bytes(b"\x00\xff\xfe binary: [")
    (tmp_path / "list.yaml").write_text("- just\n- a list\n")  # YAML, but not ours: skipped
    run = cli("compare", str(tmp_path), "-f", "json")
    assert run.code == 2
    data = run.json()
    assert [r["name"] for r in data["rows"]] == ["w"]
    assert [f["source"] for f in data["failures"]] == [str(tmp_path / "junk.yaml")]
    assert f"{tmp_path / 'list.yaml'}: skipped, not a workload or system file" in run.stderr
    assert "Traceback" not in run.stderr


def test_processes_give_the_same_rows_as_one_process(tmp_path: Path) -> None:
    for index in range(PARALLEL_FROM + 2):
        (tmp_path / f"w{index:03d}.yaml").write_text(
            API.format(name=f"w{index:03d}", requests=10 ** (3 + index % 6))
        )
    serial, _ = compare([tmp_path], workers=1)
    parallel, _ = compare([tmp_path], workers=2)
    assert parallel == serial
    assert len(parallel.rows) == PARALLEL_FROM + 2


def test_comparing_leaves_the_callers_garbage_collection_as_it_was(tmp_path: Path) -> None:
    # a library caller's collector is its own: only the command line tunes it. (Objects frozen
    # before may die meanwhile, so the frozen count may fall; a freeze would raise it by
    # thousands.)
    _many(tmp_path, PARALLEL_FROM)
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    seen: list[tuple[tuple[int, ...], bool, bool]] = []

    def look(*_: object) -> None:
        seen.append((gc.get_threshold(), gc.isenabled(), gc.get_freeze_count() <= frozen))

    compare([tmp_path], workers=1, on_progress=look)
    compare([tmp_path], workers=2, on_progress=look)
    assert set(seen) == {(threshold, True, True)}


def test_progress_is_reported_after_each_batch(tmp_path: Path) -> None:
    count = 2 * BATCH + 3
    for index in range(count):
        (tmp_path / f"w{index:03d}.yaml").write_text(API.format(name=f"w{index}", requests=1000))
    seen: list[tuple[int, int]] = []
    compare([tmp_path], workers=1, on_progress=lambda done, total: seen.append((done, total)))
    assert seen == [(BATCH, count), (2 * BATCH, count), (count, count)]


def test_failures_are_listed_once_on_a_terminal(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "w.yaml").write_text(API.format(name="w", requests=1000))
    (tmp_path / "bad.yaml").write_text(API.format(name="bad", requests=-1))
    piped = cli("compare", str(tmp_path))
    assert "bad.yaml" in piped.stderr and "failed: " in piped.stdout  # CI logs keep both
    monkeypatch.setattr("advisor.cli.compare.stdout_is_terminal", lambda: True)
    shown = cli("compare", str(tmp_path))
    assert shown.code == 2
    assert "bad.yaml" not in shown.stderr
    assert shown.stdout.count("bad.yaml") == 1


@pytest.mark.parametrize(
    ("quota", "cap"), [("200000 100000\n", 2), ("150000 100000\n", 2), ("50000 100000\n", 1)]
)
def test_workers_follow_a_containers_cpu_quota(tmp_path: Path, quota: str, cap: int) -> None:
    cpu_max = tmp_path / "cpu.max"
    cpu_max.write_text(quota)
    assert usable_cores(cpu_max) == min(cap, usable_cores(tmp_path / "none"))


def test_no_quota_means_every_core_the_process_may_use(tmp_path: Path) -> None:
    cpu_max = tmp_path / "cpu.max"
    cpu_max.write_text("max 100000\n")
    assert usable_cores(cpu_max) == usable_cores(tmp_path / "none") >= 1


def _many(folder: Path, count: int) -> None:
    for index in range(count):
        (folder / f"w{index:03d}.yaml").write_text(
            API.format(name=f"w{index:03d}", requests=10 ** (3 + index % 6))
        )


def test_workers_started_afresh_give_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # where processes cannot be forked (Windows), each worker is a new interpreter that gets
    # its work pickled
    from advisor.compare import pool

    _many(tmp_path, PARALLEL_FROM)
    in_one, _ = compare([tmp_path], workers=1)
    monkeypatch.setattr(pool, "START_METHOD", "spawn")
    spawned, _ = compare([tmp_path], workers=2)
    assert spawned == in_one and len(spawned.rows) == PARALLEL_FROM


def test_an_interrupt_stops_the_worker_processes(tmp_path: Path) -> None:
    import multiprocessing

    _many(tmp_path, PARALLEL_FROM * 2)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        compare([tmp_path], workers=2, on_progress=interrupt)
    assert multiprocessing.active_children() == []


def test_an_interrupted_compare_exits_130_with_one_line(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "w.yaml").write_text(API.format(name="w", requests=1000))

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("advisor.compare.batch.compare", interrupted)
    run = cli("compare", str(tmp_path), "--output", str(tmp_path / "out.json"), "-f", "json")
    assert run.code == 130
    assert run.stderr == "interrupted; nothing was written\n"
    assert not (tmp_path / "out.json").exists()


def test_a_bad_pricing_file_is_one_error_not_one_per_workload(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    _many(tmp_path, 3)
    run = cli("compare", str(tmp_path), "--pricing", str(tmp_path / "nowhere.yaml"))
    assert run.code == 2
    assert run.stderr.strip().splitlines() == [
        f"{tmp_path / 'nowhere.yaml'}: bad pricing file: file not found"
    ]
    assert run.stdout == ""


def test_a_bug_on_one_file_does_not_stop_the_batch(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    _many(tmp_path, 3)
    real = batch.decide

    def flaky(case, *args, **kwargs):  # type: ignore[no-untyped-def]
        if case.workload.name == "w001":
            raise ZeroDivisionError("division by zero")
        return real(case, *args, **kwargs)

    monkeypatch.setattr(batch, "decide", flaky)
    run = cli("compare", str(tmp_path), "-f", "json", "--jobs", "1")
    assert run.code == 2
    assert [r["name"] for r in run.json()["rows"]] == ["w000", "w002"]
    assert "w001.yaml: could not be compared (ZeroDivisionError" in run.stderr


@pytest.mark.parametrize(
    ("stage", "names"),
    [
        ("size_containers", lambda cases: [workload.name for workload, _, _ in cases]),
        ("find_break_evens", lambda verdicts: [verdict.workload.name for verdict in verdicts]),
    ],
)
def test_a_bug_in_work_done_for_a_whole_batch_is_found_file_by_file(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage, names
):
    _many(tmp_path, 3)
    real = getattr(batch, stage)

    def flaky(many):  # type: ignore[no-untyped-def]
        if "w001" in names(many):
            raise FloatingPointError("overflow")
        return real(many)

    monkeypatch.setattr(batch, stage, flaky)
    run = cli("compare", str(tmp_path), "-f", "json", "--jobs", "1")
    assert run.code == 2
    assert [r["name"] for r in run.json()["rows"]] == ["w000", "w002"]
    assert "w001.yaml: could not be compared (FloatingPointError: overflow)" in run.stderr


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers inherit the patch"
)
def test_a_worker_killed_mid_batch_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(tmp_path, PARALLEL_FROM * 2)
    real = batch.load_document

    def killed_on_one_file(path: Path) -> object:
        if path.name == "w050.yaml":
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return real(path)

    monkeypatch.setattr(batch, "load_document", killed_on_one_file)
    with pytest.raises(AdvisorError, match="a worker process died"):
        compare([tmp_path], workers=2)
    assert multiprocessing.active_children() == []


def test_progress_comes_in_the_files_order_from_the_workers(tmp_path: Path) -> None:
    count = PARALLEL_FROM * 2
    _many(tmp_path, count)
    seen: list[tuple[int, int]] = []
    compare([tmp_path], workers=2, on_progress=lambda done, total: seen.append((done, total)))
    chunk = count // (2 * 8)  # ranges of the files, eight for each worker
    assert seen == [(min(done, count), count) for done in range(chunk, count + chunk, chunk)]
