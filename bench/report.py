"""bench/results.json (the raw results of every row, with the run that produced it) and
BENCHMARKS.md, which is rendered from it alone.

results.json holds ``runs`` (command, date, mode, machine, load, seconds of each run that still
owns a row) and ``rows``: for the default mode ("full") and the long mode ("long"), one result per
benchmark with the id of its run. A run of every benchmark replaces the rows of its mode; a run
with ``--only`` replaces the rows it ran and keeps the replaced result inside the new one
(``replaced``), so both values stay visible. Rows of the other mode are kept as they are, and the
report says of every row that does not come from the newest full run when and how it was
measured.
"""

import dataclasses
import datetime
import json
import os
import platform
from pathlib import Path

from bench.anchors import ANCHORS, SOURCES
from bench.common import MET_WORDS, Result

FORMAT = 1
STATED_BUDGET = {
    "full": "about 45 minutes on 2 uncontended CPU cores",
    "long": "up to about an hour per row on 2 uncontended CPU cores",
}
QUICK_BUDGET = "a minute or two on 2 free cores (every code path on tiny data; not a result)"
MODE_LABEL = {"full": "default", "long": "long"}


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info():
    """Platform, CPU, cores, library versions, GPU: facts printed in the report."""
    import keras
    import numpy
    import sklearn
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": _cpu_model(),
        "cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "versions": f"TensorFlow {tf.__version__}, Keras {keras.__version__} "
        f"(backend {keras.backend.backend()}), scikit-learn {sklearn.__version__}, "
        f"numpy {numpy.__version__}",
        "gpu": ", ".join(g.name for g in gpus) if gpus else "none (CPU only)",
    }


def load_average():
    """The 1-minute load average, or None where the OS has none."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def now():
    """Local date and time with its UTC offset."""
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------------
# results.json


def empty_store(kind):
    """A store with no runs. ``kind`` "full" is bench/results.json; "quick" is the tests' store
    under build/. Both hold rows of the default mode ("full") and of the long mode ("long")."""
    return {"format": FORMAT, "kind": kind, "runs": [], "rows": {}}


def load_store(path, kind):
    """The store at ``path``, or an empty one of ``kind`` when the file does not exist."""
    path = Path(path)
    if not path.is_file():
        return empty_store(kind)
    store = json.loads(path.read_text(encoding="utf-8"))
    if store.get("format") != FORMAT:
        raise ValueError(f"{path}: format {store.get('format')!r}, expected {FORMAT}")
    return store


def save_store(store, path):
    """Write the store as indented JSON (stable key order, so diffs stay readable)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(store, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def result_to_row(result, run_id):
    """A Result as a results.json row owned by run ``run_id``."""
    row = dataclasses.asdict(result)
    row.pop("run", None)
    row["run_id"] = run_id
    row["replaced"] = []
    return row


def row_to_result(row):
    """A results.json row back as a Result (the bookkeeping keys dropped)."""
    fields = {f.name for f in dataclasses.fields(Result)}
    return Result(**{k: v for k, v in row.items() if k in fields})


def _summary_of(row, run):
    """What is kept of a replaced row: its figure, verdict, budget and the run that made it."""
    keep = ("figure", "met", "comment", "budget", "seconds")
    return {**{k: row[k] for k in keep}, "run": run}


def add_run(store, run, results, only):
    """Record ``run`` (a dict without id) and its results in ``store``; returns the run id.

    ``only`` False: the run covers every benchmark of its mode, so the rows of that mode are
    replaced (and rows it did not produce, like an unmeasured notebook row, are kept from
    before). ``only`` True: only the rows it ran are replaced, each keeping the replaced result
    in ``replaced``.
    """
    run_id = 1 + max((r["id"] for r in store["runs"]), default=0)
    run = {**run, "id": run_id}
    store["runs"].append(run)
    rows = store["rows"].setdefault(run["mode"], {})
    runs = {r["id"]: r for r in store["runs"]}
    for result in results:
        new = result_to_row(result, run_id)
        old = rows.get(result.name)
        if only and old is not None:
            old_run = runs.get(old["run_id"], {})
            brief = {k: old_run.get(k) for k in ("command", "date", "mode")}
            new["replaced"] = [_summary_of(old, brief)] + old.get("replaced", [])
        rows[result.name] = new
    prune(store)
    return run_id


def prune(store):
    """Drop runs that no longer own a row."""
    used = {row["run_id"] for mode in store["rows"].values() for row in mode.values()}
    store["runs"] = [r for r in store["runs"] if r["id"] in used]


def base_run(store, mode="full"):
    """The newest run of ``mode`` that ran every benchmark (not --only), or None."""
    runs = [r for r in store["runs"] if r["mode"] == mode and not r.get("only")]
    return max(runs, key=lambda r: r["id"]) if runs else None


# ---------------------------------------------------------------------------------------------
# BENCHMARKS.md


def _cell(value):
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(rows):
    """A GitHub markdown table from a list of dicts (columns in first-seen order)."""
    if not rows:
        return ""
    cols = []
    for row in rows:
        cols += [c for c in row if c not in cols]
    lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(_cell(row.get(c, "")) for c in cols) + " |" for row in rows]
    return "\n".join(lines)


def ordered_names(names):
    """Benchmark names in the order of anchors.ANCHORS, unknown names last."""
    order = {name: i for i, name in enumerate(ANCHORS)}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))


def _minutes(seconds):
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def _run_ref(run):
    return f"`{run['command']}` on {run['date']}"


def summary_rows(store):
    """The summary table: one row per benchmark and mode (default first, then long)."""
    runs = {r["id"]: r for r in store["runs"]}
    base = base_run(store)
    out = []
    modes = [m for m in ("full", "long") if m in store["rows"]]
    names = ordered_names({n for m in modes for n in store["rows"][m]})
    for i, name in enumerate(names, 1):
        for mode in modes:
            row = store["rows"][mode].get(name)
            if row is None:
                continue
            run = runs[row["run_id"]]
            figure = row["figure"]
            if row.get("replaced"):
                figure += f" (rerun; before: {row['replaced'][0]['figure']})"
            when = MODE_LABEL[mode]
            if base is None or row["run_id"] != base["id"]:
                when += f", {run['date'][:10]}"
            a = ANCHORS.get(name)
            out.append(
                {
                    "#": f"{i}" if mode != "long" else f"{i}L",
                    "benchmark": f"{row['title']} (`{name}`)",
                    "aekeras": figure,
                    "anchor": f"{a.figure} {a.footnotes}" if a else row["anchor"],
                    "met": row["met"],
                    "run": f"{when}, {_minutes(row['seconds'])}",
                }
            )
    return out


def render(store, advice=()):
    """The whole BENCHMARKS.md, from the store alone."""
    runs = {r["id"]: r for r in store["runs"]}
    base = base_run(store)
    all_rows = [(m, row) for m, rows in store["rows"].items() for row in rows.values()]
    counts = {w: sum(row["met"] == w for _, row in all_rows) for w in MET_WORDS}
    lines = ["# aekeras benchmarks", ""]
    if store["kind"] == "quick":
        lines += [f"**Quick mode: {QUICK_BUDGET}.**", ""]
    lines += [
        "Generated by `bench/run.py` from "
        + ("its results file under build/" if store["kind"] == "quick" else "`bench/results.json`")
        + "; do not edit by hand. Each row "
        "compares an aekeras figure with a published one (footnotes give the sources and how "
        "far each was checked). *met* is decided by the functions in `bench/verdicts.py`, "
        'strictly: a target of "<= anchor" is met at or below the anchor, never within a '
        "tolerance.",
        "",
    ]
    if base:
        lines.append(
            f"Default rows: {_run_ref(base)}. Rows marked with a date come from another run "
            "(listed under *Runs*); *L* rows come from `--long`."
        )
    lines += [
        "",
        "Verdicts: " + ", ".join(f"{w}: {n}" for w, n in counts.items() if n) + ".",
        "",
        "## Summary",
        "",
        table(summary_rows(store)),
        "",
    ]
    if advice:
        lines += ["## What this means for you", ""]
        lines += [f"- {a}" for a in advice]
        lines.append("")
    lines += _machine_section(store, base)
    for group in ("quality", "speed"):
        if not any(row["group"] == group for _, row in all_rows):
            continue
        lines += [f"## {group.capitalize()} details", ""]
        for name in ordered_names({n for _, row in all_rows for n in [row["name"]]}):
            for mode in ("full", "long"):
                row = store["rows"].get(mode, {}).get(name)
                if row is None or row["group"] != group:
                    continue
                lines += _detail(row, mode, runs)
    lines += ["## Sources", ""]
    for ref, (source, checked) in SOURCES.items():
        lines += [f"[^{ref}]: {source}. {checked[0].upper()}{checked[1:]}.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _machine_section(store, base):
    runs = sorted(store["runs"], key=lambda r: r["id"])
    lines = ["## Machine and runs", ""]
    machine = (base or (runs[-1] if runs else {})).get("machine")
    if machine:
        lines += [
            f"- Machine: {machine['platform']}; CPU {machine['cpu']}; {machine['cores']}",
            f"- Software: Python {machine['python']}; {machine['versions']}",
            f"- GPU: {machine['gpu']}. No GPU is available to this project at present, so every "
            "figure here, speed and quality, is a CPU figure; GPU timings are not measured.",
        ]
    lines += [
        "- Threads: TensorFlow's default pools; numpy/scipy/scikit-learn BLAS limited to 1 "
        "thread (busy-waiting OpenBLAS threads slow scikit-learn badly on a shared CPU)",
        "- CPU load: a 1-minute load average above the number of cores means other work shared "
        "the CPU during the run and slowed every timing; speed rows compare models timed "
        "interleaved in the same run, so their ratios hold up better than their seconds.",
        "",
        "### Runs",
        "",
    ]
    for r in runs:
        rows = [
            n for m in store["rows"].values() for n, row in m.items() if row["run_id"] == r["id"]
        ]
        lines.append(
            f"- Run {r['id']} ({MODE_LABEL[r['mode']]} mode): `{r['command']}`, {r['date']}, "
            f"{r['seconds'] / 60:.1f} min wall, {r['cpu_seconds'] / 60:.1f} min CPU; load "
            f"average {r['load'][0]} at start, {r['load'][1]} at end; stated budget "
            f"{QUICK_BUDGET if r.get('quick') else STATED_BUDGET[r['mode']]}; rows: "
            f"{', '.join(ordered_names(rows))}"
        )
    lines.append("")
    return lines


def _detail(row, mode, runs):
    run = runs[row["run_id"]]
    head = f"### {row['title']} (`{row['name']}`)"
    if mode == "long":
        head += ", long mode"
    lines = [head, ""]
    lines.append(f"- Verdict: **{row['met']}**: {row['comment']}")
    lines += [f"- {note}" for note in row["notes"]]
    lines.append(f"- Budget: {row['budget']}")
    lines.append(
        f"- Run {run['id']}: {_run_ref(run)}, {row['seconds']:.0f} s wall, "
        f"{row.get('cpu_seconds', 0):.0f} s CPU"
    )
    for old in row.get("replaced", []):
        lines.append(
            f"- Replaced value: {old['figure']} (met: {old['met']}) from "
            f"`{old['run']['command']}` on {old['run']['date']}"
        )
    lines += ["", table(row["details"]), ""]
    return lines
