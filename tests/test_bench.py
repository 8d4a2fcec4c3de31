"""The benchmark command (bench/run.py) in quick mode: one row per benchmark, numeric figures,
anchors with their sources, results.json as the only input of BENCHMARKS.md, --only merging that
keeps the replaced value, the notebook row measured only when asked, and the plain-Keras
references matching the factories.

Properties only: no figure is compared with a value, and nothing is timed.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import notebooks, report
from bench.anchors import ANCHORS, SOURCES
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


def name_of(row):
    return re.search(r"`(\w+)`", row["benchmark"]).group(1)


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
    """One quick run of every benchmark into a temporary store (the slow part of this module)."""
    tmp = tmp_path_factory.mktemp("bench")
    quick = fake_runner_output(tmp / "q", True, [("02_dense_ae", "ok", 12.5)])
    full = fake_runner_output(tmp / "f", False, [("02_dense_ae", "ok", 58.1)])
    out, results = tmp / "BENCHMARKS.md", tmp / "results.json"
    proc = run_bench(
        "--quick", "--out", out, "--results", results, "--notebook-timings", quick, full
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out, results, out.read_text(encoding="utf-8")


def test_quick_run_has_one_row_per_benchmark_in_anchor_order(quick_run):
    _, _, md = quick_run
    rows = summary(md)
    assert [name_of(r) for r in rows] == list(ANCHORS)
    assert [r["#"] for r in rows] == [str(i) for i in range(1, len(ANCHORS) + 1)]


def test_every_row_has_a_number_an_anchor_with_its_source_and_a_verdict(quick_run):
    _, _, md = quick_run
    for row in summary(md):
        name = name_of(row)
        assert NUMBER.search(row["aekeras"]), f"{name}: no number in {row['aekeras']!r}"
        assert not row["aekeras"].startswith("FAILED"), f"{name} crashed"
        a = ANCHORS[name]
        assert row["anchor"] == f"{a.figure} {a.footnotes}"
        for ref in a.refs:
            source, checked = SOURCES[ref]
            assert f"[^{ref}]: {source}. {checked[0].upper()}{checked[1:]}." in md
        assert row["met"] in MET_WORDS
        assert NUMBER.search(row["run"]), name


def test_no_wording_points_outside_the_repository(quick_run):
    _, _, md = quick_run
    for word in ("issue", "DESIGN.md"):
        assert word not in md, word


def test_machine_section_states_machine_runs_and_the_missing_gpu(quick_run):
    out, _, md = quick_run
    assert "## Machine and runs" in md
    machine = re.search(r"- Machine: (.*)", md).group(1)
    assert "CPU" in machine and "logical" in machine
    assert "No GPU is available to this project" in md
    assert re.search(r"TensorFlow \d+\.\d+.*Keras \d+\.\d+", md)
    assert f"`python bench/run.py --quick --out {out}" in md
    assert re.search(r"Run 1 \(default mode\).*\d{4}-\d\d-\d\dT\d\d:\d\d", md)


def test_the_markdown_is_rendered_from_results_json_alone(quick_run, tmp_path):
    _, results, md = quick_run
    store = json.loads(results.read_text(encoding="utf-8"))
    assert store["kind"] == "quick" and set(store["rows"]["full"]) == set(ANCHORS)
    assert "bench-data" not in md  # no JSON inside the markdown
    again = tmp_path / "again.md"
    proc = run_bench("--quick", "--render", "--results", results, "--out", again)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert again.read_text(encoding="utf-8") == md


def test_notebook_row_reads_the_given_runner_output_and_says_when(quick_run):
    _, _, md = quick_run
    row = next(r for r in summary(md) if name_of(r) == "speed_notebooks")
    assert "1 quick (max 12 s) / 1 full (max 58 s)" in row["aekeras"]
    details = md.split("(`speed_notebooks`)")[-1]
    assert re.search(r"\| 02_dense_ae \| 12\.5 \| 58\.1 \|", details)
    assert re.search(r"quick mode, written \d{4}-\d\d-\d\d \d\d:\d\d on ", details)


def test_only_reruns_some_rows_keeps_the_others_and_both_values(quick_run, tmp_path):
    _, results, md = quick_run
    copy = tmp_path / "results.json"
    copy.write_text(results.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "B.md"
    empty = fake_runner_output(tmp_path / "none", True, [])
    proc = run_bench(
        "--quick", "--only", "speed_notebooks", "--results", copy, "--out", out,
        "--notebook-timings", empty,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    merged = out.read_text(encoding="utf-8")
    rows = {name_of(r): r for r in summary(merged)}
    old = {name_of(r): r for r in summary(md)}
    assert list(rows) == list(ANCHORS)
    assert rows["vae"] == old["vae"]
    assert rows["speed_notebooks"]["met"] == "no data"
    assert "before: 1 quick (max 12 s) / 1 full (max 58 s)" in rows["speed_notebooks"]["aekeras"]
    assert re.search(r"default, \d{4}-\d\d-\d\d", rows["speed_notebooks"]["run"])
    assert "Replaced value: 1 quick (max 12 s)" in merged
    store = json.loads(copy.read_text(encoding="utf-8"))
    assert len(store["runs"]) == 2
    assert store["rows"]["full"]["speed_notebooks"]["run_id"] == 2
    assert store["rows"]["full"]["vae"]["run_id"] == 1


def test_notebook_row_is_kept_not_reread_when_not_asked(quick_run, tmp_path):
    _, results, md = quick_run
    copy = tmp_path / "results.json"
    copy.write_text(results.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "B.md"
    proc = run_bench("--quick", "--only", "speed_notebooks", "--results", copy, "--out", out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "not measured in this run" in proc.stdout
    rows = {name_of(r): r for r in summary(out.read_text(encoding="utf-8"))}
    assert rows["speed_notebooks"] == {name_of(r): r for r in summary(md)}["speed_notebooks"]


def test_long_rows_sit_beside_the_default_ones(quick_run, tmp_path):
    _, results, _ = quick_run
    copy = tmp_path / "results.json"
    copy.write_text(results.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "B.md"
    proc = run_bench("--quick", "--long", "--only", "deep_ae", "--results", copy, "--out", out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = summary(out.read_text(encoding="utf-8"))
    deep = [r for r in rows if name_of(r) == "deep_ae"]
    assert [r["#"] for r in deep] == ["3", "3L"]
    assert deep[1]["run"].startswith("long, ")


def test_long_accepts_only_rows_with_a_long_recipe():
    proc = run_bench("--quick", "--long", "--only", "kl_sparse", "--out", "/dev/null")
    assert proc.returncode == 2 and "with a long recipe" in proc.stderr


def test_only_refuses_to_mix_quick_rows_into_a_full_store(tmp_path):
    store = report.empty_store("full")
    results = tmp_path / "results.json"
    report.save_store(store, results)
    proc = run_bench("--quick", "--only", "vae", "--results", results, "--out", tmp_path / "B.md")
    assert proc.returncode == 2 and "refusing to mix" in proc.stderr


def test_quick_mode_does_not_default_to_the_committed_files():
    from bench.run import DEFAULT_OUT, DEFAULT_RESULTS

    assert DEFAULT_OUT["full"] == ROOT / "BENCHMARKS.md"
    assert DEFAULT_RESULTS["full"] == ROOT / "bench" / "results.json"
    for paths in (DEFAULT_OUT, DEFAULT_RESULTS):
        assert paths["quick"].parent == ROOT / "build"


def test_unknown_benchmark_name_is_refused():
    proc = run_bench("--only", "no_such_row", "--out", "/dev/null")
    assert proc.returncode == 2 and "unknown" in proc.stderr and "no_such_row" in proc.stderr


def test_every_benchmark_has_an_anchor():
    from bench.run import BENCHMARKS

    assert set(BENCHMARKS) == set(ANCHORS)


def test_add_run_replaces_a_whole_mode_but_keeps_history_only_for_only_runs():
    store = report.empty_store("full")

    def result(name, figure):
        return Result(name, "quality", name, figure, "a", "s", "yes", "c", "1 ep")

    run = {"command": "c", "date": "d", "mode": "full", "load": [0, 0], "seconds": 1}
    report.add_run(store, run, [result("vae", "1"), result("deep_ae", "2")], only=False)
    report.add_run(store, run, [result("vae", "3")], only=True)
    assert store["rows"]["full"]["vae"]["replaced"][0]["figure"] == "1"
    report.add_run(store, run, [result("vae", "4"), result("deep_ae", "5")], only=False)
    assert store["rows"]["full"]["vae"]["replaced"] == []
    assert [r["id"] for r in store["runs"]] == [3]  # runs owning no row are dropped


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
