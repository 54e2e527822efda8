"""`--output` and stdout on a hostile or failing machine: devices, pipes and links written through,
never replaced; a command's own inputs never overwritten; every write error one line and exit 2;
a full disk on stdout is an error even when Python's stdout is unbuffered."""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from advisor import output as output_module
from tests.conftest import SCENARIOS, run_cli
from tests.hostile import advisor, refused, snapshot

SCENARIO = str(SCENARIOS / "api-10m.yaml")


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = run_cli("recommend", SCENARIO, "--format", "json", "--output", str(fifo))
    reader.join(timeout=60)
    assert run.code == 0, run.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a pipe, not a regular file
    assert json.loads(received[0])["workload"]["name"] == "api-10m"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]  # no temporary file


def test_a_symbolic_link_stays_a_link_and_its_target_gets_the_text(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    run = run_cli("recommend", SCENARIO, "--format", "json", "--output", str(link))
    assert run.code == 0, run.stderr
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert json.loads(target.read_text())["workload"]["name"] == "api-10m"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a file replaced keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_dev_stdout_is_the_commands_own_stdout(tmp_path: Path) -> None:
    # `advisor ... --output /dev/stdout >> log` appends, as the shell's `>>` asks; replacing the
    # file /dev/stdout leads to, or writing it from its start, would lose what the log held
    log = tmp_path / "log.txt"
    log.write_text("earlier\n")
    with log.open("ab") as appending:
        run = advisor(
            "recommend",
            SCENARIO,
            "-f",
            "json",
            "--output",
            "/dev/stdout",
            stdout=appending.fileno(),
        )
    assert (run.code, run.stderr) == (0, "wrote /dev/stdout\n")
    text = log.read_text()
    assert text.startswith("earlier\n{")
    assert json.loads(text.removeprefix("earlier\n"))["workload"]["name"] == "api-10m"


@pytest.mark.parametrize("via_link", [False, True], ids=["same-name", "through-a-link"])
def test_the_commands_own_input_is_never_overwritten(tmp_path: Path, via_link: bool) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text((SCENARIOS / "api-10m.yaml").read_text())
    output = workload
    if via_link:
        output = tmp_path / "alias.yaml"
        output.symlink_to(workload)
    before = snapshot(tmp_path)
    run = advisor("recommend", str(workload), "--output", str(output))
    refused(run, f"--output {output}: is one of this command's input files")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["check", "diff"])
def test_the_gates_inputs_are_never_overwritten(tmp_path: Path, command: str) -> None:
    policy, saved = tmp_path / "policy.yaml", tmp_path / "base.json"
    policy.write_text("version: 1\n")
    saved.write_text(run_cli("recommend", SCENARIO, "--format", "json").stdout)
    before = snapshot(tmp_path)
    args = {
        "check": ["check", SCENARIO, "--policy", str(policy), "--baseline", str(saved)],
        "diff": ["diff", str(saved), str(saved)],
    }[command]
    for target in (policy, saved) if command == "check" else (saved,):
        refused(run_cli(*args, "--output", str(target)), f"--output {target}: is one of")
    assert snapshot(tmp_path) == before
    written = tmp_path / "out.txt"
    run = run_cli(*args, "--output", str(written))
    assert (run.code, run.stdout, run.stderr) == (0, "", f"wrote {written}\n")
    assert written.read_text() == run_cli(*args).stdout


def test_a_file_in_a_compared_folder_is_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.yaml").write_text((SCENARIOS / "api-10m.yaml").read_text())
    before = snapshot(tmp_path)
    run = run_cli("compare", str(folder), "--output", str(folder / "a.yaml"))
    refused(run, "is one of this command's input files")
    assert snapshot(tmp_path) == before


def test_a_pricing_file_and_a_saved_report_are_inputs(tmp_path: Path) -> None:
    pricing = tmp_path / "prices.yaml"
    pricing.write_text((SCENARIOS.parent / "pricing" / "aws" / "us-east-1.yaml").read_text())
    report = tmp_path / "report.json"
    report.write_text(run_cli("recommend", SCENARIO, "--format", "json").stdout)
    before = snapshot(tmp_path)
    run = run_cli("recommend", SCENARIO, "--pricing", str(pricing), "--output", str(pricing))
    refused(run, "input files")
    refused(run_cli("render", str(report), "--output", str(report)), "input files")
    assert snapshot(tmp_path) == before


def test_the_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("keep")
    run = advisor("recommend", SCENARIO, "--output", str(tmp_path / "afile" / "x.json"))
    refused(run, "cannot write: Not a directory")
    assert (tmp_path / "afile").read_text() == "keep"


def test_the_output_is_a_folder(tmp_path: Path) -> None:
    run = advisor("recommend", SCENARIO, "--output", str(tmp_path))
    refused(run, f"--output {tmp_path}: is a folder")


def test_a_long_name_fits_because_the_temporary_name_is_short(tmp_path: Path) -> None:
    # 250 bytes is within the 255-byte limit on a name; `.{name}.XXXX.tmp` was not
    output = tmp_path / ("a" * 245 + ".json")
    run = run_cli("recommend", SCENARIO, "--format", "json", "--output", str(output))
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [output.name]


def test_a_name_too_long_for_the_system(tmp_path: Path) -> None:
    run = advisor("recommend", SCENARIO, "--output", str(tmp_path / ("a" * 300)))
    refused(run, "cannot write: File name too long")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    run = advisor("recommend", SCENARIO, "--output", str(folder / "x.json"))
    refused(run, "cannot write: Permission denied")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "Permission denied"),  # a read-only folder, as a user other than root
        (errno.EMFILE, "Too many open files; raise the limit (ulimit -n)"),
        (errno.EROFS, "Read-only file system"),
    ],
)
def test_a_temporary_file_that_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output_module.tempfile, "mkstemp", fail)
    output = tmp_path / "x.json"
    refused(run_cli("recommend", SCENARIO, "--output", str(output)), f"--output {output}", words)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_the_previous_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "report.json"
    output.write_text("previous")
    written: list[int] = []

    def full(descriptor: int, data: bytes) -> None:
        written.append(descriptor)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output_module, "write_all", full)
    run = run_cli("recommend", SCENARIO, "--output", str(output))
    refused(run, "cannot write: No space left on device")
    assert written  # the temporary file was being written when the disk filled
    assert output.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_short_write_goes_on_where_it_stopped() -> None:
    read, write = os.pipe()
    data = b"x" * 200_000  # more than a pipe holds: os.write returns short counts
    received = bytearray()

    def drain() -> None:
        while chunk := os.read(read, 65536):
            received.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    output_module.write_all(write, data)
    os.close(write)
    reader.join(timeout=60)
    os.close(read)
    assert bytes(received) == data


needs_dev_full = pytest.mark.skipif(
    not (Path("/dev/full").exists() and stat.S_ISCHR(os.stat("/dev/full").st_mode)),
    reason="needs the /dev/full device",
)


@needs_dev_full
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_a_full_disk_on_stdout_is_an_error(unbuffered: str) -> None:
    # /dev/full is only opened for writing here, as a shell's `> /dev/full` does
    with open("/dev/full", "wb") as full:
        run = advisor(
            "compare",
            str(SCENARIOS),
            "--format",
            "json",
            env={"PYTHONUNBUFFERED": unbuffered},
            stdout=full.fileno(),
        )
    refused(run, "stdout: cannot write: No space left on device")


def test_an_unbuffered_stdout_whose_reader_leaves_stops_quietly_with_141(tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "advisor", "schema", "report"]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        error = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert (code, error) == (141, "")


@pytest.mark.parametrize("jobs", ["0", "-3", "100000"])
def test_jobs_out_of_range(jobs: str) -> None:
    refused(run_cli("compare", str(SCENARIOS), "--jobs", jobs), "--jobs must be between 1 and")


def test_too_few_file_descriptors_for_the_workers(tmp_path: Path) -> None:
    text = (SCENARIOS / "api-10m.yaml").read_text()
    for number in range(60):  # enough files for compare to start worker processes
        (tmp_path / f"w{number}.yaml").write_text(text.replace("name: api-10m", f"name: w{number}"))
    run = advisor("compare", str(tmp_path), "--jobs", "4", open_files=12)
    refused(run, "cannot start 4 worker processes", "use fewer --jobs")
