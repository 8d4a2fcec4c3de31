"""The benchmark command (bench/run.py) in quick mode: one line per benchmark, numeric figures,
anchors with their sources, results.json as the only input of BENCHMARKS.md, --only merging that
keeps the replaced value, --merge of another run's rows, the notebook row measured only when
asked, and the plain-Keras references matching the factories.

Properties only: no figure is compared with a value, and nothing is timed.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench import notebooks, report
from bench.anchors import ANCHORS, SOURCES
from bench.verdicts import MET_WORDS

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
        cell = row["default mode"]
        assert NUMBER.search(cell), f"{name}: no number in {cell!r}"
        assert not cell.startswith("FAILED"), f"{name} crashed"
        assert re.search(r"\[(yes|level|no|n/a|no data); 1 run, \d+ s, CPU, \d{4}-", cell), cell
        a = ANCHORS[name]
        assert row["anchor"] == f"{a.figure} {a.footnotes}"
        for ref in a.refs:
            source, checked = SOURCES[ref]
            assert f"[^{ref}]: {source}. {checked[0].upper()}{checked[1:]}." in md
        assert row["met"] in MET_WORDS


def test_only_sources_of_rows_shown_become_footnotes(quick_run):
    _, _, md = quick_run
    shown = {ref for a in ANCHORS.values() for ref in a.refs}
    assert {ref for ref in SOURCES if f"[^{ref}]:" in md} == shown


def test_no_wording_points_outside_the_repository(quick_run):
    _, _, md = quick_run
    # no issue, no numbered ticket, no path that leaves the repository
    assert not re.search(r"\bissues?\b|#\d+|\.\./", md, re.I)


def test_machine_section_states_machine_and_runs(quick_run):
    out, _, md = quick_run
    runs = md.split("## Machines and runs", 1)[1]
    assert re.search(
        r"Run 1 \(default mode\): `python bench/run.py --quick --out " + re.escape(str(out)), runs
    )
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", runs)
    assert re.search(r"CPU .*logical.*; GPU none \(CPU only\)", runs)
    assert re.search(r"Keras [\d.]+ on tensorflow [\d.]+", runs)


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
    assert "1 quick (max 12 s), 1 full (max 58 s)" in row["default mode"]
    details = md.split("(`speed_notebooks`)")[-1]
    assert re.search(r"\| 02_dense_ae \| 12\.5 \| 58\.1 \|", details)
    assert re.search(r"q/timings.json \(quick mode, \d{4}-\d\d-\d\d \d\d:\d\d, ", details)


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
    cell = rows["speed_notebooks"]["default mode"]
    assert "before: 1 quick (max 12 s), 1 full (max 58 s)" in cell
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


def test_long_rows_sit_beside_the_default_ones_and_decide(quick_run, tmp_path):
    _, results, _ = quick_run
    copy = tmp_path / "results.json"
    copy.write_text(results.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "B.md"
    proc = run_bench("--quick", "--long", "--only", "deep_ae", "--results", copy, "--out", out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = summary(out.read_text(encoding="utf-8"))
    assert len(rows) == len(ANCHORS)  # one line per benchmark, long or not
    deep = next(r for r in rows if name_of(r) == "deep_ae")
    assert NUMBER.search(deep["long recipe"]) and deep["met"].endswith("(long)")
    store = json.loads(copy.read_text(encoding="utf-8"))
    run = store["runs"][-1]
    assert run["mode"] == "long" and set(store["rows"]["long"]) == {"deep_ae"}
    assert "logistic | test" in store["rows"]["long"]["deep_ae"]["runs"][0]


def test_merge_adds_another_runs_rows(tmp_path):
    def store_with(name, mode, gpu):
        store = report.empty_store("full")
        run = {"command": "c", "date": "2026-01-01T00:00:00", "mode": mode, "load": [0, 0],
               "seconds": 1, "cpu_seconds": 1, "machine": {"gpu": gpu}}  # fmt: skip
        row = {"name": name, "seeds": [0, 1], "runs": [{"chosen | test": 3.1}] * 2, "seconds": 5}
        report.add_run(store, run, {name: row}, only=False)
        return store

    cpu = store_with("deep_ae", "full", "none (CPU only)")
    report.merge(cpu, store_with("deep_ae", "long", "NVIDIA H200"))
    (line,) = report.summary_rows(cpu)
    assert "GPU NVIDIA H200" in line["long recipe"] and "CPU" in line["default mode"]
    assert line["met"] == "no (long)"


def test_merging_the_same_run_twice_changes_nothing():
    store = report.empty_store("full")
    run = {"command": "c", "date": "2026-01-01T00:00:00", "mode": "long", "load": [0, 0],
           "seconds": 1, "cpu_seconds": 1, "machine": {"gpu": "none (CPU only)"}}  # fmt: skip
    row = {"name": "deep_ae", "seeds": [0], "runs": [{"chosen | test": 3.1}], "seconds": 5}
    other = report.empty_store("full")
    report.add_run(other, run, {"deep_ae": row}, only=False)
    report.merge(store, other)
    once = json.loads(json.dumps(store))
    report.merge(store, other)
    assert store == once and store["rows"]["long"]["deep_ae"]["replaced"] == []


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


def test_add_run_keeps_history_only_for_only_runs():
    store = report.empty_store("full")

    def row(name, value):
        return {
            name: {"name": name, "seeds": [0], "runs": [{"chosen | test": value}], "seconds": 1}
        }

    run = {"command": "c", "date": "d", "mode": "full", "load": [0, 0], "seconds": 1}
    report.add_run(store, run, {**row("deep_ae", 1.0), **row("vae", 2.0)}, only=False)
    report.add_run(store, run, row("deep_ae", 3.0), only=True)
    assert store["rows"]["full"]["deep_ae"]["replaced"][0]["figure"].startswith("per test image 1")
    report.add_run(store, run, {**row("deep_ae", 4.0), **row("vae", 5.0)}, only=False)
    assert store["rows"]["full"]["deep_ae"]["replaced"] == []
    assert [r["id"] for r in store["runs"]] == [3]  # runs owning no row are dropped


def test_plain_keras_references_have_the_factories_parameter_counts():
    from bench.speed import pairs

    for name, (factory, plain, _) in pairs().items():
        assert factory().count_params() == plain().count_params(), name


def test_the_denoising_rows_conv_rebuilds_match_the_judged_factory_layer_for_layer():
    import aekeras as ae
    from bench import reference

    _, decoder, maps = ae.create_conv_ae(filters=(32, 32), encoding_dim=None)
    for rebuilt in (reference.blog_conv_denoiser(), reference.conv_maps_transposed()):
        assert rebuilt.count_params() == maps.count_params() == 28353
    kinds = [type(layer).__name__ for layer in reference.conv_maps_transposed().layers]
    assert kinds.count("Conv2DTranspose") == 2 and "UpSampling2D" not in kinds
    factory_kinds = [type(layer).__name__ for layer in decoder.layers]
    blog_kinds = [type(layer).__name__ for layer in reference.blog_conv_denoiser().layers]
    # the factory upsamples before it convolves, the blog convolves before it upsamples
    assert factory_kinds[1:3] == ["UpSampling2D", "Conv2D"]
    assert blog_kinds[5:7] == ["Conv2D", "UpSampling2D"]


def test_the_rebuilt_kerasio_vae_has_the_factorys_layers_and_sums_its_loss_over_pixels():
    import aekeras as ae
    from bench import reference

    rebuilt, (encoder, decoder, vae) = reference.kerasio_vae(seed=0), ae.create_conv_vae()
    assert rebuilt.count_params() == vae.count_params()

    def kinds(model):
        return [
            type(layer).__name__ for layer in model.layers if type(layer).__name__ != "Sampling"
        ]

    assert kinds(rebuilt.encoder) == kinds(encoder) and kinds(rebuilt.decoder) == kinds(decoder)
    rng = np.random.default_rng(0)
    x = rng.random((3, 28, 28, 1)).astype("float32")
    recon = rng.uniform(0.1, 0.9, (3, 28, 28, 1)).astype("float32")
    z_mean, z_log_var = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    bce = -(x * np.log(recon) + (1 - x) * np.log(1 - recon)).sum(axis=(1, 2, 3))
    kl = -0.5 * (1 + z_log_var - z_mean**2 - np.exp(z_log_var)).sum(axis=1)
    loss = rebuilt.compute_loss(
        x=x, y_pred=(recon, (z_mean.astype("float32"), z_log_var.astype("float32")))
    )
    assert float(loss) == pytest.approx(np.mean(bce + kl), rel=1e-4)


def test_the_papers_tied_k_sparse_net_decodes_with_the_encoders_kernel_transposed():
    import keras

    from bench import reference

    encoder, model = reference.k_sparse_tied(code=30, k=4, alpha=2.0)
    paths = sorted(w.path for w in model.trainable_weights)
    assert paths == ["dense_transpose/bias", "linear_code/bias", "linear_code/kernel"]
    assert model.count_params() == 784 * 30 + 30 + 784  # the untied factory adds 30 * 784
    kernel = model.get_layer("linear_code").kernel
    bias = model.get_layer("dense_transpose").bias
    bias.assign(np.linspace(-1, 1, 784).astype("float32"))
    x = np.random.default_rng(0).random((5, 28, 28, 1)).astype("float32")
    codes = np.asarray(encoder(x, training=False))
    assert ((codes != 0).sum(axis=1) == 8).all()  # alpha * k at inference
    expected = codes @ keras.ops.convert_to_numpy(kernel).T + keras.ops.convert_to_numpy(bias)
    np.testing.assert_allclose(model.predict(x, verbose=0).reshape(5, -1), expected, atol=1e-5)


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


def test_settings_pick_one_convention_for_quick_full_and_long():
    from bench.common import Settings

    sizes = dict(quick={"n": 1}, full={"n": 2}, long={"n": 3})
    assert [Settings(m).pick(**sizes)["n"] for m in ("quick", "full", "long")] == [1, 2, 3]
    assert Settings("long").pick(quick={"n": 1}, full={"n": 2}) == {"n": 2}  # long -> full
    s = Settings("quick", long=True)  # the long code paths at quick sizes
    assert s.long and s.pick(**sizes) == {"n": 1} and s.sizes == {"n": 1}
    assert Settings("quick").seeds == (0,) and Settings("full").seeds == (0, 1, 2)
    assert Settings("full", (5,)).seeds == (5,)


def test_rho_hat_summary_counts_the_band_edges_as_within():
    from bench.rows.sparse import _rho_hat

    got = _rho_hat("k", 0.1, np.array([0.08, 0.1, 0.12, 0.1201]))
    assert got == pytest.approx(
        {"k | min": 0.08, "k | median": 0.11, "k | max": 0.1201, "k | within 20% %": 0.75}
    )


def test_no_committed_row_lists_its_own_run_among_the_values_it_replaced():
    store = report.load_store(ROOT / "bench" / "results.json", "full")
    stamp = {run["id"]: (run["command"], run["date"]) for run in store["runs"]}
    for rows in store["rows"].values():
        for name, row in rows.items():
            earlier = [(old["run"]["command"], old["run"]["date"]) for old in row["replaced"]]
            assert stamp[row["run_id"]] not in earlier, name
