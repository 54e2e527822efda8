"""Bad input ends in one located line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import re

import pytest

GOOD = """\
version: 1
name: api
traffic:
  monthly_requests: 1000
execution:
  duration_ms: 100
  memory_mb: 512
"""

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)\n$")


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        pytest.param(
            "version: 1\nname: x\ntraffic: {monthly_requests: [1, 2\n",
            4,
            1,
            "not valid YAML: did not find expected ',' or ']'",
            id="malformed-yaml",
        ),
        pytest.param(
            GOOD.replace("memory_mb: 512", "memory_mb: lots"),
            7,
            14,
            "execution.memory_mb: should be a whole number, not text (got 'lots')",
            id="wrong-type",
        ),
        pytest.param(
            GOOD.replace("duration_ms: 100", "duration_ms: -5"),
            6,
            16,
            "execution.duration_ms: Input should be greater than 0 (got -5)",
            id="negative",
        ),
        pytest.param(
            GOOD.replace("monthly_requests: 1000", "monthly_requests: 0"),
            4,
            21,
            "traffic.monthly_requests: Input should be greater than 0 (got 0)",
            id="zero",
        ),
        pytest.param(
            GOOD.replace("monthly_requests: 1000", "monthly_requests: .inf"),
            4,
            21,
            "traffic.monthly_requests: Input should be a finite number (got inf)",
            id="infinite",
        ),
        pytest.param(
            GOOD.replace("monthly_requests: 1000", "monthly_requests: 1.0e+300"),
            4,
            21,
            "traffic.monthly_requests: Input should be less than or equal to 1000000000000000",
            id="beyond-any-workload",
        ),
        pytest.param(
            GOOD.replace("memory_mb: 512", "memroy_mb: 512"),
            7,
            3,
            "execution.memroy_mb: unknown key; did you mean 'memory_mb'?",
            id="unknown-key",
        ),
        pytest.param(
            GOOD.replace("name: api", "name: api\nregion: us-eats-1"),
            3,
            9,
            "region: no pricing file for region 'us-eats-1'; did you mean 'us-east-1'? known: "
            "ap-northeast-1, ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2, "
            "ca-central-1, eu-central-1, eu-north-1, eu-west-1, eu-west-2, sa-east-1, us-east-1, "
            "us-east-2, us-west-1, us-west-2",
            id="unknown-region",
        ),
        pytest.param(
            GOOD.replace("  monthly_requests: 1000", "  monthly_requests: 1000\n  average_rps: 2"),
            4,
            3,
            "traffic: give exactly one of monthly_requests or average_rps",
            id="both-volumes",
        ),
        pytest.param(
            GOOD.replace("  memory_mb: 512", "  memory_mb: 512\n  duration_ms: 300"),
            8,
            3,
            "not valid YAML: key 'duration_ms' is given twice (first on line 6)",
            id="duplicate-key",
        ),
        pytest.param(
            GOOD.replace("execution:", "traffic:\n  pattern: steady\nexecution:"),
            5,
            1,
            "not valid YAML: key 'traffic' is given twice (first on line 3)",
            id="duplicate-top-level-key",
        ),
        pytest.param(
            GOOD.replace("monthly_requests: 1000", "monthly_requests: 1:30"),
            4,
            21,
            "traffic.monthly_requests: should be a number, not text (got '1:30')",
            id="sexagesimal-is-not-a-number",
        ),
        pytest.param(
            GOOD + "---\nname: other\n",
            9,
            1,
            "not valid YAML: holds 2 documents; a file is one document",
            id="two-documents",
        ),
        pytest.param(
            GOOD.replace("name: api", "name: a\x00pi"),
            2,
            8,
            "not valid YAML: character U+0000 is not allowed",
            id="nul-character",
        ),
        pytest.param(
            GOOD + "tags: " + "- " * 30_000 + "x\n",
            8,
            1,
            "not valid YAML: collections are nested more than 1000 levels deep",
            id="nested-too-deep",
        ),
        pytest.param(
            GOOD.replace("version: 1", "version: 2"),
            1,
            10,
            "version: Input should be 1 (got 2)",
            id="wrong-version",
        ),
        pytest.param(
            GOOD.replace("memory_mb: 512", "memory_mb: 512\n  runtime: pyhton3.12"),
            8,
            12,
            "execution.runtime: unknown runtime 'pyhton3.12'; did you mean 'python3.12'? or set "
            "execution.init_ms",
            id="unknown-runtime",
        ),
        pytest.param(
            GOOD.replace("duration_ms: 100", "duration_ms: 100\n  duration_p99_ms: 80"),
            7,
            20,
            "execution.duration_p99_ms: is below execution.duration_ms (100): a p99 under the "
            "mean is almost always a typo",
            id="p99-below-mean",
        ),
        pytest.param(
            GOOD.replace(
                "monthly_requests: 1000",
                "monthly_requests: 2628000\n  pattern: diurnal\n  peak_rps: 30",
            ),
            6,
            13,
            "traffic.peak_rps: is 30x the mean of 1 req/s (requests a month / 730 h / 3,600 s); "
            "a daily cycle can peak at most 24x its mean",
            id="diurnal-peak-beyond-any-day",
        ),
    ],
)
def test_bad_input_is_one_located_line(cli, write, text, line, col, message):  # type: ignore[no-untyped-def]
    path = write(text)
    run = cli("recommend", str(path))
    assert run.code == 2
    assert run.stdout == ""
    match = LINE.match(run.stderr)
    assert match, run.stderr
    assert match["path"] == str(path)
    assert (int(match["line"]), int(match["col"])) == (line, col)
    assert match["rest"].startswith(message)
    assert "Traceback" not in run.stderr


def test_missing_file(cli, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "nope.yaml"
    run = cli("recommend", str(path))
    assert (run.code, run.stdout, run.stderr) == (2, "", f"{path}: file not found\n")


def test_a_list_is_not_a_workload(cli, write):  # type: ignore[no-untyped-def]
    path = write("- 1\n- 2\n")
    run = cli("recommend", str(path))
    assert run.code == 2
    assert run.stderr == f"{path}:1:1: should be a mapping of keys to values (a workload file)\n"


def test_bad_flag_exits_2(cli, write):  # type: ignore[no-untyped-def]
    run = cli("recommend", str(write(GOOD)), "--format", "xml")
    assert run.code == 2
    assert run.stdout == ""


def test_windows_line_endings_read_and_locate_as_unix_ones(cli, tmp_path):  # type: ignore[no-untyped-def]
    unix, windows = tmp_path / "unix.yaml", tmp_path / "windows.yaml"
    unix.write_bytes(GOOD.encode())
    windows.write_bytes(GOOD.replace("\n", "\r\n").encode())
    same = [cli("recommend", str(path), "-f", "json").json() for path in (unix, windows)]
    assert same[0]["options"] == same[1]["options"]
    windows.write_bytes(GOOD.replace("512", "lots").replace("\n", "\r\n").encode())
    run = cli("recommend", str(windows))
    assert run.code == 2
    assert run.stderr.startswith(f"{windows}:7:14: execution.memory_mb: should be a whole")


def test_a_folder_given_as_a_workload_file(cli, tmp_path):  # type: ignore[no-untyped-def]
    run = cli("recommend", str(tmp_path))
    assert (run.code, run.stderr) == (2, f"{tmp_path}: is a folder, not a file\n")


def test_a_file_longer_than_one_read_is_read_whole(tmp_path):  # type: ignore[no-untyped-def]
    from advisor.input.loading import READ_SIZE, read_bytes, read_yaml

    padding = "# " + "x" * 78 + "\n"
    text = GOOD + padding * (3 * READ_SIZE // len(padding)) + "description: the end\n"
    path = tmp_path / "long.yaml"
    path.write_text(text)
    assert read_bytes(path) == text.encode()
    assert read_yaml(path)["description"] == "the end"


def test_a_byte_order_mark_is_not_part_of_the_first_key(cli, tmp_path):  # type: ignore[no-untyped-def]
    plain, marked = tmp_path / "plain.yaml", tmp_path / "marked.yaml"
    plain.write_bytes(GOOD.encode())
    marked.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    same = [cli("recommend", str(path), "-f", "json").json() for path in (plain, marked)]
    assert same[0]["options"] == same[1]["options"]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("yes", "yes"),  # YAML 1.1 read these as booleans; 1.2 (and advisor) as words
        ("on", "on"),
        ("No", "No"),
        ("true", True),
        ("1:30", "1:30"),  # 1.1: 90 (base 60)
        ("010", 10),  # 1.1: 8 (octal)
        ("0o10", 8),
        ("0x1F", 31),
        ("1e3", 1000.0),  # 1.1: the string '1e3'
        ("2026-09-06", "2026-09-06"),  # a date only where a field asks for one
        ("~", None),
        (".inf", float("inf")),
        ("'007'", "007"),
    ],
)
def test_values_are_read_by_yaml_1_2_rules(scalar: str, value: object) -> None:
    from advisor.input.loading import parse_yaml

    read = parse_yaml(f"key: {scalar}\n")["key"]
    assert (read, type(read)) == (value, type(value))


def test_a_key_given_twice_is_found_where_it_is_given_again() -> None:
    from advisor.input.loading import YamlError, parse_yaml

    text = "a: 1\nb:\n  - {c: 1, d: 2}\n  - {c: 1, c: 2}\nb: 3\n"
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.column) == (4, 12)
    assert caught.value.problem == "key 'c' is given twice (first on line 4)"
