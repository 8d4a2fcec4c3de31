"""The benchmark command (bench/run.py) in quick mode: one row per benchmark, numeric figures,
anchors beside them, --only merging, and the plain-Keras references matching the factories.

Properties only: no figure is compared with a value, and nothing is timed.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import notebooks, report
from bench.anchors import ANCHORS
from bench.common import MET_WORDS, Result

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def run_bench(*args):
    """Run `python bench/run.py ARGS` from the repository root; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "bench/run.py", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )


def summary(markdown):
    """Summary-table rows of BENCHMARKS.md as dicts keyed by the header cells."""
    block = markdown.split("## Summary", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in block.splitlines() if line.startswith("|")]

    def cells(line):
        return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]

    header = cells(lines[0])
    return [dict(zip(header, cells(line))) for line in lines[2:]]


def fake_runner_output(folder, quick, rows, solutions=()):
    """A timings.json (and index.html) written by the course runner's own writer."""
    from tools.course_site import Page, write_site

    def page(name, status, secs, kind):
        return Page(Path(f"{name}.ipynb"), kind, name, status, secs)

    pages = [page(*row, "notebook") for row in rows]
    pages += [page(*row, "solutions") for row in solutions]
    folder.mkdir(parents=True)
    write_site(folder, pages, quick)
    return folder / "timings.json"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """One quick run of every benchmark into a temporary file (the slow part of this module)."""
    tmp = tmp_path_factory.mktemp("bench")
    quick = fake_runner_output(tmp / "q", True, [("02_dense_ae", "ok", 12.5)])
    full = fake_runner_output(tmp / "f", False, [("02_dense_ae", "ok", 58.1)])
    out = tmp / "BENCHMARKS.md"
    proc = run_bench("--quick", "--out", out, "--notebook-timings", quick, full)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out, out.read_text(encoding="utf-8")


def test_quick_run_has_one_row_per_benchmark_in_the_issue_order(quick_run):
    _, md = quick_run
    rows = summary(md)
    names = [re.search(r"`(\w+)`", row["benchmark"]).group(1) for row in rows]
    assert names == list(ANCHORS)
    assert [int(row["#"]) for row in rows] == list(range(1, len(ANCHORS) + 1))


def test_every_row_has_a_numeric_figure_an_anchor_a_source_and_a_verdict(quick_run):
    _, md = quick_run
    for row in summary(md):
        name = re.search(r"`(\w+)`", row["benchmark"]).group(1)
        numbers = [float(n) for n in NUMBER.findall(row["aekeras"])]
        assert numbers, f"{name}: no number in {row['aekeras']!r}"
        assert not row["aekeras"].startswith("FAILED"), f"{name} crashed: {row['comment']}"
        assert row["anchor"] == ANCHORS[name].figure
        assert ANCHORS[name].source in row["source"] and ANCHORS[name].status in row["source"]
        assert row["target met"] in MET_WORDS
        assert NUMBER.search(row["budget (epochs, samples, s)"]), name


def test_header_states_command_machine_date_and_mode(quick_run):
    out, md = quick_run
    assert f"- Command: `python bench/run.py --quick --out {out}" in md
    assert "- Mode: quick" in md
    assert re.search(r"- Date: \d{4}-\d\d-\d\dT\d\d:\d\d", md)
    machine = re.search(r"- Machine: (.*)", md).group(1)
    assert "CPU" in machine and "logical" in machine and "GPU:" in machine
    assert re.search(r"TensorFlow \d+\.\d+.*Keras \d+\.\d+", md)


def test_notebook_row_reads_the_course_runner_output(quick_run):
    _, md = quick_run
    row = next(r for r in summary(md) if "`speed_notebooks`" in r["benchmark"])
    assert "1 quick (max 12 s) / 1 full (max 58 s)" in row["aekeras"]
    details = md.split("(`speed_notebooks`)")[-1]
    assert re.search(r"\| 02_dense_ae \| 12\.5 \| 58\.1 \|", details)


def test_only_reruns_some_rows_and_keeps_the_others(quick_run, tmp_path):
    out, md = quick_run
    copy = tmp_path / "B.md"
    copy.write_text(md, encoding="utf-8")
    proc = run_bench(
        "--quick",
        "--only",
        "speed_notebooks",
        "--out",
        copy,
        "--notebook-timings",
        tmp_path / "none",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    merged = copy.read_text(encoding="utf-8")
    rows = {re.search(r"`(\w+)`", r["benchmark"]).group(1): r for r in summary(merged)}
    assert list(rows) == list(ANCHORS)
    old = {re.search(r"`(\w+)`", r["benchmark"]).group(1): r for r in summary(md)}
    assert rows["vae"] == old["vae"]
    assert rows["speed_notebooks"]["target met"] == "no data"
    assert "Re-run on" in merged and "speed_notebooks with `python bench/run.py" in merged


def test_only_refuses_to_mix_quick_rows_into_a_full_run(tmp_path):
    meta = {
        "command": "python bench/run.py",
        "date": "2026-01-01T00:00:00+00:00",
        "mode": "full",
        "machine": report.machine_info(),
        "load_start": 0.0,
        "load_end": 0.0,
        "seconds": 1.0,
    }
    fake = Result("vae", "quality", "VAE", "2-d 150.0", "a", "s", "no", "c", "1 ep")
    out = tmp_path / "B.md"
    out.write_text(report.render([fake], meta), encoding="utf-8")
    proc = run_bench("--quick", "--only", "vae", "--out", out)
    assert proc.returncode == 2 and "refusing to merge" in proc.stderr
    assert report.load(out)[1][0].figure == "2-d 150.0"


def test_quick_mode_does_not_default_to_the_committed_file():
    from bench.run import DEFAULT_OUT

    assert DEFAULT_OUT["full"] == ROOT / "BENCHMARKS.md"
    assert DEFAULT_OUT["quick"] != DEFAULT_OUT["full"]
    assert DEFAULT_OUT["quick"].parent == ROOT / "build"


def test_unknown_benchmark_name_is_refused():
    proc = run_bench("--only", "no_such_row", "--out", "/dev/null")
    assert proc.returncode == 2 and "unknown ['no_such_row']" in proc.stderr


def test_every_benchmark_has_an_anchor():
    from bench.run import BENCHMARKS

    assert set(BENCHMARKS) == set(ANCHORS)


def test_plain_keras_references_have_the_factories_parameter_counts():
    from bench.speed import pairs

    for name, (factory, plain, _) in pairs().items():
        assert factory().count_params() == plain().count_params(), name


def test_runner_timings_are_read_per_mode_without_solutions_or_unrun_notebooks(tmp_path):
    rows = [("01_a", "ok", 3.0), ("02_b", "FAILED", 9.5), ("03_c", "not run", 0.0)]
    q = fake_runner_output(tmp_path / "q", True, rows, [("01_a_solutions", "ok", 4.0)])
    found = notebooks.collect([q.parent, tmp_path / "missing"])
    assert found["full"] == {}
    assert {k: v[:2] for k, v in found["quick"].items()} == {
        "01_a": ("ok", 3.0),
        "02_b": ("FAILED", 9.5),
    }
    # a runner's index.html stands for the timings.json beside it
    assert notebooks.collect([q.with_name("index.html")]) == found
