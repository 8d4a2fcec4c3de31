"""Per-notebook run times, quick and full, from the course runner (tools/run_course.py).

The runner writes ``<out>/index.html`` with its mode ("Режим: быстрый" / "полный") and a table
of seconds per notebook. This module reads every such file under build/ (or the files given
with --notebook-timings) and, with ``--notebooks``, first runs the course in both modes into
build/bench-course-quick and build/bench-course-full.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

from bench.common import make_result

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r'<tr><td><a href="[^"]+">([^<]+)</a></td><td>([^<]+)</td><td>([0-9.]+)</td></tr>')
QUICK_LIMIT, FULL_LIMIT = 120.0, 600.0


def parse_index(path):
    """(mode, {notebook: (status, seconds)}, mtime) from a runner's index.html."""
    text = Path(path).read_text(encoding="utf-8")
    mode = "quick" if "быстрый" in text else "full"
    rows = {name: (status, float(secs)) for name, status, secs in ROW.findall(text)}
    return mode, rows, Path(path).stat().st_mtime


def collect(paths):
    """Newest time per (mode, notebook) over the given index.html files (or folders)."""
    found = {"quick": {}, "full": {}}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        mode, rows, mtime = parse_index(path)
        for name, (status, secs) in rows.items():
            old = found[mode].get(name)
            if old is None or mtime > old[2]:
                found[mode][name] = (
                    status,
                    secs,
                    mtime,
                    str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
                )
    return found


def run_course():
    """Run the course in quick and in full mode; returns the two index.html paths."""
    out = []
    for mode in ("quick", "full"):
        folder = ROOT / "build" / f"bench-course-{mode}"
        cmd = [sys.executable, str(ROOT / "tools" / "run_course.py"), "--out", str(folder)]
        if mode == "quick":
            cmd.append("--quick")
        print(f"  running the course ({mode}): {' '.join(cmd)}", flush=True)
        subprocess.run(cmd, cwd=ROOT, check=False)
        out.append(folder / "index.html")
    return out


def speed_notebooks(s, timing_paths=None, run=False):
    """Per-notebook quick and full times; 'no data' when the runner has not been run."""
    start = time.perf_counter()
    paths = list(timing_paths or sorted((ROOT / "build").glob("*/index.html")))
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
        "both modes), or point --notebook-timings at a runner's index.html"
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
