"""Per-notebook run times, quick and full, from the course runner (tools/run_course.py).

The runner writes ``<out>/timings.json`` with its mode ("quick" / "full"), the date, the
machine, and the status and seconds of every notebook. This module reads every such file under
build/ (or the files given with --notebook-timings) and, with ``--notebooks``, first runs the
course in both modes into build/bench-course-quick and build/bench-course-full.
"""

import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from bench.common import make_result

ROOT = Path(__file__).resolve().parent.parent
QUICK_LIMIT, FULL_LIMIT = 120.0, 600.0


def timings_file(path):
    """The runner's timings.json for a folder, an index.html beside it, or the file itself."""
    path = Path(path)
    if path.is_dir():
        return path / "timings.json"
    return path if path.suffix == ".json" else path.with_name("timings.json")


def parse_timings(path):
    """(mode, {notebook: (status, seconds)}, date) from a runner's timings.json.

    Solutions are left out (the limits are about what the class runs), and so are notebooks
    that a stopped run never reached (status "not run").
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = {
        nb["name"]: (nb["status"], float(nb["seconds"]))
        for nb in data["notebooks"]
        if nb.get("kind", "notebook") == "notebook" and nb["status"] != "not run"
    }
    return data["mode"], rows, datetime.fromisoformat(data["date"]).timestamp()


def collect(paths):
    """Newest time per (mode, notebook) over the given timings.json files (or folders)."""
    found = {"quick": {}, "full": {}}
    for path in map(timings_file, paths):
        if not path.is_file():
            continue
        mode, rows, when = parse_timings(path)
        for name, (status, secs) in rows.items():
            old = found[mode].get(name)
            if old is None or when > old[2]:
                found[mode][name] = (
                    status,
                    secs,
                    when,
                    str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
                )
    return found


def run_course():
    """Run the course in quick and in full mode; returns the two timings.json paths."""
    out = []
    for mode in ("quick", "full"):
        folder = ROOT / "build" / f"bench-course-{mode}"
        cmd = [sys.executable, str(ROOT / "tools" / "run_course.py"), "--out", str(folder)]
        cmd.append("--no-solutions")  # only the notebooks' times are reported
        if mode == "quick":
            cmd.append("--quick")
        print(f"  running the course ({mode}): {' '.join(cmd)}", flush=True)
        subprocess.run(cmd, cwd=ROOT, check=False)
        out.append(folder / "timings.json")
    return out


def speed_notebooks(s, timing_paths=None, run=False):
    """Per-notebook quick and full times; 'no data' when the runner has not been run."""
    start = time.perf_counter()
    paths = list(timing_paths or sorted((ROOT / "build").glob("*/timings.json")))
    if run:
        paths += run_course()
    found = collect(paths)
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    names = sorted(set(notebooks) | set(found["quick"]) | set(found["full"]))
    details, over, missing = [], [], []
    for name in names:
        row = {"notebook": name}
        for mode, limit in (("quick", QUICK_LIMIT), ("full", FULL_LIMIT)):
            entry = found[mode].get(name)
            if entry is None:
                row[f"{mode} s"] = "not timed"
                missing.append(f"{name} ({mode})")
                continue
            status, secs, _, src = entry
            row[f"{mode} s"] = f"{secs:.1f}" + ("" if status == "ok" else f" {status}")
            if secs > limit or status != "ok":
                over.append(f"{name} {mode} {secs:.0f} s {status}")
        details.append(row)
    timed = [(m, e) for m in ("quick", "full") for e in found[m].values()]
    how = (
        "python bench/run.py --only speed_notebooks --notebooks (runs tools/run_course.py in "
        "both modes), or point --notebook-timings at a runner's timings.json"
    )
    if not timed:
        fig, met = "no timings found", "no data"
        comment = f"no course-runner output under build/; get it with: {how}"
    else:
        q = [e[1] for e in found["quick"].values()]
        f = [e[1] for e in found["full"].values()]
        fig = (
            f"{len(q)} quick (max {max(q):.0f} s) / {len(f)} full (max {max(f):.0f} s)"
            if q and f
            else (
                f"{len(q)} quick, max {max(q):.0f} s" if q else f"{len(f)} full, max {max(f):.0f} s"
            )
        )
        met = "no" if over else "no data" if missing else "yes"
        comment = "timed ones within the limits" if not over else "over: " + "; ".join(over)
        if missing:
            comment += f"; not timed: {', '.join(missing)} (get them with: {how})"
    sources = sorted({e[3] for m in found.values() for e in m.values()})
    notes = [
        f"Limits: quick <= {QUICK_LIMIT:.0f} s, full <= {FULL_LIMIT:.0f} s per notebook. "
        f"Read from: {', '.join(sources) if sources else 'nothing yet'}. These times come from "
        "whichever machine ran the course, possibly while other work shared the CPU."
    ]
    secs = time.perf_counter() - start
    return make_result(
        "speed_notebooks", fig, met, comment, f"runner output, {secs:.0f} s", details, notes
    )
